/**
 * Lock operations as any system's Jepsen-shaped history records them:
 *
 * - `acquire` (value: nil, an owner, or `{owner, lock}`; an ok completion may carry the fencing
 *   token: a number or `{token}`),
 * - `release` and `renew` (value: nil, an owner, or `{owner, lock}`),
 * - `fenced-write` (value `{token, value}`: a write to the protected resource carrying a token;
 *   ok when the resource accepted it, fail when it refused).
 *
 * The lock is the op's `key`, else `lock` in its value, else there is one lock. The owner is the
 * one named, else the process.
 */
import type { Op } from '../history.js';

export const LOCK_FS = ['acquire', 'release', 'renew'] as const;
export const WRITE_FS = ['fenced-write'] as const;

/** The token in an acquire's result or a write's value: a number, bigint or `{token}`; null if none. */
export function tokenIn(v: unknown): number | bigint | null {
  const t = v !== null && typeof v === 'object' && !Array.isArray(v) && 'token' in v ? (v as { token: unknown }).token : v;
  return (typeof t === 'number' && Number.isInteger(t)) || typeof t === 'bigint' ? t : null;
}

/** The value a fenced write wrote (`{value}`), or undefined. */
export function writtenValue(v: unknown): unknown {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && 'value' in v ? (v as { value: unknown }).value : undefined;
}

/** The lock an op is about. */
export function lockOf(op: Op): string {
  if (op.key !== undefined) return op.key;
  const v = op.value;
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && 'lock' in v) return String((v as { lock: unknown }).lock);
  return 'lock';
}
