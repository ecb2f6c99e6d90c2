/**
 * What an application can ask of the lock client library, in the shapes of
 * scenarios/workloads/lock-api.ts (`LockApi`). core/ may not import from scenarios/, so the same
 * shapes are declared here; TypeScript is structural, and lock-api-compat.test.ts proves that a
 * `LockClient` is a `LockApi`.
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
  /** The library started (`held: true`) or stopped (`held: false`, with a reason) believing in a grant. */
  | { type: 'belief'; lock: string; token: Token; mode: LockMode; held: boolean; reason?: string };

export type EventListener = (event: LockClientEvent) => void;
