/**
 * LV: after the final heal, every lock that someone wants is granted within a stated bound, and
 * (for herd and starvation cases) no acquire waits longer than a stated maximum.
 *
 * A lock is "wanted" from the heal if an acquire was already waiting then, or else from the first
 * acquire invoked after the heal; it "recovered" at the first grant (or successful acquire) from
 * then on. The bound is the caller's: TTL·(1+ε) + lock-delay + election time for the design under
 * test. A wanted lock that is never granted again before the run ends, more than the bound after
 * it was wanted, is a deadlock (its holder died or expired and nobody got it after) or a lock that
 * was never freed; one granted late is reported with its delay. A run that ends less than the
 * bound after the demand cannot tell, and says so in the stats instead of passing or failing.
 */
import type { Grant, Op, RunRecord, Violation } from '../history.js';
import { pairOps, type OpPair } from '../io/pairs.js';
import { ACQUIRE_FS, WAITING_ACQUIRE_FS, grantedBy, groupBy, lockOf } from './lock-ops.js';
import { DEFAULT_MAX_VIOLATIONS, type ListingOptions, type ValidatorResult } from './types.js';
import { duration, instant } from './words.js';

export interface LivenessOptions extends ListingOptions {
  /** How long after it is wanted (at the earliest, at the heal) a lock must be granted, in ns. */
  boundNs: number;
  /** The longest any one acquire may wait, in ns; unchecked when absent. */
  maxWaitNs?: number;
  /** Functions whose ok completion is a successful acquire; ACQUIRE_FS by default. */
  acquireFs?: readonly string[];
  /** Functions that wait for the lock, for the max-wait check; WAITING_ACQUIRE_FS by default. */
  waitingFs?: readonly string[];
}

export type RecoveryOutcome = 'granted' | 'late' | 'deadlock' | 'never-freed' | 'never-granted' | 'inconclusive';

/** How one lock came back after the heal. */
export interface LockRecovery {
  lock: string;
  /** When the lock was first wanted after the heal (the heal itself if an acquire was waiting). */
  wantedAt: number;
  /** The first grant or successful acquire from then on, or null when none came. */
  grantedAt: number | null;
  /** grantedAt − wantedAt, or null when it was never granted. */
  delayNs: number | null;
  outcome: RecoveryOutcome;
}

export interface LivenessStats {
  boundNs: number;
  healAt: number | null;
  endAt: number;
  /** Every lock wanted after the heal, in the order first seen. */
  locks: LockRecovery[];
  /** The worst measured recovery delay, and its lock (null when no lock was granted after the heal). */
  worstDelayNs: number | null;
  worstDelayLock: string | null;
  /** Acquires measured against the max wait, and the longest wait among them. */
  waitsMeasured: number;
  worstWaitNs: number | null;
}

export function checkLiveness(record: RunRecord, options: LivenessOptions): ValidatorResult<LivenessStats> {
  if (!(options.boundNs > 0) || !Number.isFinite(options.boundNs)) throw new RangeError(`liveness boundNs must be a positive number of ns, got ${options.boundNs}`);
  if (options.maxWaitNs !== undefined && !(options.maxWaitNs > 0)) throw new RangeError(`liveness maxWaitNs must be positive, got ${options.maxWaitNs}`);
  const endAt = record.endAt ?? lastTime(record);
  const stats: LivenessStats = {
    boundNs: options.boundNs,
    healAt: record.healAt ?? null,
    endAt,
    locks: [],
    worstDelayNs: null,
    worstDelayLock: null,
    waitsMeasured: 0,
    worstWaitNs: null,
  };
  if (record.healAt === undefined && options.maxWaitNs === undefined) {
    return { violations: [], stats, skipped: 'the run has no final heal (healAt) and no max wait was given' };
  }
  const pairs = pairOps(record.history).filter((p) => p.invoke.process !== 'nemesis');
  const max = options.maxViolations ?? DEFAULT_MAX_VIOLATIONS;
  const violations: Violation[] = [];
  const report = (v: Violation): void => {
    if (violations.length < max) violations.push(v);
  };

  if (record.healAt !== undefined) {
    const acquires = pairs.filter((p) => (options.acquireFs ?? ACQUIRE_FS).includes(p.invoke.f));
    recoveries(record.healAt, endAt, acquires, record.grants ?? [], options.boundNs, stats, report);
  }
  if (options.maxWaitNs !== undefined) {
    const waiting = pairs.filter((p) => (options.waitingFs ?? WAITING_ACQUIRE_FS).includes(p.invoke.f));
    longWaits(waiting, endAt, options.maxWaitNs, stats, report);
  }
  if (options.maxWaitNs === undefined && stats.locks.length === 0) {
    return { violations, stats, skipped: 'no lock was wanted or granted after the final heal' };
  }
  return { violations: violations.sort((a, b) => a.at - b.at), stats };
}

