/**
 * How lock operations read in a history: which functions acquire, which lock an op is about, and
 * what token and mode an acquire returned. Workloads record an acquire's result either as the bare
 * token or as `{token, mode?}`.
 */
import type { Op } from '../history.js';

/** Functions whose `ok` completion means the client was granted the lock. */
export const ACQUIRE_FS: readonly string[] = ['acquire', 'lock', 'try-lock', 'try-acquire'];

/** Functions that may block waiting for the lock (try-lock answers at once, so it never waits). */
export const WAITING_ACQUIRE_FS: readonly string[] = ['acquire', 'lock'];

/**
 * Whether an acquire's `ok` completion granted the lock. A try-lock answers `ok` either way and
 * says which in its value (`{result: "ok"}` or a refusal such as `{result: "held-by-other"}`);
 * any other ok completion is a grant.
 */
export function grantedBy(value: unknown): boolean {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && 'result' in value) {
    return (value as { result: unknown }).result === 'ok';
  }
  return true;
}

/** The name used for ops that carry no key (a single-lock history, as in Jepsen's mutex tests). */
export const UNNAMED_LOCK = '(unnamed lock)';

export function lockOf(op: Op): string {
  return op.key ?? UNNAMED_LOCK;
}

/** The fencing token an acquire's completion carries, or null when it carries none. */
export function tokenOf(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const t = (value as Record<string, unknown>)['token'];
    if (typeof t === 'number' && Number.isFinite(t)) return t;
  }
  return null;
}

/** The mode an acquire's completion reports, or null when it does not say. */
export function modeOf(value: unknown): 'exclusive' | 'shared' | null {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const m = (value as Record<string, unknown>)['mode'];
    if (m === 'exclusive' || m === 'shared') return m;
  }
  return null;
}

/** Groups items by a key, keeping first-seen key order and the items' own order. */
export function groupBy<T>(items: readonly T[], keyOf: (x: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const x of items) {
    const k = keyOf(x);
    const g = groups.get(k);
    if (g) g.push(x);
    else groups.set(k, [x]);
  }
  return groups;
}
