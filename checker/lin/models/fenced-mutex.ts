/**
 * A mutex whose grants carry fencing tokens: each `acquire` returns a token greater than every
 * token granted before it (tokens are integers, as log indices or counters are). `release` by
 * the holder frees it.
 */
import type { Model } from '../model.js';
import type { LinOp } from '../operation.js';
import { hashString, mix32, showValue } from '../values.js';
import { describeLockOp } from './mutex.js';
import { ownerOf } from './owner.js';
import { partsByKey } from './partition.js';

export interface FencedMutexState {
  holder: string | null;
  /** Every later grant's token must exceed this. */
  floor: number;
}

const NONE: readonly FencedMutexState[] = [];

export function fencedMutexModel(): Model<FencedMutexState> {
  return {
    name: 'fenced-mutex',
    deterministic: true,
    init: () => [{ holder: null, floor: -Infinity }],
    step(s, op) {
      const me = ownerOf(op);
      if (op.f === 'release') return s.holder === me ? [{ holder: null, floor: s.floor }] : NONE;
      if (s.holder !== null) return NONE;
      if (!op.known) {
        // The grant's token is unknown but exceeds the floor; with integer tokens every later grant
        // needs at least floor + 2.
        return [{ holder: me, floor: s.floor === -Infinity ? -Infinity : s.floor + 1 }];
      }
      const token = tokenOf(op.output);
      return token !== null && token > s.floor ? [{ holder: me, floor: token }] : NONE;
    },
    equal: (a, b) => a.holder === b.holder && a.floor === b.floor,
    hash: (s) => mix32((s.holder === null ? 0x3c6ef372 : hashString(s.holder)) ^ Math.imul(s.floor === -Infinity ? -1 : s.floor, 0x9e3779b1)),
    describeOp: (op) => describeLockOp(op, op.f === 'acquire' ? `token ${showValue(tokenOf(op.output) ?? op.output)}` : undefined),
    describeState: (s, key) =>
      `${key ?? 'the lock'} ${s.holder === null ? 'free' : `held by ${s.holder}`}` +
      (s.floor === -Infinity ? ' with no token granted yet' : ` with the next token above ${s.floor}`),
    reject(op: LinOp) {
      if (op.f !== 'acquire' && op.f !== 'release') return `fenced-mutex has no operation "${op.f}" (it knows acquire, release)`;
      if (op.f === 'acquire' && op.known && tokenOf(op.output) === null) {
        return `acquire op ${op.invokeIndex} returned ${showValue(op.output)}, not an integer token (a number or {token})`;
      }
      return null;
    },
    partition: partsByKey,
    readOnly: () => false,
  };
}

/** The token an acquire returned: a number, or `{token}`; null when it is neither. */
export function tokenOf(v: unknown): number | null {
  const t = v !== null && typeof v === 'object' && 'token' in v ? (v as { token: unknown }).token : v;
  return typeof t === 'number' && Number.isInteger(t) ? t : null;
}
