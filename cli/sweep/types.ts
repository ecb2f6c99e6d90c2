/** What a sweep passes around: one task per (scenario, design, seed), one result line each. */
import type { ViolationKind } from '../../checker/history.js';
import type { DeterminismMismatch } from '../determinism.js';

export interface SweepTask {
  scenario: string;
  design: string;
  seed: number;
  /** Where to write the run folder if the run is kept. */
  runDir: string;
  /** Keep the full run folder when the run finds a violation. */
  keepIfInvalid: boolean;
}

/** A run's result line: everything the sweep report needs, without the history or trace. */
export interface SweepResultLine {
  scenario: string;
  design: string;
  designKind: 'safe' | 'unsafe';
  seed: number;
  valid: boolean | 'unknown';
  /** Why the verdict is `unknown`: each validator that could not judge, as result.json of `run` says. */
  unknownBecause?: string[];
  kinds: ViolationKind[];
  /** How many violations the run found (kinds counts each kind once); absent in older summaries. */
  violations?: number;
  /** First violation's explanation, for the sweep report's tooltip. */
  firstViolation?: string;
  traceHash: string;
  wallMs: number;
  simTimeNs: number;
  /** Run folder (relative to the sweep's out dir) when the full run was kept. */
  report?: string;
  /** Set when the run crashed: the error message. */
  crashed?: string;
  /** For every run that was not clean: the command that rebuilds it exactly, folder and all. */
  repro?: string;
}

export interface SweepRow {
  scenario: string;
  design: string;
  designKind: 'safe' | 'unsafe';
  expectation: 'caught' | 'clean';
  expectKinds: ViolationKind[];
  seedsRun: number;
  violationsByKind: Partial<Record<ViolationKind, number>>;
  seedsWithViolations: number;
  met: boolean;
  /**
   * A shard's row of an unsafe design that no seed of the shard caught: only the seeds of every
   * shard together can say whether the design was caught, so `merge` decides, not the shard.
   */
  pending: boolean;
  firstCatch: number | null;
  catchFraction: number;
  slowest: { seed: number; wallMs: number } | null;
  worst: { seed: number; violations: number } | null;
  /** Every run that was not clean, with its repro command and its folder when it was kept. */
  failing: { seed: number; kinds: string[]; unknownBecause?: string[]; report: string | null; repro: string }[];
  crashes: { seed: number; error: string }[];
}

/** One shard as a merged summary remembers it. */
export interface ShardNote {
  shard: string;
  /** The seeds that shard ran ("26..50"). */
  seeds: string;
  runs: number;
  wallMs: number;
  /** Whether the shard itself passed (no safe design violated, no crash). */
  ok: boolean;
  /** The summary.json it came from, as given to merge. */
  from: string;
}

/** Which run folders a sweep kept, and how to have the others. */
export interface KeptFolders {
  kept: number;
  failing: number;
  rule: string;
}

export interface SweepSummary {
  /** The store name (one scenario, `all`, or names joined with +). */
  name?: string;
  /** The seeds this summary covers: a shard's own block ("26..50"), or the whole range. */
  seeds: string;
  /** The range the sweep was asked for, before sharding ("1..100"). */
  range?: string;
  /** "2/4" when this summary is one shard of a sweep. */
  shard?: string;
  /** The shards a merged summary joined. */
  shards?: ShardNote[];
  folders?: KeptFolders;
  /** With --check-determinism: how many runs were run twice, and every one whose hashes differed. */
  determinism?: { checked: number; mismatches: DeterminismMismatch[] };
  jobs: number;
  wallMs: number;
  rows: SweepRow[];
  /** Every result line, so that shards can be merged. */
  results: SweepResultLine[];
  /**
   * True when every row met its expectation; for a shard, when nothing the shard alone can
   * decide went wrong (no safe design violated, no crash).
   */
  ok: boolean;
}
