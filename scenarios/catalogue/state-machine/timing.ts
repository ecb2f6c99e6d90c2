/**
 * The timing of the Raft lock service the state-machine cases run (the registry builds it,
 * scenarios/harness/designs): three servers with 10 ms ticks, short
 * sessions and lock-delay, so that a hazard of lock handling shows within seconds of simulated
 * time. A case changes one design choice (a lock-service option, a client-library option) and
 * keeps every timing, which is what makes its safe and unsafe runs comparable.
 */
import { MS, SEC } from '../../../sim/time.js';
import type { RaftTiming } from '../../harness/designs/raft-lock-service.js';

/** The state-machine cases' timing (the service's own minimum session TTL aside). */
export type CellTiming = Omit<RaftTiming, 'minSessionTtlNs'>;

export const CELL_TIMING: Readonly<CellTiming> = Object.freeze({
  tickNs: 10 * MS,
  electionTicks: 10,
  sessionTtlNs: 1 * SEC,
  lockDelayNs: 200 * MS,
  epsilon: 0.05,
  tickSlackNs: 100 * MS,
  requestTimeoutNs: 200 * MS,
  operationTimeoutNs: 2 * SEC,
  acquireMaxWaitNs: 10 * SEC,
});

/** The servers' longest election: a randomized timeout lies in [electionTicks, 2·electionTicks) ticks. */
export function electionNs(t: CellTiming): number {
  return 2 * t.electionTicks * t.tickNs;
}

/**
 * The catalogue's liveness bound, TTL·(1+ε) + tick slack + lock-delay + election time, plus what
 * the faults may leave in flight at the heal (`inFlightNs`) and a client's retry round.
 */
export function livenessBound(t: CellTiming, inFlightNs: number): number {
  return Math.round(t.sessionTtlNs * (1 + t.epsilon) + t.tickSlackNs + t.lockDelayNs + electionNs(t) + inFlightNs + t.operationTimeoutNs);
}

/** Process ids "n1".."nN" / "c1".."cN". */
export function ids(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`);
}

export { faultPhaseFor as faultPhaseNs } from '../../harness/run-options.js';
