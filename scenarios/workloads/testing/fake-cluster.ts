/**
 * A small world for workload tests: the fake lock server ("lock"), the real protected resource
 * ("resource", in a chosen mode) and `n` clients ("c1".."cn") running the fake library, with a
 * recorder that also takes the resource's traced writes into its log.
 */
import { Resource, type ResourceMode } from '../../../core/resource/resource.js';
import { HistoryRecorder, type RecordPart } from '../../../sim/recorder.js';
import { MS, SEC } from '../../../sim/time.js';
import { World } from '../../../sim/world.js';
import type { LatencyConfig } from '../../../sim/network.js';
import type { LockApi } from '../lock-api.js';
import { EventHub, FakeLockClient, liveApi, type FakeClientOptions } from './fake-lock-client.js';
import { FakeLockServer } from './fake-lock-server.js';
import { resourceWriteOf } from '../../harness/resource-writes.js';
import { onTraceEvent } from '../../harness/trace-events.js';

export interface FakeClusterOptions {
  seed: number;
  clients: number;
  resourceMode?: ResourceMode;
  sessionTtlNs?: number;
  requestTimeoutNs?: number;
  keepAliveEveryNs?: number;
  /** The fraction of the lease the client library trusts (above 1 makes it unsafe). */
  trust?: number;
  latency?: Partial<LatencyConfig>;
  records?: RecordPart[];
}

export interface FakeCluster {
  world: World;
  recorder: HistoryRecorder;
  clients: string[];
  /** Each client's library, following the client across restarts. */
  apis: Map<string, LockApi>;
  server(): FakeLockServer;
  resource(): Resource;
}

export const LOCK_SERVER = 'lock';
export const RESOURCE = 'resource';

export function fakeCluster(options: FakeClusterOptions): FakeCluster {
  const latency: LatencyConfig = { minNs: 200_000, meanNs: 1 * MS, tailProbability: 0, tailNs: 0, ...options.latency };
  const world = new World({ seed: options.seed, network: { latency } });
  const sessionTtlNs = options.sessionTtlNs ?? 2 * SEC;
  const clients = Array.from({ length: options.clients }, (_, i) => `c${i + 1}`);
  const recorder = new HistoryRecorder({ now: () => world.now, clients, records: options.records ?? ['beliefs', 'resourceLog'] });

  world.addProcess(LOCK_SERVER, (env) => new FakeLockServer(env, { sessionTtlNs }));
  world.addProcess(RESOURCE, (env) => new Resource(env, options.resourceMode ?? 'fenced'));
  const libOptions: FakeClientOptions = {
    server: LOCK_SERVER,
    resource: RESOURCE,
    sessionTtlNs,
    requestTimeoutNs: options.requestTimeoutNs ?? 100 * MS,
    keepAliveEveryNs: options.keepAliveEveryNs ?? sessionTtlNs / 4,
  };
  if (options.trust !== undefined) libOptions.trust = options.trust;
  const apis = new Map<string, LockApi>();
  for (const id of clients) {
    const hub = new EventHub();
    world.addProcess(id, (env) => new FakeLockClient(env, libOptions, hub));
    apis.set(id, liveApi(world, id, hub));
  }

  onTraceEvent(world, (e) => {
    if (e.kind !== 'resource-write' || e.node !== RESOURCE || recorder.closed) return;
    recorder.resourceWrite(resourceWriteOf(e.data, e.t));
  });

  return {
    world,
    recorder,
    clients,
    apis,
    server: () => world.process<FakeLockServer>(LOCK_SERVER)!,
    resource: () => world.process<Resource>(RESOURCE)!,
  };
}
