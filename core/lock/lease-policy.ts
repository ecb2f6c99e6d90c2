/**
 * Every time decision of the lock service, in one place.
 *
 * The state machine has no clock. The leader proposes `tick` commands carrying how much its
 * monotonic clock advanced; the sum is the log time, identical on every replica and frozen while
 * there is no leader (so a failover extends every lease instead of cutting it short). A policy
 * says how ticks move log time, when a lease ends, when a lock freed by an expiry may be granted
 * again, and what a change of leader does to running leases.
 *
 * Only `log-time` is safe. Each other policy is one unsafe design of the catalogue, run as the
 * documents describe it, so that a scenario can show the hazard: it differs from `log-time` in
 * the one decision the design gets wrong and in nothing else.
 */
import type { DurationNs, LocalNs } from '../env.js';
import type { TickCommand } from './commands.js';

/** Nanoseconds of log time: the sum of the durations of all ticks applied so far. */
export type LogNs = number;

export type LeasePolicyName =
  | 'log-time'
  | 'wall-clock'
  | 'failover-wall-gap'
  | 'reset-on-leader-change'
  | 'client-stamped'
  | 'replica-local-timers';

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
  /** An absolute deadline the client computed on its own wall clock, if it sent one. */
  deadlineNs?: LocalNs;
}

/** A running lease, as the state machine keeps it. */
export interface RunningLease {
  expiresAtNs: LogNs;
  ttlNs: DurationNs;
}

/** What the log says about the tick being applied, besides the tick itself. */
export interface TickContext {
  /** The tick is the first of a new leader's term. */
  newTerm: boolean;
  /** The wall stamp of the latest tick applied before it (policies that keep wall stamps only). */
  lastWallNs: LocalNs | undefined;
}

export interface LeasePolicy {
  readonly name: LeasePolicyName;
  /** `elapsed+wall`: the leader must also stamp every tick with its wall clock (`wallNs`). */
  readonly tickStamps: 'elapsed' | 'elapsed+wall';
  /** `log`: leases end at ticks, on every replica alike. `replica-timer`: each replica's own timer ends them. */
  readonly expiry: 'log' | 'replica-timer';
  /** `required`: a lease is the client's absolute deadline, so renewals must carry one. */
  readonly clientDeadlines: 'ignored' | 'required';
  /** Log time after a tick. */
  advance(clockNs: LogNs, tick: TickCommand, context: TickContext): LogNs;
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
    tickStamps: 'elapsed',
    expiry: 'log',
    clientDeadlines: 'ignored',
    advance: (clockNs, tick) => clockNs + tick.elapsedNs,
    leaseEnd: ({ atNs, ttlNs }) => atNs + ttlNs + Math.ceil(ttlNs * timing.epsilon) + timing.tickSlackNs,
    regrantAt: (freedAtNs) => freedAtNs + timing.lockDelayNs,
    afterLeaderChange: (lease) => lease.expiresAtNs,
  };
}

/** A tick's wall stamp, or (a tick from a leader that sent none) the log time moved by its elapsed time. */
function wallOrElapsed(clockNs: LogNs, tick: TickCommand): LogNs {
  return tick.wallNs ?? clockNs + tick.elapsedNs;
}

/**
 * `wall-clock-jump`: log time is the leader's wall clock, read at every tick. The lease
 * arithmetic is the safe one, but an NTP step forward moves every deadline closer at once (leases
 * end early: two holders), and a step back keeps locks held too long.
 */
function wallClockPolicy(timing: LeaseTiming): LeasePolicy {
  return { ...logTimePolicy(timing), name: 'wall-clock', tickStamps: 'elapsed+wall', advance: wallOrElapsed };
}

/**
 * `failover-lease-reset`: within a term log time follows the leader's monotonic clock, but
 * a new leader's first tick charges the time since the old leader's last tick as measured by two
 * different wall clocks: the new leader's now minus the old leader's stamp. A new leader whose
 * wall clock runs ahead (or that is slow to be elected, with clocks that disagree) frees locks
 * whose holders still have lease time by the old leader's account.
 */
function failoverWallGapPolicy(timing: LeaseTiming): LeasePolicy {
  return {
    ...logTimePolicy(timing),
    name: 'failover-wall-gap',
    tickStamps: 'elapsed+wall',
    advance: (clockNs, tick, { newTerm, lastWallNs }) => {
      if (!newTerm || lastWallNs === undefined || tick.wallNs === undefined) return clockNs + tick.elapsedNs;
      return clockNs + Math.max(0, tick.wallNs - lastWallNs);
    },
  };
}

/**
 * `flapping-leader-renew`: the remaining lease is not in the replicated state, so a new
 * leader restarts every lease with its full TTL (etcd before lease checkpoints, Consul's timers).
 * With elections more frequent than the TTL, the lock of a dead holder is never freed.
 */
function resetOnLeaderChangePolicy(timing: LeaseTiming): LeasePolicy {
  const safe = logTimePolicy(timing);
  return {
    ...safe,
    name: 'reset-on-leader-change',
    afterLeaderChange: (lease, clockNs) => safe.leaseEnd({ atNs: clockNs, ttlNs: lease.ttlNs }),
  };
}

/**
 * `client-stamped-expiry`: the client sends an absolute deadline computed on its own wall
 * clock (Layotto's Mongo lock), and the server reaps when its own wall clock, stamped on the
 * ticks, passes it. A client clock behind the server's frees the lock before its holder stops;
 * one ahead keeps it long after.
 */
function clientStampedPolicy(timing: LeaseTiming): LeasePolicy {
  return {
    ...logTimePolicy(timing),
    name: 'client-stamped',
    tickStamps: 'elapsed+wall',
    clientDeadlines: 'required',
    advance: wallOrElapsed,
    leaseEnd: ({ deadlineNs }) => {
      if (deadlineNs === undefined) throw new RangeError('client-stamped lease without a deadline (the command should have been refused)');
      return deadlineNs;
    },
  };
}

/**
 * `replica-local-timers`: the log-time arithmetic, but no tick ends a lease; each replica
 * starts its own timer when it applies a renewal and ends the lease when that timer fires, outside
 * the log (ChubbyGo's per-replica release timers). Replicas apply at different moments and their
 * clocks run at different rates, so they disagree about who holds what.
 */
function replicaLocalTimersPolicy(timing: LeaseTiming): LeasePolicy {
  return { ...logTimePolicy(timing), name: 'replica-local-timers', expiry: 'replica-timer' };
}

export const LEASE_POLICIES: Readonly<Record<LeasePolicyName, (timing: LeaseTiming) => LeasePolicy>> = {
  'log-time': logTimePolicy,
  'wall-clock': wallClockPolicy,
  'failover-wall-gap': failoverWallGapPolicy,
  'reset-on-leader-change': resetOnLeaderChangePolicy,
  'client-stamped': clientStampedPolicy,
  'replica-local-timers': replicaLocalTimersPolicy,
};

export function leasePolicy(name: LeasePolicyName, timing: LeaseTiming): LeasePolicy {
  if (!Object.prototype.hasOwnProperty.call(LEASE_POLICIES, name)) {
    throw new RangeError(`unknown lease policy ${String(name)}`);
  }
  return LEASE_POLICIES[name](timing);
}
