/**
 * The whole replicated state of the lock service, in memory. Maps iterate in insertion order,
 * which the snapshot preserves, so every replica walks them in the same order.
 */
import type { DurationNs, LocalNs } from '../env.js';
import type { LogIndex, Term } from '../server/state-machine.js';
import type { KvValue, LockMode, NodeKind, OpenMode, Path, SessionId, Token } from './commands.js';
import type { RequestRef } from './facts.js';
import type { LogNs } from './lease-policy.js';
import { ROOT } from './paths.js';
import type { Reply } from './replies.js';

export interface SessionRecord {
  id: SessionId;
  client: string;
  ttlNs: DurationNs;
  /** The session is live while the log time is below this. */
  expiresAtNs: LogNs;
  /** Paths this session has open, in the order it opened them. */
  opens: Map<Path, OpenMode>;
}

export type SessionEnd = 'closed' | 'expired';

export interface Holder {
  session: SessionId;
  client: string;
  token: Token;
  mode: LockMode;
}

export interface Waiter {
  session: SessionId;
  client: string;
  mode: LockMode;
  request: RequestRef;
}

export interface FileLock {
  /** One exclusive holder, or any number of shared ones. */
  holders: Holder[];
  /** FIFO queue of blocked acquires. */
  waiters: Waiter[];
}

export interface FsNode {
  path: Path;
  kind: NodeKind;
  ephemeral: boolean;
  content: string;
  /** Content generation: 1 at creation, +1 per write. */
  version: number;
  /** Log index of the command that created this incarnation. */
  instance: LogIndex;
  lock: FileLock;
  /** Derived (rebuilt on restore): how many sessions have the node open. */
  openers: number;
  /** Derived (rebuilt on restore): paths of the children. */
  children: Set<Path>;
}

export interface TtlHolder {
  owner: string;
  /**
   * The client process that asked (its request's client id; the owner string when the command
   * carried none), so that grants and expiries pair with that client's beliefs.
   */
  client: string;
  token: Token;
  ttlNs: DurationNs;
  expiresAtNs: LogNs;
}

export interface TtlLock {
  resourceId: string;
  holder: TtlHolder | null;
  /** No grant before this log time (lock-delay after an expiry). */
  grantableAtNs: LogNs;
  /**
   * The stale-release hazard (`releaseByName` only): auto-release timers armed by every grant of this name and never
   * cancelled; whichever fires frees the current holder, whoever that is by then.
   */
  releaseTimers?: LogNs[];
}

export interface KvEntry {
  value: KvValue;
  version: number;
}

/** The last request a client executed and what it was told. */
export interface DedupEntry {
  seq: number;
  reply: Reply;
}

export interface LockServiceState {
  /** Last log index applied (not part of the digest: a refused command still consumes one). */
  appliedIndex: LogIndex;
  clockNs: LogNs;
  /** Term of the last tick applied: a tick of a higher term marks a leader change. */
  tickTerm: Term;
  /** Wall stamp of the last tick applied; kept only by the policies that read wall time. */
  tickWallNs?: LocalNs;
  /** The last token handed out, when tokens come from a counter (`tokenSource: 'counter'`). */
  tokenCounter?: number;
  sessions: Map<SessionId, SessionRecord>;
  /** Recently ended sessions, oldest first, bounded by `endedSessionMemory`. */
  endedSessions: Map<SessionId, SessionEnd>;
  nodes: Map<Path, FsNode>;
  /** File locks under lock-delay, by path: kept even when the node is deleted and re-created. */
  lockDelays: Map<Path, LogNs>;
  ttlLocks: Map<string, TtlLock>;
  kv: Map<string, KvEntry>;
  dedup: Map<string, DedupEntry>;
}

export function newNode(path: Path, kind: NodeKind, ephemeral: boolean, content: string, instance: LogIndex): FsNode {
  return {
    path,
    kind,
    ephemeral,
    content,
    version: 1,
    instance,
    lock: { holders: [], waiters: [] },
    openers: 0,
    children: new Set(),
  };
}

export function emptyState(): LockServiceState {
  return {
    appliedIndex: 0,
    clockNs: 0,
    tickTerm: 0,
    sessions: new Map(),
    endedSessions: new Map(),
    nodes: new Map([[ROOT, newNode(ROOT, 'directory', false, '', 0)]]),
    lockDelays: new Map(),
    ttlLocks: new Map(),
    kv: new Map(),
    dedup: new Map(),
  };
}