function recoveries(
  healAt: number,
  endAt: number,
  acquires: OpPair[],
  grants: readonly Grant[],
  boundNs: number,
  stats: LivenessStats,
  report: (v: Violation) => void,
): void {
  const acquiresByLock = groupBy(acquires, (p) => lockOf(p.invoke));
  const grantsByLock = groupBy(grants, (g) => g.lock);
  const locks = [...new Set([...acquiresByLock.keys(), ...grantsByLock.keys()])];
  for (const lock of locks) {
    const mine = acquiresByLock.get(lock) ?? [];
    const granted = [...(grantsByLock.get(lock) ?? [])].sort((a, b) => a.at - b.at);
    const demand = wanted(healAt, mine, granted);
    if (demand === null) continue;
    const success = firstSuccess(demand.at, mine, granted);
    const delay = success === null ? null : success - demand.at;
    let outcome: RecoveryOutcome;
    if (delay !== null) outcome = delay > boundNs ? 'late' : 'granted';
    else if (endAt - demand.at <= boundNs) outcome = 'inconclusive';
    else outcome = neverOutcome(granted, demand.at);
    stats.locks.push({ lock, wantedAt: demand.at, grantedAt: success, delayNs: delay, outcome });
    if (delay !== null && (stats.worstDelayNs === null || delay > stats.worstDelayNs)) {
      stats.worstDelayNs = delay;
      stats.worstDelayLock = lock;
    }
    if (outcome === 'granted' || outcome === 'inconclusive') continue;
    report(recoveryViolation(lock, demand, success, outcome, granted, healAt, endAt, boundNs));
  }
}

interface Demand {
  at: number;
  /** The acquire that wanted the lock first, when the demand came from the history. */
  op: OpPair | null;
}

/** When the lock was first wanted after the heal; null when nobody wanted it. */
function wanted(healAt: number, acquires: OpPair[], grants: Grant[]): Demand | null {
  const waitingAtHeal = acquires.find((p) => p.invoke.time <= healAt && (p.complete === null || p.complete.time >= healAt));
  if (waitingAtHeal) return { at: healAt, op: waitingAtHeal };
  const after = acquires.filter((p) => p.invoke.time >= healAt).sort((a, b) => a.invoke.time - b.invoke.time)[0];
  if (after) return { at: after.invoke.time, op: after };
  // No acquires in the history (only the service's grants): the heal is the demand if it was used.
  if (acquires.length === 0 && grants.some((g) => g.at >= healAt)) return { at: healAt, op: null };
  return null;
}

function firstSuccess(from: number, acquires: OpPair[], grants: Grant[]): number | null {
  const times = [
    ...grants.filter((g) => g.at >= from).map((g) => g.at),
    ...acquires.filter((p) => p.complete?.type === 'ok' && p.complete.time >= from && grantedBy(p.complete.value)).map((p) => (p.complete as Op).time),
  ];
  return times.length === 0 ? null : Math.min(...times);
}

/** Why a wanted lock was never granted: its last grant ended on the server (deadlock) or never did. */
function neverOutcome(grants: Grant[], wantedAt: number): RecoveryOutcome {
  const last = grants.filter((g) => g.at <= wantedAt).at(-1);
  if (last === undefined) return 'never-granted';
  return last.serverEnd === null ? 'never-freed' : 'deadlock';
}

