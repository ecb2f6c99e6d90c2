/**
 * The shapes of the workloads' `LockApi` (scenarios/workloads/lock-api.ts), restated here because
 * `core/` may not import from `scenarios/`. TypeScript compares them structurally; a test checks
 * that the client library is assignable to the workloads' interface.
 */

export type Token = number;
export type LockMode = 'exclusive' | 'shared';
export type KvValue = string | number | boolean;

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
export type TryLockResult = CallResult<{ acquired: boolean; token?: Token }>;
export type UnlockStatus = 'ok' | 'not-held' | 'held-by-other';
export type UnlockResult = CallResult<{ status: UnlockStatus }>;
export type GetResult = CallResult<{ value: KvValue | null }>;
export type PutResult = CallResult;
export type CasResult = CallResult<{ swapped: boolean; value: KvValue | null }>;
export type ReadResult = CallResult<{ value: unknown }>;
export type WriteResult = CallResult;

export interface Holding {
  held: boolean;
  token: Token | null;
}

export type SessionState = 'connected' | 'suspended' | 'reconnected' | 'lost';

export type LockClientEvent =
  | { type: 'session'; state: SessionState }
  | { type: 'belief'; lock: string; token: Token; mode: LockMode; held: boolean; reason?: string };

export interface LockApiShape {
  acquire(lock: string, mode: LockMode, cb: Callback<AcquireResult>): void;
  release(lock: string, token: Token, cb: Callback<ReleaseResult>): void;
  tryLock(resourceId: string, owner: string, expireMs: number, cb: Callback<TryLockResult>): void;
  unlock(resourceId: string, owner: string, cb: Callback<UnlockResult>): void;
  get(key: string, cb: Callback<GetResult>): void;
  put(key: string, value: KvValue, cb: Callback<PutResult>): void;
  cas(key: string, expected: KvValue | null, value: KvValue, cb: Callback<CasResult>): void;
  read(key: string, cb: Callback<ReadResult>, fence?: { token: Token; lock: string }): void;
  write(key: string, value: unknown, token: Token | null, lock: string, cb: Callback<WriteResult>): void;
  holds(lock: string): Holding;
  onEvent(listener: (event: LockClientEvent) => void): () => void;
}

/** Listeners that outlive a client process, so that a subscription survives its restarts. */
export class ClientEvents {
  private readonly listeners = new Set<(e: LockClientEvent) => void>();

  on(listener: (e: LockClientEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(e: LockClientEvent): void {
    for (const l of this.listeners) l(e);
  }
}
