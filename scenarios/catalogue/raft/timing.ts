/**
 * The timing of the Raft lock service the raft group's cases run (the registry builds it,
 * scenarios/harness/designs): the fencing group's service, 10 ms ticks and a 10-tick election
 * timeout, short sessions and lock-delay, so that a hazard of consensus shows within seconds of
 * simulated time. A case changes the one thing its hazard is about (the fsync policy, the read
 * path, the read mode, the commit rule, how membership is configured) and keeps every timing,
 * which is what makes its safe and unsafe runs comparable.
 */

// The raft group runs on the fencing group's timing: the same service, other hazards.
export { clientIds, ELECTION_NS, livenessBound } from '../fencing/timing.js';

export function serverIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `n${i + 1}`);
}

export { faultPhaseFor } from '../../harness/run-options.js';
