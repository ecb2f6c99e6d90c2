/**
 * The Raft lock service as a `LockSystem`: servers (core/server), the protected resource, and one
 * lock client library (core/client) per client process.
 */
import { ClientEvents, LockClientProcess, lockClientSequencerChecker, type LockClientOptions } from '../../core/client/index.js';
import type { FsyncPolicy } from '../../core/env.js';
import type { ResourceMode } from '../../core/resource/resource.js';
import type { DesignedClock, NemesisContext } from '../../nemesis/context.js';
import type { LockServerOptions } from '../../core/server/options.js';
import type { ClockConfig } from '../../sim/clock.js';
import type { World } from '../../sim/world.js';
import type { LockApi } from '../workloads/lock-api.js';
import { liveApi } from '../workloads/live-api.js';
import { Cluster, RESOURCE_ID } from './cluster.js';
import { RaftBridge } from './raft-bridge.js';
import type { LockSystem, SystemFactory, SystemSetup } from './system.js';

export interface RaftLockSystemOptions {
  servers: readonly string[];
  serverOptions(id: string): Omit<LockServerOptions, 'id' | 'peers'>;
  fsync: FsyncPolicy;
  serverClock?(id: string): ClockConfig | undefined;
  clientClock?(id: string): ClockConfig | undefined;
  clientOptions(id: string): Omit<LockClientOptions, 'servers' | 'resource' | 'events'>;
  resource?: ResourceMode;
  /** Let the nemesis add and remove voters. */
  membership?: boolean;
}

/** The library of whichever incarnation of a client process is running now. */
export function liveLockApi(world: World, id: string, hub: ClientEvents): LockApi {
  return liveApi(
    () => (world.status(id) === 'down' ? null : (world.process<LockClientProcess>(id)?.client ?? null)),
    (listener) => hub.on(listener),
  );
}

/**
 * A Raft lock cell as a `LockSystem`: whatever clients and nemesis a system brings, the replicas,
 * quiescence, the Raft monitors and the stats come from the cluster and its bridge.
 */
export function clusterSystem(cluster: Cluster, bridge: RaftBridge, apis: ReadonlyMap<string, LockApi>, nemesis: NemesisContext): LockSystem {
  return {
    apis,
    nemesis,
    replicaStates: () => cluster.replicaStates(),
    quiesce: () => cluster.quiesce(),
    quiescent: () => cluster.quiescent(),
    monitorViolations: (endAt) => {
      bridge.monitor.finalState(endAt);
      return [...bridge.monitor.violations()];
    },
    stats: () => ({ committed: cluster.maxApplied(), leader: cluster.leader() }),
  };
}

/** The parts of a process's clock configuration that the final heal restores. */
function designedClock(c: ClockConfig | undefined): DesignedClock | undefined {
  if (c === undefined) return undefined;
  return {
    ...(c.driftPpm !== undefined ? { driftPpm: c.driftPpm } : {}),
    ...(c.wallDriftPpm !== undefined ? { wallDriftPpm: c.wallDriftPpm } : {}),
    ...(c.wallOffsetNs !== undefined ? { wallOffsetNs: c.wallOffsetNs } : {}),
  };
}

export function raftLockSystem(o: RaftLockSystemOptions): SystemFactory {
  return ({ world, recorder, clients }: SystemSetup): LockSystem => {
    const bridge = new RaftBridge(() => world.now);
    const cluster = new Cluster(
      world,
      {
        servers: o.servers,
        serverOptions: o.serverOptions,
        fsync: o.fsync,
        ...(o.serverClock ? { serverClock: o.serverClock } : {}),
        observer: bridge,
        ...(o.resource
          ? {
              resource: {
                mode: o.resource,
                checker: (env) => lockClientSequencerChecker(env, { servers: o.servers, ...o.clientOptions('resource') }),
              },
            }
          : {}),
      },
      recorder,
    );
    const apis = new Map<string, LockApi>();
    for (const id of clients) {
      const hub = new ClientEvents();
      const clock = o.clientClock?.(id);
      world.addProcess(
        id,
        (env) => new LockClientProcess(env, { ...o.clientOptions(id), servers: o.servers, ...(o.resource ? { resource: RESOURCE_ID } : {}), events: hub }),
        clock ? { clock } : {},
      );
      apis.set(id, liveLockApi(world, id, hub));
    }
    const nemesis = cluster.nemesisContext(clients, {
      // The final heal resets every clock, then re-applies the designed ones: the clients' too.
      designedClock: (id) => designedClock(o.clientClock?.(id) ?? o.serverClock?.(id)),
      ...(o.membership
        ? {
            addVoter: () => {
              cluster.addVoter();
            },
            removeVoter: (id: string) => {
              cluster.removeVoter(id);
            },
          }
        : {}),
    });
    return clusterSystem(cluster, bridge, apis, nemesis);
  };
}
