/**
 * Messages between Raft nodes: plain JSON-serialisable objects, discriminated by `type`. Every
 * message carries the sender's term; a receiver first reconciles terms, then looks at the type.
 */
import type { Entry, LogIndex, NodeId, Snapshot, Term } from './types.js';

interface Envelope {
  readonly from: NodeId;
  readonly to: NodeId;
  readonly term: Term;
}

/** AppendEntries: entries after (prevIndex, prevTerm), plus the leader's commit index. */
export interface AppendMessage extends Envelope {
  readonly type: 'append';
  readonly prevIndex: LogIndex;
  readonly prevTerm: Term;
  readonly entries: readonly Entry[];
  readonly commit: LogIndex;
}

/**
 * The answer to an append or a snapshot. Accepted: `index` is the last index known to match the
 * leader. Rejected: `index` is the rejected prevIndex and (hintIndex, hintTerm) say where the
 * follower's log could match, so the leader can skip a whole conflicting term at once.
 */
export interface AppendResponse extends Envelope {
  readonly type: 'append-resp';
  readonly index: LogIndex;
  readonly reject: boolean;
  readonly hintIndex: LogIndex;
  readonly hintTerm: Term;
}

/**
 * RequestVote, or its PreVote rehearsal (which carries the term the candidate would use, without
 * anyone adopting it). `transfer` marks a campaign started by a leadership transfer, which
 * followers honour even while they still hear from a leader.
 */
export interface VoteRequest extends Envelope {
  readonly type: 'vote' | 'pre-vote';
  readonly lastIndex: LogIndex;
  readonly lastTerm: Term;
  readonly transfer: boolean;
}

export interface VoteResponse extends Envelope {
  readonly type: 'vote-resp' | 'pre-vote-resp';
  readonly reject: boolean;
}

/**
 * The leader's heartbeat. `commit` is capped at what the follower is known to hold. `round`
 * numbers the leader's heartbeat broadcasts (ReadIndex waits for a quorum to answer one sent after
 * the read arrived); `sentTick` is the leader's own tick count at sending, echoed back so that
 * lease reads can measure, on the leader's clock, how long ago a quorum last heard from it.
 */
export interface HeartbeatMessage extends Envelope {
  readonly type: 'heartbeat';
  readonly commit: LogIndex;
  readonly round: number;
  readonly sentTick: number;
}

export interface HeartbeatResponse extends Envelope {
  readonly type: 'heartbeat-resp';
  readonly round: number;
  readonly sentTick: number;
}

/** InstallSnapshot: the leader's latest snapshot, for a follower behind its compacted log. */
export interface SnapshotMessage extends Envelope {
  readonly type: 'snapshot';
  readonly snapshot: Snapshot;
}

/** Leadership transfer: the leader tells a caught-up follower to campaign at once. */
export interface TimeoutNowMessage extends Envelope {
  readonly type: 'timeout-now';
}

/** A follower forwarding a ReadIndex request to its leader. */
export interface ReadIndexRequest extends Envelope {
  readonly type: 'read-index';
  readonly ctx: string;
}

/** The leader's answer to a forwarded read: the index to wait for, or a refusal. */
export interface ReadIndexResponse extends Envelope {
  readonly type: 'read-index-resp';
  readonly ctx: string;
  readonly index: LogIndex;
  readonly reject: boolean;
}

export type Message =
  | AppendMessage
  | AppendResponse
  | VoteRequest
  | VoteResponse
  | HeartbeatMessage
  | HeartbeatResponse
  | SnapshotMessage
  | TimeoutNowMessage
  | ReadIndexRequest
  | ReadIndexResponse;

export type MessageType = Message['type'];
