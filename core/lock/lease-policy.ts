/**
 * Every time decision of the lock service, in one place.
 *
 * The state machine has no clock. The leader proposes `tick` commands carrying how much its
 * monotonic clock advanced; the sum is the log time, identical on every replica and frozen while
 * there is no leader (so a failover extends every lease instead of cutting it short). A policy
 * says how ticks move log time, when a lease ends, when a lock freed by an expiry may be granted
 * again, and what a change of leader does to running leases.
 *
 * The catalogue's unsafe designs are policies too, each one a new entry of `LEASE_POLICIES`:
 * wall-clock expiry (a tick carrying the leader's wall clock, `advance` jumping with it), TTL
 * reset on every leader change (`afterLeaderChange` restarting the lease), a client-stamped
 * deadline (`leaseEnd` trusting a deadline field of the request) and replica-local timers (a
 * factory given the replica's own clock). Only the safe policy exists today.
 */
import type { DurationNs } from '../env.js';
import type { TickCommand } from './commands.js';

/** Nanoseconds of log time: the sum of the durations of all ticks applied so far. */
export type LogNs = number;

export type LeasePolicyName = 'log-time';

/** The numbers a policy works with (from the service configuration). */
export interface LeaseTiming {
  /** Bound on clock rate error between a client and the log time. */
  epsilon: number;
  lockDelayNs: DurationNs;
  /** How much older than a command's send time the log time stamped on it may be. */
  tickSlackNs: DurationNs;
}

/** A lease being granted or renewed. */
export interface LeaseRequest {
  /** Log time of the grant or renewal. */
  atNs: LogNs;
  /** The duration the holder was promised (it counts it on its own clock, from its send time). */
  ttlNs: DurationNs;
}

/** A running lease, as the state machine keeps it. */
export interface RunningLease {
  expiresAtNs: LogNs;
  ttlNs: DurationNs;
}

export interface LeasePolicy {
  readonly name: LeasePolicyName;
  /** Log time after a tick. */
  advance(clockNs: LogNs, tick: TickCommand): LogNs;
  /** The log time at which a lease ends: from then on its holder counts as gone. */
  leaseEnd(request: LeaseRequest): LogNs;
  /** The earliest log time at which a lock freed involuntarily at `freedAtNs` may be granted. */
  regrantAt(freedAtNs: LogNs): LogNs;
  /** The end of a running lease once the log shows a new leader's first tick. */
  afterLeaderChange(lease: RunningLease, clockNs: LogNs): LogNs;
}

/**
 * The safe policy. A holder counts its lease from the moment it sent the request, for at most
 * ttl·(1−ε) of its own clock. The server counts ttl·(1+ε) of log time from the log time stamped on
 * the command, plus the tick slack because that stamp (the latest tick before the command) may
 * predate the send; then it lets lock-delay pass before anyone else gets the lock. The log time
 * advances only by what a leader measured on a monotonic clock, so a leader change neither
 * shortens nor restarts a lease: the remaining time is simply what is left in the log.
 */
function logTimePolicy(timing: LeaseTiming): LeasePolicy {
  return {
    name: 'log-time',
    advance: (clockNs, tick) => clockNs + tick.elapsedNs,
    leaseEnd: ({ atNs, ttlNs }) => atNs + ttlNs + Math.ceil(ttlNs * timing.epsilon) + timing.tickSlackNs,
    regrantAt: (freedAtNs) => freedAtNs + timing.lockDelayNs,
    afterLeaderChange: (lease) => lease.expiresAtNs,
  };
}

export const LEASE_POLICIES: Readonly<Record<LeasePolicyName, (timing: LeaseTiming) => LeasePolicy>> = {
  'log-time': logTimePolicy,
};

export function leasePolicy(name: LeasePolicyName, timing: LeaseTiming): LeasePolicy {
  if (!Object.prototype.hasOwnProperty.call(LEASE_POLICIES, name)) {
    throw new RangeError(`unknown lease policy ${String(name)}`);
  }
  return LEASE_POLICIES[name](timing);
}
