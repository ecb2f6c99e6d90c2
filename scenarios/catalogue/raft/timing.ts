/**
 * The timing of the Raft lock service the raft group's cases run (the registry builds it,
 * scenarios/harness/designs): lock servers with 10 ms ticks, a 10-tick
 * election timeout, short sessions and lock-delay, so that a hazard of consensus shows within
 * seconds of simulated time. A case changes the one thing its hazard is about (the fsync policy,
 * the read path, the read mode, the commit rule, how membership is configured) and keeps every
 * timing, which is what makes its safe and unsafe runs comparable.
 */
import type { LockClientOptions } from '../../../core/client/options.js';
import type { LockServerOptions } from '../../../core/server/options.js';
import { MS, SEC } from '../../../sim/time.js';

// The raft group runs on the fencing group's timing: the same service, other hazards.
export { clientIds, ELECTION_NS, ELECTION_TICKS, EPSILON, livenessBound, TICK_NS, TICK_SLACK_NS } from '../fencing/timing.js';
import { ELECTION_TICKS, EPSILON, TICK_SLACK_NS } from '../fencing/timing.js';

export function serverIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `n${i + 1}`);
}

/** Raft as every case of the group runs it, with the case's own knobs on top. */
export function raftOptions(extra: LockServerOptions['raft'] = {}): LockServerOptions['raft'] {
  return { electionTicks: ELECTION_TICKS, heartbeatTicks: 2, preVote: true, checkQuorum: true, ...extra };
}

export function lockConfig(sessionTtlNs: number, lockDelayNs: number): LockServerOptions['lock'] {
  return { defaultSessionTtlNs: sessionTtlNs, minSessionTtlNs: 100 * MS, epsilon: EPSILON, tickSlackNs: TICK_SLACK_NS, lockDelayNs };
}

export function clientTiming(sessionTtlNs: number): { sessionTtlNs: number; epsilon: number; requestTimeoutNs: number; operationTimeoutNs: number; acquireMaxWaitNs: number } {
  return { sessionTtlNs, epsilon: EPSILON, requestTimeoutNs: 200 * MS, operationTimeoutNs: 2 * SEC, acquireMaxWaitNs: 10 * SEC };
}

export { faultPhaseFor } from '../../harness/run-options.js';