function recoveryViolation(
  lock: string,
  demand: Demand,
  success: number | null,
  outcome: RecoveryOutcome,
  grants: Grant[],
  healAt: number,
  endAt: number,
  boundNs: number,
): Violation {
  const by = demand.op ? ` (${who(demand.op.invoke)}'s acquire, op ${demand.op.invoke.index})` : '';
  const since = demand.at === healAt ? `from the final heal at ${instant(healAt)}${by}` : `from ${instant(demand.at)}${by}`;
  const last = grants.filter((g) => g.at <= demand.at).at(-1);
  let explanation: string;
  if (outcome === 'late') {
    explanation =
      `${lock} was wanted ${since} but first granted at ${instant(success!)}: ${duration(success! - demand.at)} later, ` +
      `past its bound of ${duration(boundNs)}.`;
  } else {
    explanation = `${lock} was wanted ${since} but never granted again before the run ended at ${instant(endAt)} (${duration(endAt - demand.at)} later; bound ${duration(boundNs)})`;
    if (outcome === 'deadlock' && last) {
      explanation += `: its last holder ${last.client} (token ${last.token}) had lost it at ${instant(last.serverEnd!)}${last.endReason ? ` (${last.endReason})` : ''}, yet nobody got it after, a deadlock.`;
    } else if (outcome === 'never-freed' && last) {
      explanation += `: the service still counted ${last.client} (token ${last.token}, granted at ${instant(last.at)}) as its holder, so the lock was never freed.`;
    } else {
      explanation += '.';
    }
  }
  const end = success ?? endAt;
  return {
    kind: 'LV',
    checker: 'liveness',
    explanation,
    ops: demand.op ? [demand.op.invoke.index, ...(demand.op.complete ? [demand.op.complete.index] : [])] : [],
    at: Math.min(end, demand.at + boundNs),
    detail: {
      lock,
      outcome,
      window: { start: demand.at, end },
      wantedAt: demand.at,
      grantedAt: success,
      boundNs,
      ...(last ? { lastHolder: { client: last.client, token: last.token, serverEnd: last.serverEnd } } : {}),
    },
  };
}

function longWaits(waiting: OpPair[], endAt: number, maxWaitNs: number, stats: LivenessStats, report: (v: Violation) => void): void {
  for (const p of waiting) {
    // A refused try is not a wait; an op that gave up (info) or never returned waited all the same.
    if (p.complete?.type === 'fail') continue;
    const until = p.complete?.time ?? endAt;
    const wait = until - p.invoke.time;
    stats.waitsMeasured++;
    if (stats.worstWaitNs === null || wait > stats.worstWaitNs) stats.worstWaitNs = wait;
    if (wait <= maxWaitNs) continue;
    const ending =
      p.complete === null ? 'and was still waiting when the run ended' : p.complete.type === 'ok' ? 'before it was granted' : 'before it gave up';
    report({
      kind: 'LV',
      checker: 'liveness',
      explanation:
        `${who(p.invoke)}'s acquire of ${lockOf(p.invoke)} waited ${duration(wait)} (from ${instant(p.invoke.time)}) ${ending}, ` +
        `longer than the max wait of ${duration(maxWaitNs)}.`,
      ops: [p.invoke.index, ...(p.complete ? [p.complete.index] : [])],
      at: p.invoke.time + maxWaitNs,
      detail: { lock: lockOf(p.invoke), window: { start: p.invoke.time, end: until }, waitNs: wait, maxWaitNs },
    });
  }
}

function who(op: Op): string {
  return op.node ?? `process ${String(op.process)}`;
}

function lastTime(record: RunRecord): number {
  let t = 0;
  for (const op of record.history) t = Math.max(t, op.time);
  for (const g of record.grants ?? []) t = Math.max(t, g.at, g.serverEnd ?? 0);
  return t;
}
