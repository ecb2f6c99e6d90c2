/**
 * What applying one log entry did, for the node host: the facts to trace (the checkers read
 * grants, releases and expiries from them) and the answers owed to requests that were waiting.
 */
import type { DurationNs } from '../env.js';
import type { LogIndex } from '../server/state-machine.js';
import type { LockMode, Path, SessionId, Token } from './commands.js';
import type { LogNs } from './lease-policy.js';
import type { Reply } from './replies.js';

/** Names the request a log entry carried, so the host can find who is waiting for its answer. */
export interface RequestRef {
  index: LogIndex;
  clientId?: string;
  seq?: number;
}

/** Which API a lock belongs to: the namespace's file locks or the sidecar's TTL locks. */
export type LockKind = 'file' | 'ttl';

/** Why a grant ended. Only `expired` is involuntary (and starts a lock-delay). */
export type ReleaseReason = 'released' | 'closed' | 'session-closed' | 'expired' | 'unlocked';

/** Why a waiting acquire was answered without a grant. */
export type DropReason = 'closed' | 'session-closed' | 'session-expired';

export type Fact =
  | { kind: 'session-opened'; session: SessionId; client: string; leaseNs: DurationNs }
  | { kind: 'session-closed'; session: SessionId; client: string }
  | { kind: 'session-expired'; session: SessionId; client: string; atNs: LogNs }
  | {
      kind: 'grant';
      lockKind: LockKind;
      lock: string;
      /** The session (file locks) or the owner string (TTL locks). */
      owner: string;
      client: string;
      token: Token;
      mode: LockMode;
      /** The request that receives the grant (an earlier entry when it had waited). */
      request: RequestRef;
    }
  | {
      kind: 'release';
      lockKind: LockKind;
      lock: string;
      owner: string;
      client: string;
      token: Token;
      mode: LockMode;
      reason: ReleaseReason;
    }
  | { kind: 'waiter-dropped'; lock: Path; session: SessionId; client: string; request: RequestRef; reason: DropReason }
  /** Herd discipline only (herd-starvation): a waiter told to retry its acquire. */
  | { kind: 'waiter-woken'; lock: Path; session: SessionId; client: string; request: RequestRef }
  | { kind: 'lock-delay'; lockKind: LockKind; lock: string; untilNs: LogNs }
  | { kind: 'ephemeral-deleted'; path: Path };

/** A reply owed to an earlier request (a queued acquire that was granted or dropped). */
export interface Answer {
  request: RequestRef;
  reply: Reply;
}

export interface ApplyResult {
  /** The reply to the command of this entry. */
  reply: Reply;
  facts: Fact[];
  answers: Answer[];
}
