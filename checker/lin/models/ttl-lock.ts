/**
 * A lease lock: `try-lock` by an owner returns "ok" (granted, or refreshed when the owner already
 * holds it) or "held-by-other"; `unlock` returns "ok" (released), "not-held", or "held-by-other"
 * (another owner holds it, Layotto's LOCK_BELONG_TO_OTHERS, as the lock service answers).
 *
 * A lease may expire, and the checker does not know the server's clock: from the instant of a
 * grant on, the lock may silently become free at any point. That makes the model
 * nondeterministic, and honest about what can be concluded: "held-by-other" while free, an
 * `unlock` "ok" by someone who is not the holder, or a grant while another owner's lease certainly
 * still runs are violations; a grant to a second owner is not, unless `minLeaseNs` says the first
 * lease cannot yet have run out (measured from the first grant's invocation, which is the earliest
 * its lease can have started).
 *
 * Two server behaviours the model leaves open, since services differ and the history cannot tell:
 * - lock-delay (Chubby): a lock freed by an expiry may refuse every try-lock ("held-by-other") for
 *   a while, though no one holds it; a lock freed by an unlock is free at once;
 * - an owner's second try-lock while it holds the lock: a refresh ("ok", Layotto, Redis SET with
 *   the same value) or a refusal ("held-by-other", as the lockstep service answers).
 */
import type { Model } from '../model.js';
import type { LinOp } from '../operation.js';
import { hashString, mix32, named, showValue } from '../values.js';
import { describeLockOp } from './mutex.js';
import { ownerOf } from './owner.js';
import { partsByKey } from './partition.js';

export interface TtlLockOptions {
  /**
   * The shortest time (true ns) a lease can last from its grant. 0 (the default) means a lease may
   * expire at any moment, which is all a checker can assume when server clocks may run fast.
   */
  minLeaseNs?: number;
}

export interface TtlLockState {
  holder: string | null;
  /** Earliest true time the holder's lease can have started (0 when leases carry no lower bound). */
  since: number;
  /** Free after an expiry: lock-delay may still refuse try-locks. */
  delayed?: boolean;
}

export type TtlLockResult = 'ok' | 'held-by-other' | 'not-held';

const FREE: TtlLockState = { holder: null, since: 0 };
const EXPIRED: TtlLockState = { holder: null, since: 0, delayed: true };

export function ttlLockModel(opts: TtlLockOptions = {}): Model<TtlLockState> {
  const minLease = opts.minLeaseNs ?? 0;
  /** The states the lock may be in when `op` takes effect: as left, or expired by then. */
  const before = (s: TtlLockState, op: LinOp): TtlLockState[] =>
    s.holder !== null && op.ret >= s.since + minLease ? [s, EXPIRED] : [s];

  return {
    name: 'ttl-lock',
    deterministic: false,
    init: () => [FREE],
    step(state, op) {
      const me = ownerOf(op);
      const result = op.known ? resultOf(op.output) : null;
      const out: TtlLockState[] = [];
      for (const s of before(state, op)) {
        const mine = s.holder === null || s.holder === me;
        if (op.f === 'unlock') {
          if (s.holder === me && (result === 'ok' || result === null)) out.push(FREE);
          if (s.holder !== me && result !== 'ok' && !(result === 'held-by-other' && s.holder === null)) out.push(s);
        } else {
          if (mine && result !== 'held-by-other') out.push({ holder: me, since: minLease > 0 ? op.call : 0 });
          // Refused: another owner holds it, lock-delay runs, or (a refusal of a refresh) the owner holds it.
          if ((s.holder !== null || s.delayed === true) && result !== 'ok') out.push(s);
        }
      }
      return out;
    },
    equal: (a, b) => a.holder === b.holder && a.since === b.since && a.delayed === b.delayed,
    hash: (s) => mix32((s.holder === null ? (s.delayed ? 0x3c6ef372 : 0x6a09e667) : hashString(s.holder)) + Math.imul(s.since | 0, 0x85ebca6b)),
    describeOp: (op) => describeLockOp(op, op.known ? String(resultOf(op.output)) : undefined),
    describeState: (s, key) => `${key ?? 'the lock'} ${s.holder === null ? (s.delayed ? 'free after an expiry (lock-delay may run)' : 'free') : `held by ${s.holder}`}`,
    reject(op) {
      if (op.f !== 'try-lock' && op.f !== 'unlock') return `ttl-lock has no operation "${op.f}" (it knows try-lock, unlock)`;
      if (!op.known) return null;
      const r = resultOf(op.output);
      const allowed: readonly TtlLockResult[] = op.f === 'try-lock' ? ['ok', 'held-by-other'] : ['ok', 'not-held', 'held-by-other'];
      return r !== null && allowed.includes(r)
        ? null
        : `${op.f} op ${op.invokeIndex} returned ${showValue(op.output)}; expected one of ${allowed.join(', ')}`;
    },
    partition: partsByKey,
    readOnly: () => false,
  };
}

/** The result a completion carries: the string itself, or `{result}`. */
function resultOf(v: unknown): TtlLockResult | null {
  const r = named(v !== null && typeof v === 'object' && 'result' in v ? (v as { result: unknown }).result : v);
  return r === 'ok' || r === 'held-by-other' || r === 'not-held' ? r : null;
}
