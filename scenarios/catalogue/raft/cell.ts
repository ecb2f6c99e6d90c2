/**
 * The Raft lock cell the raft group's cases run on: lock servers with 10 ms ticks, a 10-tick
 * election timeout, short sessions and lock-delay, so that a hazard of consensus shows within
 * seconds of simulated time. A case changes the one thing its hazard is about (the fsync policy,
 * the read path, the read mode, the commit rule, how membership is configured) and keeps every
 * timing, which is what makes its safe and unsafe runs comparable.
 */
import type { LockClientOptions } from '../../../core/client/options.js';
import type { FsyncPolicy } from '../../../core/env.js';
import type { ResourceMode } from '../../../core/resource/resource.js';
import type { LockServerOptions } from '../../../core/server/options.js';
import type { ClockConfig } from '../../../sim/clock.js';
import { MS, SEC } from '../../../sim/time.js';
import { raftLockSystem } from '../../harness/raft-lock-system.js';
import type { SystemFactory } from '../../harness/system.js';

export const TICK_NS = 10 * MS;
export const ELECTION_TICKS = 10;
/** The clock-rate bound the service and its clients assume. */
export const EPSILON = 0.05;
/** How much older than a command the log time stamped on it may be (lock config `tickSlackNs`). */
export const TICK_SLACK_NS = 100 * MS;
/** The longest an election takes once a majority can talk: a randomised timeout (up to 2×) twice over. */
export const ELECTION_NS = 2 * 2 * ELECTION_TICKS * TICK_NS;

export function serverIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `n${i + 1}`);
}

export function clientIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `c${i + 1}`);
}

export interface RaftCellOptions {
  servers: readonly string[];
  sessionTtlNs: number;
  lockDelayNs: number;
  /** The disk's fsync policy on every server (default `always`). */
  fsync?: FsyncPolicy;
  /** Raft knobs beyond the timing (read mode, commit rule, PreVote, flow control). */
  raft?: LockServerOptions['raft'];
  readPath?: LockServerOptions['readPath'];
  resource?: ResourceMode;
  serverClock?(id: string): ClockConfig | undefined;
  /** Client library settings that differ from the group's timing. */
  client?: Partial<Omit<LockClientOptions, 'servers' | 'resource' | 'events'>>;
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

export function raftCell(o: RaftCellOptions): SystemFactory {
  return raftLockSystem({
    servers: o.servers,
    fsync: o.fsync ?? 'always',
    ...(o.resource ? { resource: o.resource } : {}),
    ...(o.serverClock ? { serverClock: o.serverClock } : {}),
    serverOptions: () => ({
      tickNs: TICK_NS,
      raft: raftOptions(o.raft),
      lock: lockConfig(o.sessionTtlNs, o.lockDelayNs),
      snapshotEntries: 400,
      ...(o.readPath ? { readPath: o.readPath } : {}),
    }),
    clientOptions: () => ({ ...clientTiming(o.sessionTtlNs), ...o.client }),
  });
}

/**
 * How long after the heal a lock must be grantable again: the lease as the service counts it
 * (TTL·(1+ε) + tick slack), the lock-delay, an election, and `inFlightNs` for delays still on the
 * wire at the heal, plus a second of slack for retries.
 */
export function livenessBound(ttlNs: number, lockDelayNs: number, inFlightNs = 0): number {
  return Math.round(ttlNs * (1 + EPSILON) + TICK_SLACK_NS + lockDelayNs + ELECTION_NS + inFlightNs + 1 * SEC);
}

export { faultPhaseFor } from '../../harness/run-options.js';
