/**
 * The asynchronous primary/replica lock store (core/designs/async-replica: Redis with Sentinel) as
 * contract system: its stores and sentinels, the protected resource, one client library per client
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
import type { LockApi } from '../../../core/contract/capabilities.js';
import type { EventSink, SystemEvent } from '../../../core/contract/events.js';
import type { SystemBuilder, SystemHost } from '../../../core/contract/system.js';
import { RESOURCE_ID } from '../cluster.js';
import { resourceWriteEvent } from '../resource-writes.js';

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
export function currentPrimary(host: Pick<SystemHost, 'state' | 'running'>, stores: readonly string[]): string | null {
  let best: string | null = null;
  let bestEpoch = -1;
  for (const id of stores) {
    if (host.state(id) !== 'up') continue;
    const s = host.running<StoreServer>(id);
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
export function configuredPrimary(host: Pick<SystemHost, 'state' | 'running'>, sentinels: readonly string[]): string | null {
  let best: { primary: string; epoch: number } | null = null;
  for (const id of sentinels) {
    if (host.state(id) !== 'up') continue;
    const config = host.running<Sentinel>(id)?.config;
    if (config && (best === null || config.epoch > best.epoch)) best = config;
  }
  return best?.primary ?? null;
}

export function asyncReplicaSystem(o: AsyncReplicaSystemOptions): SystemBuilder<'mutex' | 'fenced-resource'> {
  return (host) => {
    const cell = asyncReplicaCell({
      stores: o.stores,
      sentinels: o.sentinels,
      ...(o.store ? { store: o.store } : {}),
      ...(o.sentinel ? { sentinel: o.sentinel } : {}),
    });
    for (const p of cell.processes) host.spawn({ id: p.id, role: o.stores.includes(p.id) ? 'server' : 'monitor', start: p.factory });
    host.spawn({ id: RESOURCE_ID, role: 'resource', start: (env) => new Resource(env, o.resource) });

    const apis = new Map<string, LockApi>();
    for (const id of host.clients) {
      const events = new ClientEvents();
      host.spawn({ id, role: 'client', start: (env) => new AsyncStoreClientProcess(env, cell.clientOptions(RESOURCE_ID, o.client), events) });
      apis.set(id, liveClientApi(() => host.running<AsyncStoreClientProcess>(id)?.client ?? null, events));
    }

    const counts = { grants: 0, failovers: 0 };
    host.onTrace((e) => reportFacts(e, host.events, counts));
    /** Crashed primaries the heal left down, to restart once the sentinels have replaced them. */
    const awaitingReplacement = new Set<string>();
    host.onTrace((e) => {
      const from = e.kind === 'sentinel-failover' ? e.data.from : null;
      if (from === null || !awaitingReplacement.delete(from)) return;
      host.after(0, `restart ${from} (replaced)`, () => host.restart(from));
    });

    return {
      servers: o.stores,
      client: (id) => apis.get(id)!,
      leader: () => currentPrimary(host, o.stores),
      keepDown: (id) => {
        if (!o.stores.includes(id) || host.state(id) !== 'down' || configuredPrimary(host, o.sentinels) !== id) return false;
        awaitingReplacement.add(id);
        return true;
      },
      stats: () => ({ primary: currentPrimary(host, o.stores), storeGrants: counts.grants, failovers: counts.failovers }),
    };
  };
}

/**
 * The primary's lock facts become the record's grants (only a primary traces them), and the
 * resource's writes its log. Only the sentinel that won the vote traces a failover.
 */
function reportFacts(e: TraceEvent, events: EventSink<SystemEvent>, counts: { grants: number; failovers: number }): void {
  switch (e.kind) {
    case 'store:grant': {
      const d = e.data;
      const lock = lockOfKey(d.lock);
      if (lock === null) return;
      counts.grants++;
      events.emit({ type: 'grant', lock: lock.name, owner: d.owner, client: d.client ?? '', token: d.token, mode: 'exclusive' });
      return;
    }
    case 'store:release': {
      const d = e.data;
      const lock = lockOfKey(d.lock);
      if (lock !== null) events.emit({ type: 'release', lock: lock.name, owner: d.owner, token: d.token, reason: d.reason });
      return;
    }
    case 'sentinel-failover':
      counts.failovers++;
      return;
    case 'resource-write':
      events.emit(resourceWriteEvent(e.data));
      return;
  }
}
