/**
 * The lock as a linearizability model, for judging mutual exclusion on the linearizable lock
 * order (the order the lock service must have applied the operations in), not on the order the
 * replies arrived: `acquire` only when free, `release` and `renew` only by the holder.
 *
 * With `tokens`, every granted token must exceed every token granted before it in that order
 * (fencing monotonicity). With `leases`, a held lock may expire at any moment, so a grant to a
 * second owner is no violation by itself, but the first owner's ok `renew` or `release` after it
 * is (the first owner was told it still held the lock).
 */
import type { LinOp } from '../lin/operation.js';
import { anyOf, defineModel } from '../lin/models/define.js';
import { ownerOf } from '../lin/models/owner.js';
import { partsByKey } from '../lin/models/partition.js';
import { showValue } from '../lin/values.js';
import { tokenIn } from './lock-ops.js';

export interface LockState {
  holder: string | null;
  /** The highest token granted so far (null when none, or when tokens are not judged). */
  floor: number | bigint | null;
}

export interface LockModelOptions {
  tokens: boolean;
  leases: boolean;
}

export function lockModel({ tokens, leases }: LockModelOptions) {
  const FREE: LockState = { holder: null, floor: null };
  const granted = (s: LockState, op: LinOp): LockState | undefined => {
    const me = ownerOf(op);
    if (!tokens) return { holder: me, floor: null };
    const t = op.known ? tokenIn(op.output) : null;
    if (t === null) return { holder: me, floor: s.floor }; // an unknown grant's token is not known
    return s.floor === null || t > s.floor ? { holder: me, floor: t } : undefined;
  };
  const stepFrom = (s: LockState, op: LinOp): LockState | undefined => {
    const me = ownerOf(op);
    switch (op.f) {
      case 'acquire':
        return s.holder === null ? granted(s, op) : undefined;
      case 'release':
        return s.holder === me ? { holder: null, floor: s.floor } : undefined;
      default: // renew
        return s.holder === me ? s : undefined;
    }
  };
  return defineModel<LockState>({
    name: tokens ? 'fenced lock' : 'lock',
    fs: ['acquire', 'release', 'renew'],
    init: FREE,
    nondeterministic: leases,
    step(s, op) {
      if (!leases || s.holder === null) return stepFrom(s, op);
      // The holder's lease may have run out before this op took effect.
      const options = [stepFrom(s, op), stepFrom({ holder: null, floor: s.floor }, op)].filter((x): x is LockState => x !== undefined);
      return options.length === 0 ? undefined : anyOf(options);
    },
    equal: (a, b) => a.holder === b.holder && a.floor === b.floor,
    describeOp(op) {
      const on = op.key === undefined ? '' : ` ${op.key}`;
      const t = op.f === 'acquire' && op.known && tokenIn(op.output) !== null ? ` → token ${showValue(tokenIn(op.output))}` : '';
      return `${op.f}${on} by ${ownerOf(op)}${op.known ? t : ' (outcome unknown)'}`;
    },
    describeState: (s, key) =>
      `${key ?? 'the lock'} ${s.holder === null ? 'free' : `held by ${s.holder}`}${tokens && s.floor !== null ? ` (highest token so far ${showValue(s.floor)})` : ''}`,
    partition: partsByKey,
    readOnly: (op) => op.f === 'renew',
  });
}
