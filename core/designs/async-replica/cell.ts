/**
 * A whole deployment of the design in one description: the stores (the first one primary), the
 * sentinels watching them, and the options a client needs to find them. A scenario adds the
 * processes to its world and builds its clients from `clientOptions`.
 */
import type { NodeId, ProcessFactory } from '../../env.js';
import type { AsyncStoreClientOptions, SentinelTuning, StoreServerOptions } from './options.js';
import { Sentinel } from './sentinel.js';
import { StoreServer } from './store-server.js';

export interface AsyncReplicaCellOptions {
  /** Store ids; the primary at first start is `primary`, or the first of them. */
  stores: readonly NodeId[];
  sentinels: readonly NodeId[];
  primary?: NodeId;
  /** Default: a majority of the sentinels. */
  quorum?: number;
  store?: Omit<StoreServerOptions, 'initialPrimary'>;
  sentinel?: Partial<SentinelTuning>;
}

export interface ProcessSpec {
  id: NodeId;
  factory: ProcessFactory;
}

export interface AsyncReplicaCell {
  primary: NodeId;
  stores: readonly NodeId[];
  sentinels: readonly NodeId[];
  /** Stores first, then sentinels: the order to add them to a world. */
  processes: ProcessSpec[];
  clientOptions(resource: NodeId, tuning?: Omit<AsyncStoreClientOptions, 'sentinels' | 'resource'>): AsyncStoreClientOptions;
}

export function asyncReplicaCell(o: AsyncReplicaCellOptions): AsyncReplicaCell {
  if (o.stores.length === 0) throw new RangeError('async replica cell: needs at least one store');
  const primary = o.primary ?? (o.stores[0] as NodeId);
  const quorum = o.quorum ?? Math.floor(o.sentinels.length / 2) + 1;
  const processes: ProcessSpec[] = [
    ...o.stores.map((id) => ({ id, factory: ((env) => new StoreServer(env, { ...o.store, initialPrimary: primary })) as ProcessFactory })),
    ...o.sentinels.map((id) => ({
      id,
      factory: ((env) => new Sentinel(env, { ...o.sentinel, stores: o.stores, sentinels: o.sentinels, initialPrimary: primary, quorum })) as ProcessFactory,
    })),
  ];
  return {
    primary,
    stores: o.stores,
    sentinels: o.sentinels,
    processes,
    clientOptions: (resource, tuning = {}) => ({ ...tuning, sentinels: o.sentinels, resource }),
  };
}
