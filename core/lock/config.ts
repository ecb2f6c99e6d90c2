/**
 * Configuration of the lock service. Every replica of a cell must run with the same configuration:
 * it decides expiries, so two configurations would make two histories out of one log.
 *
 * Besides the numbers, the configuration names the design. The defaults are the safe design; each
 * unsafe choice is a named value that reproduces one hazard of the catalogue
 * (docs/hazards.md), listed with its hazard in the Raft lock service's knob table
 * (core/designs/raft-lock-service/knobs.ts).
 */
import type { DurationNs } from '../env.js';
import { LEASE_POLICIES, type LeasePolicyName } from './lease-policy.js';

const MS = 1_000_000;
const S = 1_000 * MS;

/** `fifo`: only the head of the queue is woken (safe). `herd`: every waiter is woken (herd-starvation). */
export type QueueName = 'fifo' | 'herd';
export const QUEUES: readonly QueueName[] = ['fifo', 'herd'];

/** `log-index`: a grant's token is its log index (safe). `counter`: a counter in the state (snapshot-token-reset). */
export type TokenSource = 'log-index' | 'counter';
export const TOKEN_SOURCES: readonly TokenSource[] = ['log-index', 'counter'];

/** Parts of the state a snapshot may leave out (each one snapshot-token-reset's hazard): none in the safe design. */
export type SnapshotPart = 'counter' | 'locks';
export const SNAPSHOT_PARTS: readonly SnapshotPart[] = ['counter', 'locks'];

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
  /** How the state machine turns time into lease decisions. Only `log-time` is safe. */
  leasePolicy: LeasePolicyName;
  /**
   * How many ended sessions are remembered, so that a late command from one is told `expired` or
   * `closed` rather than `no-such-session`.
   */
  endedSessionMemory: number;
  /** How blocked acquires wait and are woken. Only `fifo` is safe. */
  queue: QueueName;
  /** `waiter-expired-grant` (unsafe when true): a waiter whose session expired keeps its place and is granted the lock anyway. */
  grantToExpiredWaiters: boolean;
  /** `stale-release` (unsafe when true): release, unlock and the TTL auto-release free a lock by name, whoever holds it now. */
  releaseByName: boolean;
  /** `lost-reply-retry` (unsafe when false): without the exactly-once table a retried request executes again. */
  dedup: boolean;
  /** Where fencing tokens come from. Only `log-index` is safe across snapshots. */
  tokenSource: TokenSource;
  /** `snapshot-token-reset` (unsafe when not empty): what the snapshot leaves out. */
  snapshotOmits: readonly SnapshotPart[];
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
  queue: 'fifo',
  grantToExpiredWaiters: false,
  releaseByName: false,
  dedup: true,
  tokenSource: 'log-index',
  snapshotOmits: Object.freeze([]) as readonly SnapshotPart[],
});

function oneOf<T extends string>(name: string, value: unknown, allowed: readonly T[]): void {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new RangeError(`lock service config: unknown ${name} ${String(value)} (known: ${allowed.join(', ')})`);
  }
}

function boolean(config: LockServiceConfig, name: 'grantToExpiredWaiters' | 'releaseByName' | 'dedup'): void {
  if (typeof config[name] !== 'boolean') {
    throw new RangeError(`lock service config: ${name} must be true or false, got ${String(config[name])}`);
  }
}

function checkSnapshotOmits(config: LockServiceConfig): void {
  const omits: unknown = config.snapshotOmits;
  if (!Array.isArray(omits)) throw new RangeError('lock service config: snapshotOmits must be an array');
  for (const part of omits) oneOf('snapshot part', part, SNAPSHOT_PARTS);
  if (new Set(omits).size !== omits.length) throw new RangeError('lock service config: snapshotOmits names a part twice');
  if (omits.includes('counter') && config.tokenSource !== 'counter') {
    throw new RangeError("lock service config: snapshotOmits 'counter' needs tokenSource 'counter' (there is no counter to leave out)");
  }
}

/** Fills defaults and rejects a configuration that cannot be right (a programming error). */
export function lockServiceConfig(overrides: Partial<LockServiceConfig> = {}): LockServiceConfig {
  const config: LockServiceConfig = { ...DEFAULT_LOCK_SERVICE_CONFIG, ...overrides };
  const known = Object.keys(DEFAULT_LOCK_SERVICE_CONFIG);
  for (const name of Object.keys(overrides)) {
    if (!known.includes(name)) throw new RangeError(`lock service config: unknown option ${name}`);
  }
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
  oneOf('queue', config.queue, QUEUES);
  oneOf('token source', config.tokenSource, TOKEN_SOURCES);
  boolean(config, 'grantToExpiredWaiters');
  boolean(config, 'releaseByName');
  boolean(config, 'dedup');
  checkSnapshotOmits(config);
  return config;
}
