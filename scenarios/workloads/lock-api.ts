/**
 * The lock client library as the workloads use it: what an application can ask of a lock service
 * and of the resource the locks protect. The client library (core/client) implements it; the
 * workloads and their tests know nothing else about it.
 *
 * Contract for every call:
 * - the callback is called exactly once: later in simulated time, or at once for a local refusal
 *   (the library applies its own timeouts, so no call is left unanswered);
 * - `{ok: false, error}` means the call certainly had no effect; `indeterminate: true` means it may
 *   have (a timeout, a lost reply, a dropped connection), and the history records it as `info`;
 * - errors are short machine-readable codes ("timeout", "not-held", "stale-token", "session-expired").
 */

/** A fencing token (sequencer): strictly increasing per lock. */
export type Token = number;

export type LockMode = 'exclusive' | 'shared';

/** The grant a resource call is made under. */
export interface Fence {
  token: Token;
  lock: string;
}

/** Values of the service's key-value store. */
export type KvValue = string | number | boolean;

/** A call that did not succeed. */
export interface CallFailure {
  ok: false;
  error: string;
  /** True when the call may still have taken effect. */
  indeterminate?: boolean;
}

export type CallResult<T extends object = object> = ({ ok: true } & T) | CallFailure;

export type Callback<R> = (result: R) => void;

export type AcquireResult = CallResult<{ token: Token }>;
export type ReleaseResult = CallResult;
/** `acquired: false` means another owner holds the lock (a definite answer, not a failure). */
export type TryLockResult = CallResult<{ acquired: boolean; token?: Token }>;
export type UnlockStatus = 'ok' | 'not-held' | 'held-by-other';
export type UnlockResult = CallResult<{ status: UnlockStatus }>;
export type GetResult = CallResult<{ value: KvValue | null }>;
export type PutResult = CallResult;
/** `swapped: false` means the compare failed and nothing changed; `value` is the current value. */
export type CasResult = CallResult<{ swapped: boolean; value: KvValue | null }>;
export type ReadResult = CallResult<{ value: unknown }>;
/** A write the resource refused (e.g. a stale token) is `{ok: false, error: reason}`. */
export type WriteResult = CallResult;

/** The library's conservative belief about a lock: held only while it is sure it still is. */
export interface Holding {
  held: boolean;
  token: Token | null;
}

/**
 * The session's connection, after Curator's states: `suspended` when the library has lost contact
 * and cannot be sure the session lives; `reconnected` when contact is back with the same session;
 * `lost` when the session is certainly gone (expired, or the library gave it up), with every lock
 * it held.
 */
export type SessionState = 'connected' | 'suspended' | 'reconnected' | 'lost';

export type LockClientEvent =
  | { type: 'session'; state: SessionState }
  /**
   * The library's belief about a lock changed: `held: true` when it learned of a grant, `held:
   * false` when it stopped believing (reason: "released", "deadline", "lost", ...). These are the
   * intervals the mutual-exclusion checker judges.
   */
  | { type: 'belief'; lock: string; token: Token; mode: LockMode; held: boolean; reason?: string };

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
