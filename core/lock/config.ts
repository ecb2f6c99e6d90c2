/**
 * Configuration of the lock service. Every replica of a cell must run with the same configuration:
 * it decides expiries, so two configurations would make two histories out of one log.
 */
import type { DurationNs } from '../env.js';
import { LEASE_POLICIES, type LeasePolicyName } from './lease-policy.js';

const MS = 1_000_000;
const S = 1_000 * MS;

export interface LockServiceConfig {
  /** Lease of a session that asks for none. */
  defaultSessionTtlNs: DurationNs;
  /** Requested session leases are clamped into [min, max], as ZooKeeper negotiates timeouts. */
  minSessionTtlNs: DurationNs;
  maxSessionTtlNs: DurationNs;
  /** The longest TTL a try-lock may ask for; longer requests are refused, not shortened. */
  maxTtlLockMs: number;
  /**
   * Bound on how much faster a client's clock may run than the log time (rate, not offset).
   * The server waits ttl·(1+ε) where the client counts at most ttl·(1−ε).
   */
  epsilon: number;
  /** After an involuntary release, the lock stays unavailable for this long (Chubby lock-delay). */
  lockDelayNs: DurationNs;
  /**
   * The longest a leader lets pass, on its monotonic clock, between proposing its latest tick and
   * proposing a client command. A command is stamped with the log time of the latest tick before
   * it, which can be this much older than the moment the client sent it, so every lease is
   * lengthened by this much. The node host must keep the promise: a tick first in every term, and
   * a fresh tick before a client command whenever the last one is older than this.
   */
  tickSlackNs: DurationNs;
  /** How the state machine turns log time into lease decisions. Only `log-time` is safe. */
  leasePolicy: LeasePolicyName;
  /**
   * How many ended sessions are remembered, so that a late command from one is told `expired` or
   * `closed` rather than `no-such-session`.
   */
  endedSessionMemory: number;
}

export const DEFAULT_LOCK_SERVICE_CONFIG: Readonly<LockServiceConfig> = Object.freeze({
  defaultSessionTtlNs: 10 * S,
  minSessionTtlNs: 100 * MS,
  maxSessionTtlNs: 600 * S,
  maxTtlLockMs: 3_600_000,
  epsilon: 0.05,
  lockDelayNs: 1 * S,
  tickSlackNs: 100 * MS,
  leasePolicy: 'log-time',
  endedSessionMemory: 1024,
});

/** Fills defaults and rejects a configuration that cannot be right (a programming error). */
export function lockServiceConfig(overrides: Partial<LockServiceConfig> = {}): LockServiceConfig {
  const config: LockServiceConfig = { ...DEFAULT_LOCK_SERVICE_CONFIG, ...overrides };
  const positive = (name: keyof LockServiceConfig): void => {
    const value = config[name];
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new RangeError(`lock service config: ${name} must be a positive number, got ${String(value)}`);
    }
  };
  positive('defaultSessionTtlNs');
  positive('minSessionTtlNs');
  positive('maxSessionTtlNs');
  positive('maxTtlLockMs');
  if (config.minSessionTtlNs > config.maxSessionTtlNs) {
    throw new RangeError('lock service config: minSessionTtlNs exceeds maxSessionTtlNs');
  }
  if (config.defaultSessionTtlNs < config.minSessionTtlNs || config.defaultSessionTtlNs > config.maxSessionTtlNs) {
    throw new RangeError('lock service config: defaultSessionTtlNs lies outside [minSessionTtlNs, maxSessionTtlNs]');
  }
  if (!Number.isFinite(config.epsilon) || config.epsilon < 0 || config.epsilon >= 1) {
    throw new RangeError(`lock service config: epsilon must lie in [0, 1), got ${config.epsilon}`);
  }
  if (!Number.isFinite(config.lockDelayNs) || config.lockDelayNs < 0) {
    throw new RangeError(`lock service config: lockDelayNs must be >= 0, got ${config.lockDelayNs}`);
  }
  if (!Object.prototype.hasOwnProperty.call(LEASE_POLICIES, config.leasePolicy)) {
    throw new RangeError(`lock service config: unknown lease policy ${String(config.leasePolicy)}`);
  }
  if (!Number.isFinite(config.tickSlackNs) || config.tickSlackNs < 0) {
    throw new RangeError(`lock service config: tickSlackNs must be >= 0, got ${config.tickSlackNs}`);
  }
  if (!Number.isSafeInteger(config.endedSessionMemory) || config.endedSessionMemory < 0) {
    throw new RangeError('lock service config: endedSessionMemory must be a non-negative integer');
  }
  return config;
}
