/**
 * What an application can ask of a lock library. The contract itself lives in core/contract (one
 * module for every system under test); this file keeps the names the lock client library, the
 * built-in designs and the workloads have always imported.
 */
export type * from '../contract/calls.js';
export type { LockApi, Mutex, TryLockWithTtl, KvCas, FencedResource, LeaderElection, Notices } from '../contract/capabilities.js';
export type { SessionState } from '../contract/events.js';
import type { ClientNotice } from '../contract/events.js';

/** Session and belief notices of the library (the contract's `ClientNotice`). */
export type LockClientEvent = ClientNotice;

/** A subscriber to the library's notices. */
export type EventListener = (event: LockClientEvent) => void;
