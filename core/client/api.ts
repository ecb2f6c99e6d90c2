/**
 * What an application can ask of a lock library: the `LockApi` contract. The lock client library
 * (core/client) implements it, and so do the catalogue's other designs (core/designs); the
 * workloads (scenarios/workloads) are written against it and know nothing else.
 *
 * Contract for every call: the callback runs exactly once, later in simulated time or at once
 * for a local refusal; `{ok: false}` means the call certainly had no effect, and `indeterminate:
 * true` means it may have had one (the history records it as `info`).
 */
import type { KvValue, LockMode, Token } from '../lock/commands.js';

export type { KvValue, LockMode, Token };

export interface CallFailure {
  ok: false;
  /** A short machine-readable code: "timeout", "not-held", "stale-token", "session-expired", ... */
  error: string;
  /** True when the call may still have taken effect. */
  indeterminate?: boolean;
}

export type CallResult<T extends object = object> = ({ ok: true } & T) | CallFailure;

export type Callback<R> = (result: R) => void;

export type AcquireResult = CallResult<{ token: Token }>;
export type ReleaseResult = CallResult;
/** `acquired: false`: another owner holds the lock (a definite answer, not a failure). */
export type TryLockResult = CallResult<{ acquired: boolean; token?: Token }>;
export type UnlockStatus = 'ok' | 'not-held' | 'held-by-other';
export type UnlockResult = CallResult<{ status: UnlockStatus }>;
export type GetResult = CallResult<{ value: KvValue | null }>;
export type PutResult = CallResult;
/** `swapped: false`: the compare failed and nothing changed; `value` is the current value. */
export type CasResult = CallResult<{ swapped: boolean; value: KvValue | null }>;
export type ReadResult = CallResult<{ value: unknown }>;
/** A write the resource refused (a stale token, say) is `{ok: false, error: reason}`. */
export type WriteResult = CallResult;
export type CheckSequencerResult = CallResult<{ current: boolean }>;

/**
 * A file created (and opened) under the session named; `instance` is the log index that created
 * it, which only grows (a token for the file's lifetime). `exists` when the path was taken.
 */
export type CreateFileResult = CallResult<{ session: string; instance: number }>;
export type DeleteFileResult = CallResult;
export type ReadFileResult = CallResult<{ content: string; version: number }>;

/**
 * The library's conservative belief about a lock. `held` is true only while the library is sure
 * the grant is still in force. `token` names the grant the library knows of even when it no longer
 * believes in it (after a suspension, say), so that the application can still release it.
 */
export interface Holding {
  held: boolean;
  token: Token | null;
}

/** The session's connection, after Curator's states. */
export type SessionState = 'connected' | 'suspended' | 'reconnected' | 'lost';

export type LockClientEvent =
  | { type: 'session'; state: SessionState }
  /**
   * The library started (`held: true`) or stopped (`held: false`, with a reason) believing in a
   * grant. `endedAgoNs`: the belief ended this long before the event (its deadline passed while the
   * process was paused and the timer ran late); absent or zero when it ended as the event says.
   */
  | { type: 'belief'; lock: string; token: Token; mode: LockMode; held: boolean; reason?: string; endedAgoNs?: number };

export type EventListener = (event: LockClientEvent) => void;

/** The grant a resource call is made under. */
export interface Fence {
  token: Token;
  lock: string;
}

export interface LockApi {
  /** Waits in the lock's queue until granted (or the library gives up). */
  acquire(lock: string, mode: LockMode, cb: Callback<AcquireResult>): void;
  /** Releases the grant `token` of `lock`. */
  release(lock: string, token: Token, cb: Callback<ReleaseResult>): void;

  /** The sidecar lock API of seed 000: a non-blocking lock that expires `expireMs` after it is taken. */
  tryLock(resourceId: string, owner: string, expireMs: number, cb: Callback<TryLockResult>): void;
  unlock(resourceId: string, owner: string, cb: Callback<UnlockResult>): void;

  get(key: string, cb: Callback<GetResult>): void;
  put(key: string, value: KvValue, cb: Callback<PutResult>): void;
  /** Writes `value` when the current value equals `expected` (null: the key is absent). */
  cas(key: string, expected: KvValue | null, value: KvValue, cb: Callback<CasResult>): void;

  /**
   * Reads the protected resource. A read inside a critical section carries the grant (`fence`):
   * a fenced resource refuses it if a later grant was seen, and otherwise remembers the token, so
   * a zombie's write cannot land between this holder's read and its write.
   */
  read(key: string, cb: Callback<ReadResult>, fence?: Fence): void;
  /** Writes the protected resource, carrying the fencing token of `lock` (null: none). */
  write(key: string, value: unknown, token: Token | null, lock: string, cb: Callback<WriteResult>): void;

  /** What the library believes now about `lock`. */
  holds(lock: string): Holding;
  /** Session and belief events; returns a function that unsubscribes. */
  onEvent(listener: (event: LockClientEvent) => void): () => void;
}

