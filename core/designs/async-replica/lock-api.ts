/**
 * The `LockApi` contract (core/client/api.ts) as this design's client implements it, plus the
 * event hub its client processes share across restarts.
 */

export type {
  AcquireResult,
  CallFailure,
  CallResult,
  Callback,
  CasResult,
  GetResult,
  Holding,
  KvValue,
  LockClientEvent,
  LockMode,
  PutResult,
  ReadResult,
  ReleaseResult,
  SessionState,
  Token,
  TryLockResult,
  UnlockResult,
  UnlockStatus,
  WriteResult,
} from '../../client/api.js';
import type { LockApi } from '../../client/api.js';

/** The contract this design's client implements (the same one the lock client library does). */
export type LockApiShape = LockApi;

/** Listeners that outlive a client process, so that a subscription survives its restarts (the contract's one hub). */
export { ClientEvents } from '../../client/events.js';
