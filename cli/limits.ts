/** The command's limits and defaults, in a module light enough for main.ts to load up front. */

/**
 * The most runs (seeds × designs) one sweep process takes: every task and result line is held in
 * memory. Bigger sweeps are split with --shard or into several ranges.
 */
export const MAX_RUNS = 200_000;

/** Runs `shrink` may spend by default (each is one simulated run of the scenario). */
export const DEFAULT_MAX_RUNS = 300;

/** Wall-clock seconds `shrink` may spend by default: a long schedule of a slow scenario ends here. */
export const DEFAULT_MAX_SHRINK_SECONDS = 600;

/** `serve`'s port when none is given (Jepsen's too); a free one is taken if it is in use. */
export const DEFAULT_PORT = 8080;

export const SCHEDULE_HELP = `
Fault schedules are JSON files: {"healAt": ns, "faults": [{"at": ns, "fault": kind, "targets": [...],
"duration": ns, "params": {...}}]}. The format, every fault kind and an example: docs/schedules.md
(README, "Fault schedules"). run --save-schedule writes a seed's own schedule to start from.`;

export const SHARD_HELP = `
Shards: --shard i/n runs the i-th of n blocks of the seed range. A shard fails (exit 1) only for
what it alone can decide: a safe design violated, or a crash. Whether each unsafe design was caught
needs every seed, so lockstep merge <summary.json...> judges it. --shard auto reads LOCKSTEP_SHARD
(i/n), GitLab's CI_NODE_INDEX/CI_NODE_TOTAL, or Kubernetes' JOB_COMPLETION_INDEX (0-based) with
auto/n or LOCKSTEP_SHARDS for the count. Recipes for GitHub Actions and Kubernetes: docs/ci.md.`;
