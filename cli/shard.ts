/**
 * Which shard of a sweep this machine runs: `--shard i/n`, or `--shard auto` (or `auto/n`) to read
 * the index from the variables CI systems set. Shards hold contiguous blocks of the seed range, so
 * each summary can say its own seeds in one range ("26..50") and rerunning them needs no shard.
 */
import { BadInputError } from './errors.js';

export interface Shard {
  index: number;
  count: number;
}

export const NO_SHARD: Shard = { index: 1, count: 1 };

function checked(index: number, count: number, what: string): Shard {
  if (!Number.isSafeInteger(count) || count < 1) throw new BadInputError(`${what}: the shard count must be a positive integer`);
  if (!Number.isSafeInteger(index) || index < 1 || index > count) throw new BadInputError(`${what}: the shard must be between 1 and ${count}, got ${index}`);
  return { index, count };
}

function intVar(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const v = env[name];
  if (v === undefined || v.trim() === '') return undefined;
  if (!/^\d+$/.test(v.trim())) throw new BadInputError(`--shard auto: ${name}="${v}" is not a whole number`);
  return Number(v.trim());
}

/**
 * `auto` reads, in order: LOCKSTEP_SHARD ("i/n"); GitLab's CI_NODE_INDEX (1-based) and
 * CI_NODE_TOTAL; Kubernetes Indexed Jobs' JOB_COMPLETION_INDEX (0-based), whose count Kubernetes
 * does not export, so it comes from `auto/n` or LOCKSTEP_SHARDS.
 */
export function shardFromEnv(countGiven: number | undefined, env: NodeJS.ProcessEnv): Shard {
  const named = env.LOCKSTEP_SHARD?.trim();
  if (named) return parseShard(named, env, 'LOCKSTEP_SHARD');
  const total = countGiven ?? intVar(env, 'CI_NODE_TOTAL') ?? intVar(env, 'LOCKSTEP_SHARDS');
  const gitlab = intVar(env, 'CI_NODE_INDEX');
  if (gitlab !== undefined) return checked(gitlab, total ?? NaN, `--shard auto (CI_NODE_INDEX=${gitlab})`);
  const k8s = intVar(env, 'JOB_COMPLETION_INDEX');
  if (k8s !== undefined) {
    if (total === undefined) throw new BadInputError('--shard auto: JOB_COMPLETION_INDEX is set but not the shard count; use --shard auto/<completions> or set LOCKSTEP_SHARDS');
    return checked(k8s + 1, total, `--shard auto (JOB_COMPLETION_INDEX=${k8s})`);
  }
  throw new BadInputError('--shard auto: none of LOCKSTEP_SHARD, CI_NODE_INDEX (GitLab) or JOB_COMPLETION_INDEX (Kubernetes) is set');
}

/** "i/n" with 1 <= i <= n, or "auto" / "auto/n" (see shardFromEnv). */
export function parseShard(text: string, env: NodeJS.ProcessEnv = process.env, flag = '--shard'): Shard {
  const auto = /^auto(?:\/(\d+))?$/.exec(text.trim());
  if (auto && flag === '--shard') return shardFromEnv(auto[1] === undefined ? undefined : Number(auto[1]), env);
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!m) throw new BadInputError(`${flag} must look like 2/4 (shard 2 of 4)${flag === '--shard' ? ' or auto' : ''}, got "${text}"`);
  return checked(Number(m[1]), Number(m[2]), `${flag} ${text}`);
}

/** The contiguous block of seeds shard `index` of `count` runs (empty when there are more shards than seeds). */
export function shardSeeds(range: { from: number; to: number }, shard: Shard): { from: number; to: number } | null {
  const total = range.to - range.from + 1;
  const start = Math.floor(((shard.index - 1) * total) / shard.count);
  const end = Math.floor((shard.index * total) / shard.count);
  if (end <= start) return null;
  return { from: range.from + start, to: range.from + end - 1 };
}

export function rangeText(r: { from: number; to: number } | null): string {
  if (r === null) return 'none';
  return r.from === r.to ? String(r.from) : `${r.from}..${r.to}`;
}
