/**
 * The timing the fencing cases share (three Raft lock servers, the protected resource and a few
 * clients; the registry builds them, scenarios/harness/designs): each case changes only what its
 * hazard is about (the resource's defence, the lock-delay, the client's lease arithmetic), so its
 * unsafe and safe designs differ in that one choice, and its liveness bound reads these numbers.
 */
import { SEC } from '../../../sim/time.js';
import { RAFT_TIMING } from '../../harness/designs/raft-lock-service.js';

export const SERVERS: readonly string[] = ['n1', 'n2', 'n3'];
export const TICK_NS = RAFT_TIMING.tickNs;
export const ELECTION_TICKS = RAFT_TIMING.electionTicks;
/** The clock-rate bound the service and its clients assume. */
export const EPSILON = RAFT_TIMING.epsilon;
/** How much older than a command the log time stamped on it may be (lock config `tickSlackNs`). */
export const TICK_SLACK_NS = RAFT_TIMING.tickSlackNs;
/** The longest an election takes once a majority can talk: two election timeouts. */
export const ELECTION_NS = 2 * 2 * ELECTION_TICKS * TICK_NS;

export function clientIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `c${i + 1}`);
}

/**
 * How long after the heal a lock must be grantable again: the lease as the service counts it
 * (TTL·(1+ε) + tick slack), the lock-delay, an election, and `inFlightNs` for delays that were
 * still on the wire at the heal, plus a second of slack for retries.
 */
export function livenessBound(ttlNs: number, lockDelayNs: number, inFlightNs = 0): number {
  return Math.round(ttlNs * (1 + EPSILON) + TICK_SLACK_NS + lockDelayNs + ELECTION_NS + inFlightNs + 1 * SEC);
}

export { faultPhaseFor } from '../../harness/run-options.js';
