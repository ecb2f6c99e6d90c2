/**
 * The timing of the lock service every scenario of the leases group runs (the registry builds it,
 * scenarios/harness/designs): a Raft lock service whose lease policy is
 * the design under test, clients of the safe library, and the timing the lease arithmetic depends
 * on (TTL, ε, tick slack, lock-delay, election timeout) in one place, so that a scenario's liveness
 * bound is computed from the same numbers the servers run with.
 */
import { startsClocksAtZero } from '../../../nemesis/schedule.js';
import { MS, SEC } from '../../../sim/time.js';
import type { RaftLockParams } from '../../harness/designs/raft-lock-service.js';
import type { RunOptions } from '../../scenario.js';

export interface LeaseTimingSpec {
  tickNs: number;
  electionTicks: number;
  /** Session lease (and TTL-lock expiry) the clients ask for. */
  ttlNs: number;
  /** Bound on clock rate error between a client and the log time (server and client agree). */
  epsilon: number;
  lockDelayNs: number;
  tickSlackNs: number;
}

export const BASE_TIMING: Readonly<Omit<LeaseTimingSpec, 'ttlNs' | 'lockDelayNs'>> = Object.freeze({
  tickNs: 10 * MS,
  electionTicks: 10,
  epsilon: 0.1,
  tickSlackNs: 100 * MS,
});

/** Longest time without a leader after a fault ends: a randomised timeout (up to 2×) plus a round of votes. */
export function electionNs(t: LeaseTimingSpec): number {
  return 2 * t.electionTicks * t.tickNs + 100 * MS;
}

/** How long after it ends a dead holder's lock can stay taken under the safe policy: TTL·(1+ε) + slack + lock-delay. */
export function leaseTailNs(t: LeaseTimingSpec): number {
  return Math.ceil(t.ttlNs * (1 + t.epsilon)) + t.tickSlackNs + t.lockDelayNs;
}

/** The Raft lock service's timing for a lease scenario: waiters give up after 5 s, so that a run does not idle on them. */
export function raftTiming(t: LeaseTimingSpec): RaftLockParams['timing'] {
  return { tickNs: t.tickNs, electionTicks: t.electionTicks, sessionTtlNs: t.ttlNs, lockDelayNs: t.lockDelayNs, epsilon: t.epsilon, tickSlackNs: t.tickSlackNs, acquireMaxWaitNs: 5 * SEC };
}

/**
 * Wall-clock offsets that stand for the whole run (clocks that NTP keeps only roughly together),
 * drawn from the seed for each node. A schedule file keeps them (a saved schedule replays its
 * seed's run) unless it says `"clocks": "zero"`, as a story that tells its clock story alone does;
 * the draws are made all the same, so the seed's other parameters do not shift.
 */
export function standingOffsets(ids: readonly string[], draw: (index: number) => number, schedule: RunOptions['schedule']): Map<string, number> {
  const zero = schedule !== undefined && startsClocksAtZero(schedule.text);
  return new Map(ids.map((id, i) => [id, draw(i)] as const).map(([id, ns]) => [id, zero ? 0 : ns]));
}

/** Offsets in whole milliseconds, for the run's printed parameters. */
export function offsetsMs(offsets: ReadonlyMap<string, number>): Record<string, number> {
  return Object.fromEntries([...offsets].map(([id, ns]) => [id, Math.round(ns / MS)]));
}
