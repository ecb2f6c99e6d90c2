/**
 * A small deployment for this design's tests: stores n1..n3 (n1 primary), one or three sentinels,
 * the fenced resource and two clients, added to a world the test makes. The world is taken by its
 * shape, so that core/ need not import the simulator.
 */
import type { NodeId, ProcessFactory } from '../../../env.js';
import { Resource } from '../../../resource/resource.js';
import { asyncReplicaCell, type AsyncReplicaCell } from '../cell.js';
import type { AsyncStoreClient } from '../client.js';
import { AsyncStoreClientProcess, liveClientApi } from '../client-process.js';
import { ClientEvents, type LockApiShape, type LockClientEvent } from '../lock-api.js';
import type { AsyncStoreClientOptions, SentinelTuning, StoreServerOptions } from '../options.js';
import type { Sentinel } from '../sentinel.js';
import type { StoreServer } from '../store-server.js';

/** What the deployment needs of the simulated world. */
export interface WorldLike {
  readonly now: number;
  addProcess(id: NodeId, factory: ProcessFactory): void;
  process(id: NodeId): unknown;
  status(id: NodeId): 'up' | 'paused' | 'down';
  runUntilTrue(done: () => boolean, deadline: number): boolean;
}

export interface DeploymentOptions {
  sentinels?: readonly NodeId[];
  clients?: readonly NodeId[];
  store?: Omit<StoreServerOptions, 'initialPrimary'>;
  sentinel?: Partial<SentinelTuning>;
  client?: Omit<AsyncStoreClientOptions, 'sentinels' | 'resource'>;
}

/** A belief event as a client announced it, with the true time it happened. */
export type TimedEvent = LockClientEvent & { client: NodeId; at: number };

export const RESOURCE = 'resource';
export const STORES = ['n1', 'n2', 'n3'] as const;

export interface Deployment<W extends WorldLike> {
  world: W;
  cell: AsyncReplicaCell;
  clients: readonly NodeId[];
  /** Each client's library, following it across restarts. */
  api(id: NodeId): LockApiShape;
  client(id: NodeId): AsyncStoreClient;
  store(id: NodeId): StoreServer;
  sentinel(id: NodeId): Sentinel;
  resource(): Resource;
  /** Every event every client announced, in order. */
  events: TimedEvent[];
  /** Starts a call and runs the world until its callback comes (throws if none comes in time). */
  answer<R>(start: (cb: (r: R) => void) => void, withinNs?: number): R;
  /** The primary the sentinels agree on (throws if they disagree). */
  primary(): NodeId;
}

export function deploy<W extends WorldLike>(world: W, options: DeploymentOptions = {}): Deployment<W> {
  const cell = asyncReplicaCell({
    stores: STORES,
    sentinels: options.sentinels ?? ['s1'],
    ...(options.store ? { store: options.store } : {}),
    sentinel: { downAfterNs: 300_000_000, pingEveryNs: 50_000_000, failoverTimeoutNs: 1_000_000_000, electionJitterNs: 50_000_000, ...options.sentinel },
  });
  for (const p of cell.processes) world.addProcess(p.id, p.factory);
  world.addProcess(RESOURCE, (env) => new Resource(env, 'fenced'));
  const clients = options.clients ?? ['c1', 'c2'];
  const events: TimedEvent[] = [];
  const apis = new Map<NodeId, LockApiShape>();
  for (const id of clients) {
    const hub = new ClientEvents();
    hub.on((e) => events.push({ ...e, client: id, at: world.now }));
    world.addProcess(id, (env) => new AsyncStoreClientProcess(env, cell.clientOptions(RESOURCE, options.client), hub));
    apis.set(id, liveClientApi(() => (world.status(id) === 'down' ? null : ((world.process(id) as AsyncStoreClientProcess | null)?.client ?? null)), hub));
  }
  const live = <P>(id: NodeId): P => {
    const p = world.process(id) as P | null;
    if (p === null) throw new Error(`${id} is down`);
    return p;
  };
  return {
    world,
    cell,
    clients,
    api: (id) => apis.get(id)!,
    client: (id) => live<AsyncStoreClientProcess>(id).client,
    store: (id) => live<StoreServer>(id),
    sentinel: (id) => live<Sentinel>(id),
    resource: () => live<Resource>(RESOURCE),
    events,
    answer<R>(start: (cb: (r: R) => void) => void, withinNs = 5_000_000_000): R {
      const box: { r?: R; done: boolean } = { done: false };
      start((r) => {
        box.r = r;
        box.done = true;
      });
      if (!world.runUntilTrue(() => box.done, world.now + withinNs)) throw new Error('the call was not answered in time');
      return box.r as R;
    },
    primary(): NodeId {
      const views = cell.sentinels.filter((s) => world.status(s) === 'up').map((s) => live<Sentinel>(s).config.primary);
      if (new Set(views).size !== 1) throw new Error(`the sentinels disagree: ${views.join(', ')}`);
      return views[0] as NodeId;
    },
  };
}
