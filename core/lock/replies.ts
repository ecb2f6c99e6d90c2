/**
 * What the state machine answers. Every reply is `{ok: true, type, ...}` or
 * `{ok: false, error: {code, message}}`; a refused command has changed nothing.
 */
import type { DurationNs } from '../env.js';
import type { LogIndex } from '../server/state-machine.js';
import type { KvValue, LockMode, NodeKind, OpenMode, Path, SessionId, Token } from './commands.js';
import type { LogNs } from './lease-policy.js';

export type ErrorCode =
  /** The payload is not an object or names no known command type. */
  | 'unknown-command'
  /** A field is missing or has the wrong type or range. */
  | 'bad-argument'
  | 'bad-path'
  | 'bad-mode'
  | 'bad-owner'
  | 'bad-expiry'
  | 'bad-ttl'
  /** A retry older than the client's last executed request; its reply is no longer kept. */
  | 'stale-request'
  | 'no-such-session'
  | 'session-expired'
  | 'session-closed'
  | 'no-such-path'
  | 'exists'
  | 'not-a-directory'
  | 'not-a-file'
  | 'not-empty'
  /** Other sessions have the node open, or its lock is held or awaited. */
  | 'in-use'
  /** The root cannot be deleted or locked. */
  | 'is-root'
  /** The session has not opened the path. */
  | 'not-open'
  /** The session opened the path read-only and asks to write, lock or delete. */
  | 'wrong-mode'
  | 'version-mismatch'
  | 'already-held'
  | 'already-waiting'
  | 'not-held'
  /** A release naming a grant that is no longer the session's current one. */
  | 'stale-token';

export interface LockError {
  code: ErrorCode;
  message: string;
  /**
   * With `already-held`: the grant the session holds. A client whose grant answer was lost learns
   * its token this way instead of waiting out its session.
   */
  token?: number;
}

export interface ErrorReply {
  ok: false;
  error: LockError;
}

export function fail(code: ErrorCode, message: string): ErrorReply {
  return { ok: false, error: { code, message } };
}

export function isError(value: unknown): value is ErrorReply {
  return typeof value === 'object' && value !== null && (value as { ok?: unknown }).ok === false;
}

export interface TickReply {
  ok: true;
  type: 'tick';
  /** Log time after the tick. */
  clockNs: LogNs;
}

export interface OpenSessionReply {
  ok: true;
  type: 'open-session';
  session: SessionId;
  /** The negotiated lease: a duration, never a deadline, so that no clock is shared. */
  leaseNs: DurationNs;
}

export interface KeepAliveReply {
  ok: true;
  type: 'keep-alive';
  leaseNs: DurationNs;
}

export interface CloseSessionReply {
  ok: true;
  type: 'close-session';
}

export interface OpenReply {
  ok: true;
  type: 'open';
  path: Path;
  mode: OpenMode;
  kind: NodeKind;
  ephemeral: boolean;
  created: boolean;
  /** Log index that created this incarnation of the node (Chubby's instance number). */
  instance: LogIndex;
}

export interface CloseReply {
  ok: true;
  type: 'close';
}

export interface DeleteReply {
  ok: true;
  type: 'delete';
}

export interface GetContentsReply {
  ok: true;
  type: 'get-contents';
  content: string;
  version: number;
}

export interface SetContentsReply {
  ok: true;
  type: 'set-contents';
  version: number;
}

export interface ListReply {
  ok: true;
  type: 'list';
  /** Child names (last path component), sorted. */
  children: string[];
}

export interface AcquireGranted {
  ok: true;
  type: 'acquire';
  granted: true;
  token: Token;
  mode: LockMode;
}

export interface AcquireNotGranted {
  ok: true;
  type: 'acquire';
  granted: false;
  /**
   * true: the request waits in the FIFO queue; its answer comes later, in `ApplyResult.answers`,
   * for the request of log index `waitIndex`. false: a try-acquire that found the lock busy.
   */
  queued: boolean;
  waitIndex?: LogIndex;
  /** Why the lock could not be granted now. */
  blockedBy: 'holder' | 'queue' | 'lock-delay';
}

/**
 * The answer to a waiting acquire under the herd discipline (herd-starvation): the lock changed, and the
 * waiter must send its acquire again (with a new sequence number) to compete for it.
 */
export interface AcquireWoken {
  ok: true;
  type: 'acquire';
  granted: false;
  queued: false;
  woken: true;
}

export type AcquireReply = AcquireGranted | AcquireNotGranted | AcquireWoken;

export interface ReleaseReply {
  ok: true;
  type: 'release';
}

export interface CheckSequencerReply {
  ok: true;
  type: 'check-sequencer';
  current: boolean;
}

export interface TryLockReply {
  ok: true;
  type: 'try-lock';
  acquired: boolean;
  /** Present when acquired. */
  token?: Token;
}

export type UnlockStatus = 'ok' | 'not-held' | 'held-by-other';

export interface UnlockReply {
  ok: true;
  type: 'unlock';
  status: UnlockStatus;
}

export interface KvGetReply {
  ok: true;
  type: 'get';
  value: KvValue | null;
  /** 0 when the key is absent. */
  version: number;
}

export interface KvPutReply {
  ok: true;
  type: 'put';
  version: number;
}

export interface KvCasReply {
  ok: true;
  type: 'cas';
  swapped: boolean;
  /** The value and version after the command (the current ones when not swapped). */
  value: KvValue | null;
  version: number;
}

export type OkReply =
  | TickReply
  | OpenSessionReply
  | KeepAliveReply
  | CloseSessionReply
  | OpenReply
  | CloseReply
  | DeleteReply
  | GetContentsReply
  | SetContentsReply
  | ListReply
  | AcquireReply
  | ReleaseReply
  | CheckSequencerReply
  | TryLockReply
  | UnlockReply
  | KvGetReply
  | KvPutReply
  | KvCasReply;

export type Reply = OkReply | ErrorReply;
