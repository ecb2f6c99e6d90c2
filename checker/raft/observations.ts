/**
 * What the Raft monitors are told about a run, as plain data. A host reports one observation per
 * batch of work a node did (in lockstep, per `Ready`), in true-time order. Nothing here depends
 * on lockstep's Raft: any implementation whose nodes can say this much can be checked.
 */

/** One log entry as written: its position, its term and a digest of its command. */
export interface EntryRef {
  readonly index: number;
  readonly term: number;
  /**
   * A digest of the entry's command, the same on every node for the same command (omit it on
   * every entry or on none). It lets log matching see two different commands in one slot.
   */
  readonly digest?: string;
}

export interface RaftObservation {
  /** True time of the event, in ns. */
  readonly t: number;
  readonly node: string;
  /** The node's current term and role ('leader', 'follower', 'candidate', 'pre-candidate'). */
  readonly term: number;
  readonly role: string;
  /** The node's commit index. */
  readonly commitIndex: number;
  /**
   * Whom the node has voted for in `term` (null: nobody yet), on the observations that report its
   * persisted hard state (term and vote written together); omitted elsewhere. A node that
   * restarted reports what its disk kept.
   */
  readonly vote?: string | null;
  /** The node's last log index, when known; a smaller value than before means the log shrank. */
  readonly lastIndex?: number;
  /**
   * Entries written to the log, contiguous; everything from `appended[0].index` on is replaced.
   */
  readonly appended?: readonly EntryRef[];
  /**
   * The log was replaced by a snapshot ending at (index, term): installed from a leader, or (with
   * `restarted`) loaded from disk. A node compacting its own log need not report anything.
   */
  readonly snapshot?: { readonly index: number; readonly term: number };
  /**
   * The node restarted: its log is now exactly `snapshot` (if any) followed by `appended` (what
   * its disk kept), and its role is whatever `role` says.
   */
  readonly restarted?: boolean;
  /** Entries applied to the state machine in this batch, in order. */
  readonly applied?: readonly EntryRef[];
}

/** A client was told its command succeeded; it sits at (index, term) of the log. */
export interface AckedWrite {
  readonly t: number;
  readonly index: number;
  readonly term: number;
  readonly digest?: string;
  /** The node that acknowledged it, and the history operation it answered, when known. */
  readonly node?: string;
  readonly op?: number;
}

/** A recorded stream of what the monitors are fed, for checking after the fact. */
export type RaftEvent =
  | ({ readonly kind: 'observe' } & RaftObservation)
  | ({ readonly kind: 'acked' } & AckedWrite)
  | { readonly kind: 'final'; readonly t: number };

export type RaftProperty =
  | 'election-safety'
  | 'leader-append-only'
  | 'log-matching'
  | 'leader-completeness'
  | 'state-machine-safety'
  | 'acked-write-lost'
  | 'commit-monotonic'
  | 'vote-once';
