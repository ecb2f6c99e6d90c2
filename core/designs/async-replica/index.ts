/**
 * Catalogue async-failover's unsafe design: a primary/replica lock store with asynchronous replication and
 * automatic failover (Redis with Sentinel). See store-server.ts, sentinel.ts and client.ts.
 */
export { asyncReplicaCell, type AsyncReplicaCell, type AsyncReplicaCellOptions, type ProcessSpec } from './cell.js';
export { AsyncStoreClient } from './client.js';
export { AsyncStoreClientProcess, liveClientApi, type ClientApplication } from './client-process.js';
export { fenceKey, kvKey, lockKey, lockOfKey, ttlLockKey } from './keys.js';
export { ClientEvents, type LockApiShape, type LockClientEvent } from './lock-api.js';
export {
  DEFAULT_CLIENT_TUNING,
  DEFAULT_SENTINEL_TUNING,
  DEFAULT_STORE_TUNING,
  type AsyncStoreClientOptions,
  type SentinelOptions,
  type SentinelTuning,
  type StoreServerOptions,
  type StoreTuning,
} from './options.js';
export type { Epoch, KvValue, PrimaryConfig, ReplOffset, StoreCommand } from './protocol.js';
export { Sentinel, type SentinelRecord } from './sentinel.js';
export { StoreServer, type StoreConfigRecord } from './store-server.js';
