/**
 * The answers a client call gets, shared by every capability of the contract.
 *
 * Contract for every call: the callback runs exactly once, later in simulated time or at once for
 * a local refusal; `{ok: false}` means the call certainly had no effect, and `indeterminate: true`
 * means it may have had one (the history records it as `info`, as Jepsen does).
 */
import type { KvValue, LockMode, Token } from '../lock/commands.js';

export type { KvValue, LockMode, Token };

/** A call that failed: `indeterminate` when it may still have taken effect. */
export interface CallFailure {
  ok: false;
  /** A short machine-readable code: "timeout", "not-held", "stale-token", "session-expired", ... */
  error: string;
  /** True when the call may still have taken effect. */
  indeterminate?: boolean;
}

/** Success with the fields `T`, or a failure. */
export type CallResult<T extends object = object> = ({ ok: true } & T) | CallFailure;

/** The continuation of a call; runs exactly once. */
export type Callback<R> = (result: R) => void;

/** A grant of a blocking acquire, with its fencing token. */
export type AcquireResult = CallResult<{ token: Token }>;
/** The answer to a release. */
export type ReleaseResult = CallResult;
/** `acquired: false`: another owner holds the lock (a definite answer, not a failure). */
export type TryLockResult = CallResult<{ acquired: boolean; token?: Token }>;
/** What an unlock found: released, not held at all, or held by someone else (left alone). */
export type UnlockStatus = 'ok' | 'not-held' | 'held-by-other';
/** The answer to an unlock of a try-lock. */
export type UnlockResult = CallResult<{ status: UnlockStatus }>;
/** A key's value (null: absent). */
export type GetResult = CallResult<{ value: KvValue | null }>;
/** The answer to a put. */
export type PutResult = CallResult;
/** `swapped: false`: the compare failed and nothing changed; `value` is the current value. */
export type CasResult = CallResult<{ swapped: boolean; value: KvValue | null }>;
/** What the protected resource holds under a key. */
export type ReadResult = CallResult<{ value: unknown }>;
/** A write the resource refused (a stale token, say) is `{ok: false, error: reason}`. */
export type WriteResult = CallResult;
/** Whether a sequencer (lock, token) is still the current grant. */
export type CheckSequencerResult = CallResult<{ current: boolean }>;

/**
 * A file created (and opened) under the session named; `instance` is the log index that created
 * it, which only grows (a token for the file's lifetime). `exists` when the path was taken.
 */
export type CreateFileResult = CallResult<{ session: string; instance: number }>;
/** The answer to a file delete. */
export type DeleteFileResult = CallResult;
/** A file's content and version. */
export type ReadFileResult = CallResult<{ content: string; version: number }>;

/**
 * The library's conservative belief about a lock. `held` is true only while the library is sure
 * the grant is still in force. `token` names the grant the library knows of even when it no longer
 * believes in it (after a suspension, say), so that the application can still release it.
 */
export interface Holding {
  held: boolean;
  token: Token | null;
  /**
   * When `held` is false because the believed end of a grant the library still believed in has
   * passed (its timer has not fired yet, say, because the process was paused): how long ago that
   * end was, on the library's own monotonic clock. An application that acts only while the
   * library believes dates its own end there, not at the moment it asks.
   */
  endedAgoNs?: number;
}

/** The grant a resource call is made under. */
export interface Fence {
  token: Token;
  lock: string;
}
