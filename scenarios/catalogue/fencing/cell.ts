/**
 * The lock cell the fencing cases share: three Raft lock servers, the protected resource and a few
 * clients, with one set of timings. Each case changes only what its hazard is about (the
 * resource's defence, the lock-delay, the client's lease arithmetic), so its unsafe and safe
 * designs differ in that one choice.
 */
import type { LockClientOptions } from '../../../core/client/index.js';
import type { LockServiceConfig } from '../../../core/lock/config.js';
import type { ResourceMode } from '../../../core/resource/resource.js';
import type { ClockConfig } from '../../../sim/clock.js';
import { MS, SEC } from '../../../sim/time.js';
import { RESOURCE_ID } from '../../harness/cluster.js';
import { raftLockSystem } from '../../harness/raft-lock-system.js';
import type { SystemFactory } from '../../harness/system.js';

export const SERVERS: readonly string[] = ['n1', 'n2', 'n3'];
export const TICK_NS = 10 * MS;
export const ELECTION_TICKS = 10;
/** The clock-rate bound the service and its clients assume. */
export const EPSILON = 0.05;
/** How much older than a command the log time stamped on it may be (lock config `tickSlackNs`). */
export const TICK_SLACK_NS = 100 * MS;
/** The longest an election takes once a majority can talk: two election timeouts. */
export const ELECTION_NS = 2 * 2 * ELECTION_TICKS * TICK_NS;

export function clientIds(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `c${i + 1}`);
}

export interface CellOptions {
  clients: readonly string[];
  sessionTtlNs: number;
  lockDelayNs: number;
  /** The protected resource's defence; absent: the cell has no resource. */
  resource?: ResourceMode;
  /** Lock service settings besides the session TTL, ε, tick slack and lock-delay. */
  lock?: Partial<LockServiceConfig>;
  /** Client library settings besides the servers, TTL and ε (the design goes here). */
  client?: Omit<LockClientOptions, 'servers' | 'resource' | 'events'>;
  /** Settings of the lock client inside a `check-sequencer` resource, when they differ. */
  checker?: Omit<LockClientOptions, 'servers' | 'resource' | 'events'>;
  serverClock?(id: string): ClockConfig | undefined;
  clientClock?(id: string): ClockConfig | undefined;
}

export function fencingCell(o: CellOptions): SystemFactory {
  return raftLockSystem({
    servers: SERVERS,
    fsync: 'always',
    ...(o.resource ? { resource: o.resource } : {}),
    ...(o.serverClock ? { serverClock: o.serverClock } : {}),
    ...(o.clientClock ? { clientClock: o.clientClock } : {}),
    serverOptions: () => ({
      tickNs: TICK_NS,
      raft: { electionTicks: ELECTION_TICKS, heartbeatTicks: 2, preVote: true, checkQuorum: true },
      lock: {
        defaultSessionTtlNs: o.sessionTtlNs,
        minSessionTtlNs: 100 * MS,
        epsilon: EPSILON,
        tickSlackNs: TICK_SLACK_NS,
        lockDelayNs: o.lockDelayNs,
        ...o.lock,
      },
      snapshotEntries: 400,
    }),
    clientOptions: (id) => ({
      sessionTtlNs: o.sessionTtlNs,
      epsilon: EPSILON,
      requestTimeoutNs: 200 * MS,
      operationTimeoutNs: 2 * SEC,
      acquireMaxWaitNs: 10 * SEC,
      ...(id === RESOURCE_ID && o.checker ? o.checker : o.client),
    }),
  });
}

/**
 * How long after the heal a lock must be grantable again: the lease as the service counts it
 * (TTL·(1+ε) + tick slack), the lock-delay, an election, and `inFlightNs` for delays that were
 * still on the wire at the heal, plus a second of slack for retries.
 */
export function livenessBound(ttlNs: number, lockDelayNs: number, inFlightNs: number): number {
  return Math.round(ttlNs * (1 + EPSILON) + TICK_SLACK_NS + lockDelayNs + ELECTION_NS + inFlightNs + 1 * SEC);
}

export { faultPhaseFor } from '../../harness/run-options.js';
