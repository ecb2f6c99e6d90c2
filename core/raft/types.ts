/**
 * The values Raft keeps and hands to its host: log entries, the durable hard state, the volatile
 * soft state, membership, snapshots and read states. All are plain JSON-serialisable data.
 */
import type { NodeId } from '../env.js';
import type { LogIndex, Term } from '../server/state-machine.js';

export type { NodeId, LogIndex, Term };

/**
 * `normal` carries a host command, `conf-change` a `ConfChange`, `empty` nothing: the entry a new
 * leader appends so that something of its own term can commit.
 */
export type EntryType = 'normal' | 'conf-change' | 'empty';

/**
 * One log entry. Entries are shared by reference between the log, messages and `Ready` batches,
 * so nobody may mutate one after it was created.
 */
export interface Entry {
  readonly term: Term;
  readonly index: LogIndex;
  readonly type: EntryType;
  readonly data: unknown;
}

/** What must survive a crash for Raft to stay safe: the term, the vote cast in it, the commit. */
export interface HardState {
  readonly term: Term;
  readonly vote: NodeId | null;
  readonly commit: LogIndex;
}

export type Role = 'follower' | 'pre-candidate' | 'candidate' | 'leader';

/** What a node believes about leadership right now; volatile, never persisted. */
export interface SoftState {
  readonly role: Role;
  readonly leader: NodeId | null;
}

/** The membership: voters decide elections and commits, learners only receive the log. */
export interface ConfState {
  readonly voters: readonly NodeId[];
  readonly learners: readonly NodeId[];
}

/** A membership change, replicated as the data of a `conf-change` entry; one server at a time. */
export interface ConfChange {
  /**
   * `add-voter` adds a new voter or promotes a learner; `add-learner` adds a non-voting member (or
   * demotes a voter); `remove-node` removes a voter or learner.
   */
  readonly type: 'add-voter' | 'add-learner' | 'remove-node';
  readonly node: NodeId;
}

/**
 * A state-machine image at a log position. `data` is what the host's `compact()` call provided;
 * it is `null` in the bootstrap snapshot, which stands for the state machine's initial state.
 */
export interface Snapshot {
  readonly index: LogIndex;
  readonly term: Term;
  readonly conf: ConfState;
  readonly data: unknown;
}

/**
 * A read the host may now serve: once its state machine has applied `index`, a read of it is
 * linearizable with respect to the moment `readIndex(ctx)` was called.
 */
export interface ReadState {
  readonly ctx: string;
  readonly index: LogIndex;
}
