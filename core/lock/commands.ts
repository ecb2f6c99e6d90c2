/**
 * The commands of the replicated lock service, as they travel through the Raft log: plain JSON
 * objects discriminated by `type`. Only `parse-command.ts` turns an unknown log payload into one of
 * these; everything past it may trust the shapes below.
 */
import type { DurationNs, LocalNs } from '../env.js';

/** A session id, assigned by the state machine: "s" + the log index of the open-session command. */
export type SessionId = string;
/** An absolute name in the namespace, "/ls" or "/ls/a/b". */
export type Path = string;
/** A fencing token: the log index of the command that caused the grant. */
export type Token = number;

export type LockMode = 'exclusive' | 'shared';
/** What a session may do through an open file: read contents, or also write, lock and delete. */
export type OpenMode = 'read' | 'write';
export type NodeKind = 'file' | 'directory';
/** Values of the key-value store (the absence of a key reads as `null`). */
export type KvValue = string | number | boolean;

/**
 * Exactly-once fields any command may carry: a client that retries a command with the same
 * `{clientId, seq}` gets the stored reply instead of a second execution.
 */
export interface RequestFields {
  clientId?: string;
  seq?: number;
}

/**
 * Time entering the state machine: the leader's monotonic clock advanced by `elapsedNs` since its
 * previous tick. The sum of these is the log time every replica agrees on.
 */
export interface TickCommand extends RequestFields {
  type: 'tick';
  elapsedNs: DurationNs;
  /**
   * The leader's wall clock when it proposed the tick. Sent only when the lease policy reads wall
   * time, which only the unsafe policies do (wall-clock-jump, failover-lease-reset, client-stamped-expiry).
   */
  wallNs?: LocalNs;
}

/**
 * An absolute expiry computed by the client on its own wall clock. Every policy ignores it but
 * `client-stamped` (client-stamped-expiry), which trusts it and requires it; so one client can speak to both.
 */
export interface ClientDeadline {
  deadlineNs?: LocalNs;
}

export interface OpenSessionCommand extends RequestFields, ClientDeadline {
  type: 'open-session';
  /** The client process that owns the session ("c3"); reported in grants and summaries. */
  client: string;
  /** Requested lease; the state machine negotiates it into its configured bounds. */
  ttlNs?: DurationNs;
}

export interface KeepAliveCommand extends RequestFields, ClientDeadline {
  type: 'keep-alive';
  session: SessionId;
}

export interface CloseSessionCommand extends RequestFields {
  type: 'close-session';
  session: SessionId;
  /**
   * The client closes because its own lease ran out, not because it is done: it stopped believing
   * without releasing, and what it sent under its grants may still be in flight, so its locks are
   * freed as an expiry frees them, after the lock-delay.
   */
  lapsed?: boolean;
}

/** How `open` creates a node that does not exist yet. */
export interface CreateSpec {
  kind: NodeKind;
  /** Ephemeral files vanish when the last session that has them open closes or expires. */
  ephemeral?: boolean;
  content?: string;
}

export interface OpenCommand extends RequestFields {
  type: 'open';
  session: SessionId;
  path: Path;
  mode: OpenMode;
  /** Create the node when absent. */
  create?: CreateSpec;
  /** With `create`: fail with `exists` when the node is already there. */
  exclusive?: boolean;
}

export interface CloseCommand extends RequestFields {
  type: 'close';
  session: SessionId;
  path: Path;
}

export interface DeleteCommand extends RequestFields {
  type: 'delete';
  session: SessionId;
  path: Path;
}

export interface GetContentsCommand extends RequestFields {
  type: 'get-contents';
  session: SessionId;
  path: Path;
}

export interface SetContentsCommand extends RequestFields {
  type: 'set-contents';
  session: SessionId;
  path: Path;
  content: string;
  /** Compare-and-swap on the content version. */
  expectedVersion?: number;
}

export interface ListCommand extends RequestFields {
  type: 'list';
  session: SessionId;
  path: Path;
}

export interface AcquireCommand extends RequestFields {
  type: 'acquire';
  session: SessionId;
  path: Path;
  mode: LockMode;
  /** true: join the FIFO queue when the lock is busy; false: try-acquire. */
  wait: boolean;
}

export interface ReleaseCommand extends RequestFields {
  type: 'release';
  session: SessionId;
  path: Path;
  /** The grant being released; a release naming an older grant is refused. */
  token: Token;
}

export interface CheckSequencerCommand extends RequestFields {
  type: 'check-sequencer';
  /** A namespace path or a TTL-lock resource id. */
  lock: string;
  token: Token;
}

/** The sidecar lock API of seed 000: a lock that frees itself after `expireMs` of log time. */
export interface TryLockCommand extends RequestFields, ClientDeadline {
  type: 'try-lock';
  resourceId: string;
  owner: string;
  expireMs: number;
}

export interface UnlockCommand extends RequestFields {
  type: 'unlock';
  resourceId: string;
  owner: string;
}

export interface KvGetCommand extends RequestFields {
  type: 'get';
  key: string;
}

export interface KvPutCommand extends RequestFields {
  type: 'put';
  key: string;
  value: KvValue;
}

/**
 * Compare-and-swap: writes `value` when the current value equals `expectedValue` (null: absent)
 * and/or the current version equals `expectedVersion` (0: absent). At least one is required.
 */
export interface KvCasCommand extends RequestFields {
  type: 'cas';
  key: string;
  expectedValue?: KvValue | null;
  expectedVersion?: number;
  value: KvValue;
}

export type Command =
  | TickCommand
  | OpenSessionCommand
  | KeepAliveCommand
  | CloseSessionCommand
  | OpenCommand
  | CloseCommand
  | DeleteCommand
  | GetContentsCommand
  | SetContentsCommand
  | ListCommand
  | AcquireCommand
  | ReleaseCommand
  | CheckSequencerCommand
  | TryLockCommand
  | UnlockCommand
  | KvGetCommand
  | KvPutCommand
  | KvCasCommand;

export type CommandType = Command['type'];
