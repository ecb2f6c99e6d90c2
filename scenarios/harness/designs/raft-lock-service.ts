/**
 * The built-in Raft lock service as the registry builds it: a knob setting (every design choice,
 * core/designs/raft-lock-service/knobs.ts) and a scenario's parameters (its servers, its timing,
 * whether it protects a resource, its clocks) give one system. The catalogue's four groups once
 * each had a cell of their own that differed only in timing; they are this one builder now, with
 * each group's timing as data.
 */
import type { LockClientOptions } from '../../../core/client/options.js';
import { changedKnobs, type KnobSetting, type KnobValue } from '../../../core/contract/design.js';
import type { ClientDesign } from '../../../core/client/design.js';
import type { FsyncPolicy } from '../../../core/env.js';
import type { LockServiceConfig } from '../../../core/lock/config.js';
import { RAFT_LOCK_SERVICE_KNOBS } from '../../../core/designs/raft-lock-service/knobs.js';
import type { ResourceMode } from '../../../core/resource/resource.js';
import type { LockServerOptions } from '../../../core/server/options.js';
import type { ClockConfig } from '../../../sim/clock.js';
import { MS, SEC } from '../../../sim/time.js';
import type { SystemBuilder } from '../../../core/contract/system.js';
import { RESOURCE_ID } from '../cluster.js';
import { raftLockSystem, type CellGrowth, type MembershipSource, type RaftLockCapability } from '../raft-lock-system.js';

/** The timing a Raft lock service runs with: what its lease arithmetic and liveness bound read. */
export interface RaftTiming {
  tickNs: number;
  electionTicks: number;
  sessionTtlNs: number;
  lockDelayNs: number;
  /** The clock-rate bound the service and its clients assume. */
  epsilon: number;
  /** How much older than a command the log time stamped on it may be. */
  tickSlackNs: number;
  minSessionTtlNs: number;
  requestTimeoutNs: number;
  operationTimeoutNs: number;
  acquireMaxWaitNs: number;
}

/** The timing every group starts from: 10 ms ticks, 10-tick elections, short timeouts. */
export const RAFT_TIMING: Readonly<Omit<RaftTiming, 'sessionTtlNs' | 'lockDelayNs'>> = Object.freeze({
  tickNs: 10 * MS,
  electionTicks: 10,
  epsilon: 0.05,
  tickSlackNs: 100 * MS,
  minSessionTtlNs: 100 * MS,
  requestTimeoutNs: 200 * MS,
  operationTimeoutNs: 2 * SEC,
  acquireMaxWaitNs: 10 * SEC,
});

/** Client options a scenario sets beyond the timing (never a design choice: those are knobs). */
type ClientExtras = Omit<LockClientOptions, 'servers' | 'resource' | 'events' | 'design'>;

/** What a scenario tells the Raft lock service: everything but its design choices. */
export interface RaftLockParams {
  servers: readonly string[];
  timing: Pick<RaftTiming, 'sessionTtlNs' | 'lockDelayNs'> & Partial<RaftTiming>;
  /**
   * Whether the run protects a resource: `true` runs it as the `resource` knob says; a mode names
   * the resource when it is not the design under test (it must be the same on both sides then).
   */
  resource?: boolean | ResourceMode;
  /** Entries between snapshots (the server's own default when `null`). */
  snapshotEntries?: number | null;
  /** Raft settings that are the scenario's, not a knob's (PreVote, flow control). */
  raft?: LockServerOptions['raft'];
  /** Lock service settings that are the scenario's, not a knob's. */
  lock?: Partial<LockServiceConfig>;
  serverClock?(id: string): ClockConfig | undefined;
  clientClock?(id: string): ClockConfig | undefined;
  /** Client options beyond the timing, per client process. */
  client?(id: string): ClientExtras;
  /** The options of the lock client inside a `check-sequencer` resource, when they differ. */
  checker?: ClientExtras;
  /**
   * Spare machines an operator adds while the cell serves, and the servers lost for good; how they
   * join is the `cluster.membership` knob.
   */
  growth?: Omit<CellGrowth, 'membership'>;
}

/** Knobs a scenario's timing carries out (ε, lock-delay): the record reads them into `timing`. */
const TIMING_KNOBS = new Set(['lock.epsilon', 'lock.lockDelay']);

/** The changed knobs under `prefix`, without it. */
function prefixed(changed: Record<string, KnobValue>, prefix: string): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(changed)
      .filter(([name]) => name.startsWith(prefix) && !TIMING_KNOBS.has(name))
      .map(([name, value]) => [name.slice(prefix.length), value]),
  );
}

/** Builds the Raft lock service with `setting` (a full setting of its knob table) for `p`. */
export function buildRaftLockService(setting: KnobSetting, p: RaftLockParams): SystemBuilder<RaftLockCapability> {
  const changed = changedKnobs(RAFT_LOCK_SERVICE_KNOBS, setting);
  const t: RaftTiming = { ...RAFT_TIMING, ...p.timing };
  const lock = { ...(prefixed(changed, 'lock.') as Partial<LockServiceConfig>), ...p.lock };
  const design = prefixed(changed, 'client.') as Partial<ClientDesign>;
  const raft = prefixed(changed, 'raft.') as LockServerOptions['raft'];
  const readPath = changed['server.readPath'] as LockServerOptions['readPath'] | undefined;
  const resource = p.resource === true ? (setting['resource'] as ResourceMode) : p.resource === false ? undefined : p.resource;
  const snapshotEntries = p.snapshotEntries === undefined ? 400 : p.snapshotEntries;
  const timing = { sessionTtlNs: t.sessionTtlNs, epsilon: t.epsilon, requestTimeoutNs: t.requestTimeoutNs, operationTimeoutNs: t.operationTimeoutNs, acquireMaxWaitNs: t.acquireMaxWaitNs };
  return raftLockSystem({
    servers: p.servers,
    fsync: setting['fsync'] as FsyncPolicy,
    ...(resource ? { resource } : {}),
    ...(p.serverClock ? { serverClock: p.serverClock } : {}),
    ...(p.clientClock ? { clientClock: p.clientClock } : {}),
    ...(p.growth ? { growth: { ...p.growth, membership: setting['cluster.membership'] as MembershipSource } } : {}),
    serverOptions: () => ({
      tickNs: t.tickNs,
      raft: { electionTicks: t.electionTicks, heartbeatTicks: 2, preVote: true, checkQuorum: true, ...p.raft, ...raft },
      lock: {
        defaultSessionTtlNs: t.sessionTtlNs,
        minSessionTtlNs: t.minSessionTtlNs,
        epsilon: t.epsilon,
        tickSlackNs: t.tickSlackNs,
        lockDelayNs: t.lockDelayNs,
        ...lock,
      },
      ...(snapshotEntries !== null ? { snapshotEntries } : {}),
      ...(readPath ? { readPath } : {}),
    }),
    clientOptions: (id) => ({
      ...timing,
      ...(Object.keys(design).length > 0 ? { design } : {}),
      ...(id === RESOURCE_ID && p.checker ? p.checker : p.client?.(id)),
    }),
  });
}
