/**
 * A mutual-exclusion lock: `acquire` succeeds only when the lock is free, `release` only by its
 * holder. Ops carrying a key are independent locks. A failed acquire (`fail`) did not happen.
 */
import type { Model } from '../model.js';
import type { LinOp } from '../operation.js';
import { hashString } from '../values.js';
import { ownerOf } from './owner.js';
import { partsByKey } from './partition.js';

/** The holder's owner name, or null when free. */
export type MutexState = string | null;

const NONE: readonly MutexState[] = [];
const FREE: readonly MutexState[] = [null];

export function mutexModel(): Model<MutexState> {
  return {
    name: 'mutex',
    deterministic: true,
    init: () => FREE,
    step(holder, op) {
      const me = ownerOf(op);
      if (op.f === 'acquire') return holder === null ? [me] : NONE;
      // An unknown release by someone else frees nothing: the same as never happening.
      return holder === me ? FREE : NONE;
    },
    equal: (a, b) => a === b,
    hash: (s) => (s === null ? 0x7f4a7c15 : hashString(s)),
    describeOp: (op) => describeLockOp(op),
    describeState: (s, key) => `${key ?? 'the lock'} ${s === null ? 'free' : `held by ${s}`}`,
    reject: (op) => (op.f === 'acquire' || op.f === 'release' ? null : `mutex has no operation "${op.f}" (it knows acquire, release)`),
    partition: partsByKey,
    readOnly: () => false,
  };
}

export function describeLockOp(op: LinOp, result?: string): string {
  const on = op.key === undefined ? '' : ` ${op.key}`;
  const tail = !op.known ? ' (outcome unknown)' : result === undefined ? '' : ` → ${result}`;
  return `${op.f}${on} by ${ownerOf(op)}${tail}`;
}

/**
 * Knossos's mutex: `acquire` when free, `release` when held, by anyone (no owners). Use it for
 * Jepsen histories whose processes do not say who they act for; `mutex` checks owners.
 */
export function ownerFreeMutexModel(): Model<boolean> {
  return {
    name: 'owner-free-mutex',
    deterministic: true,
    init: () => [false],
    step: (held, op) => (op.f === 'acquire' ? (held ? [] : [true]) : held ? [false] : []),
    equal: (a, b) => a === b,
    hash: (held) => (held ? 0x2545f491 : 0x4f1bbcdc),
    describeOp: (op) => `${op.f}${op.key === undefined ? '' : ` ${op.key}`} by process ${String(op.process)}${op.known ? '' : ' (outcome unknown)'}`,
    describeState: (held, key) => `${key ?? 'the lock'} ${held ? 'held' : 'free'}`,
    reject: (op) => (op.f === 'acquire' || op.f === 'release' ? null : `owner-free-mutex has no operation "${op.f}" (it knows acquire, release)`),
    partition: partsByKey,
    readOnly: () => false,
  };
}
