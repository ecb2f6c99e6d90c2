/**
 * The asynchronous primary/replica lock store (core/designs/async-replica: Redis with Sentinel) as
 * a `LockSystem`: its stores and sentinels, the protected resource, one client library per client
 * process, and the record the checkers need, read from the trace. The nemesis sees the stores as
 * the servers and the current primary as the leader; the sentinels are the failover machinery,
 * not a target.
 *
 * The final heal does not restart a crashed primary the sentinels have not replaced yet: it comes
 * back once a replica has been promoted in its place. Restarted sooner, it would return empty and
 * still primary, and its replicas would copy the emptiness: a hazard of its own (a store without
 * persistence restarted automatically), not the lost replication this system is run to show.
 */
import { asyncReplicaCell, AsyncStoreClientProcess, ClientEvents, liveClientApi, lockOfKey } from '../../../core/designs/async-replica/index.js';
import type { AsyncStoreClientOptions, SentinelTuning, StoreServerOptions } from '../../../core/designs/async-replica/index.js';
import type { Sentinel, StoreServer } from '../../../core/designs/async-replica/index.js';
import { Resource, type ResourceMode } from '../../../core/resource/resource.js';
import type { TraceEvent } from '../../../checker/trace.js';
import type { HistoryRecorder } from '../../../sim/recorder.js';
import type { World } from '../../../sim/world.js';
import { RESOURCE_ID } from '../cluster.js';
import { resourceWriteOf } from '../resource-writes.js';
import { onTraceEvent } from '../trace-events.js';
import type { LockSystem, SystemFactory, SystemSetup } from '../system.js';
import type { LockApi } from '../../workloads/lock-api.js';

export interface AsyncReplicaSystemOptions {
  /** Store ids; the first is the primary at the start. */
  stores: readonly string[];
  sentinels: readonly string[];
  store?: Omit<StoreServerOptions, 'initialPrimary'>;
  sentinel?: Partial<SentinelTuning>;
  client?: Omit<AsyncStoreClientOptions, 'sentinels' | 'resource'>;
  /** How the protected resource treats tokens. */
  resource: ResourceMode;
}

/** The live store that is primary in the newest configuration epoch, or null while none is. */
export function currentPrimary(world: World, stores: readonly string[]): string | null {
  let best: string | null = null;
  let bestEpoch = -1;
  for (const id of stores) {
    if (world.status(id) !== 'up') continue;
    const s = world.process<StoreServer>(id);
    // A restarted old primary still calls itself primary until the sentinels demote it; the
    // store promoted since then has the newer epoch.
    if (s?.isPrimary && s.configEpoch > bestEpoch) {
      best = id;
      bestEpoch = s.configEpoch;
    }
  }
  return best;
}

/** The primary of the newest configuration any live sentinel knows. */
export function configuredPrimary(world: World, sentinels: readonly string[]): string | null {
  let best: { primary: string; epoch: number } | null = null;
  for (const id of sentinels) {
    if (world.status(id) !== 'up') continue;
    const config = world.process<Sentinel>(id)?.config;
    if (config && (best === null || config.epoch > best.epoch)) best = config;
  }
  return best?.primary ?? null;
}

export function asyncReplicaSystem(o: AsyncReplicaSystemOptions): SystemFactory {
  return ({ world, recorder, clients }: SystemSetup): LockSystem => {
    const cell = asyncReplicaCell({
      stores: o.stores,
      sentinels: o.sentinels,
      ...(o.store ? { store: o.store } : {}),
      ...(o.sentinel ? { sentinel: o.sentinel } : {}),
    });
    for (const p of cell.processes) world.addProcess(p.id, p.factory);
    world.addProcess(RESOURCE_ID, (env) => new Resource(env, o.resource));

    const apis = new Map<string, LockApi>();
    for (const id of clients) {
      const events = new ClientEvents();
      world.addProcess(id, (env) => new AsyncStoreClientProcess(env, cell.clientOptions(RESOURCE_ID, o.client), events));
      const current = () => (world.status(id) === 'down' ? null : (world.process<AsyncStoreClientProcess>(id)?.client ?? null));
      apis.set(id, liveClientApi(current, events));
    }

    const counts = { grants: 0, failovers: 0 };
    onTraceEvent(world, (e) => recordFacts(e, recorder, counts));
    /** Crashed primaries the heal left down, to restart once the sentinels have replaced them. */
    const awaitingReplacement = new Set<string>();
    onTraceEvent(world, (e) => {
      const from = e.kind === 'sentinel-failover' ? e.data.from : null;
      if (from === null || !awaitingReplacement.delete(from)) return;
      world.after(0, `restart ${from} (replaced)`, () => world.restart(from));
    });
    const keepDown = (id: string): boolean => {
      if (!o.stores.includes(id) || world.status(id) !== 'down' || configuredPrimary(world, o.sentinels) !== id) return false;
      awaitingReplacement.add(id);
      return true;
    };

    return {
      apis,
      nemesis: {
        servers: o.stores,
        clients,
        resource: RESOURCE_ID,
        leader: () => currentPrimary(world, o.stores),
        recordOp: (op) => {
          recorder.nemesisOp(op.f, op.value, op.type);
        },
        keepDown,
      },
      stats: () => ({ primary: currentPrimary(world, o.stores), storeGrants: counts.grants, failovers: counts.failovers }),
    };
  };
}

/**
 * The primary's lock facts become the record's grants (only a primary traces them), and the
 * resource's writes its log. Only the sentinel that won the vote traces a failover.
 */
function recordFacts(e: TraceEvent, recorder: HistoryRecorder, counts: { grants: number; failovers: number }): void {
  if (recorder.closed) return;
  switch (e.kind) {
    case 'store:grant': {
      const d = e.data;
      const lock = lockOfKey(d.lock);
      if (lock === null) return;
      counts.grants++;
      recorder.grant({ lock: lock.name, owner: d.owner, client: d.client ?? '', token: d.token, mode: 'exclusive', at: e.t });
      return;
    }
    case 'store:release': {
      const d = e.data;
      const lock = lockOfKey(d.lock);
      if (lock !== null) recorder.grantEnd(lock.name, d.owner, d.token, d.reason, e.t);
      return;
    }
    case 'sentinel-failover':
      counts.failovers++;
      return;
    case 'resource-write':
      recorder.resourceWrite(resourceWriteOf(e.data, e.t));
      return;
  }
}
