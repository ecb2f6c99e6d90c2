/**
 * The host's handle on a Raft node, in the shape of etcd-io/raft's RawNode: feed it ticks,
 * messages and requests; collect the work it asks for with `ready()`; report that work done with
 * `advance()`. The host's loop, which crash safety depends on:
 *
 *     while (node.hasReady()) {
 *       const rd = node.ready();
 *       // 1. persist: rd.snapshot (replaces the log), then rd.entries (overwriting from
 *       //    rd.entries[0].index on), then rd.hardState; make it durable if rd.mustSync
 *       // 2. send rd.messages (never before step 1 is durable: they promise what it wrote)
 *       // 3. apply rd.snapshot, then rd.committedEntries in order; serve rd.readStates once the
 *       //    state machine has applied their index
 *       node.advance();
 *     }
 *
 * After a crash, build a `RaftStorage` from what the disk kept and a new RawNode on it.
 */
import { resolveConfig, type RaftOptions } from './config.js';
import type { Message } from './messages.js';
import { Raft, type ProgressView, type ProposeResult, type RequestResult } from './raft.js';
import type { RaftStorage } from './storage.js';
import type {
  ConfChange,
  ConfState,
  Entry,
  HardState,
  LogIndex,
  NodeId,
  ReadState,
  Role,
  Snapshot,
  SoftState,
  Term,
} from './types.js';

/** One batch of work for the host. */
export interface Ready {
  /** Role or leader changed (volatile: do not persist). */
  readonly softState?: SoftState;
  /** Term, vote or commit changed: persist after the entries. */
  readonly hardState?: HardState;
  /**
   * Entries to write, contiguous, starting at `entries[0].index`: every stored entry at or after
   * that index is to be discarded first (a follower's conflicting tail, overwritten).
   */
  readonly entries: readonly Entry[];
  /** A snapshot from the leader (or the bootstrap one): it replaces the stored log entirely. */
  readonly snapshot?: Snapshot;
  /** Committed entries to apply, in order (after `snapshot`, if any). */
  readonly committedEntries: readonly Entry[];
  /** Messages to send once this batch is persisted. */
  readonly messages: readonly Message[];
  /** Reads that may be served once the state machine has applied their index. */
  readonly readStates: readonly ReadState[];
  /**
   * The membership in force changed: a change entered the log (nodes act on it before it
   * commits), was overwritten, or came with a snapshot. A host that starts or stops processes on
   * membership should wait for the change's entry among `committedEntries`.
   */
  readonly conf?: ConfState;
  /** The writes must be durable before the messages leave (entries, term or vote changed). */
  readonly mustSync: boolean;
}

export interface Status {
  readonly id: NodeId;
  readonly term: Term;
  readonly vote: NodeId | null;
  readonly role: Role;
  readonly leader: NodeId | null;
  readonly commit: LogIndex;
  readonly applied: LogIndex;
  readonly lastIndex: LogIndex;
  readonly lastTerm: Term;
  /** Index of the snapshot the log starts after. */
  readonly snapshotIndex: LogIndex;
  readonly conf: ConfState;
  readonly transferee: NodeId | null;
}

const NONE: readonly never[] = Object.freeze([]);
const NO_HARD_STATE: HardState = Object.freeze({ term: 0, vote: null, commit: 0 });

/** What a handed-out `Ready` covered, so `advance()` can mark exactly that as done. */
interface Outstanding {
  readonly hardState: HardState;
  readonly lastEntry: Entry | undefined;
  readonly snapshot: Snapshot | undefined;
  readonly committed: readonly Entry[];
}

export class RawNode {
  private readonly raft: Raft;
  private prevSoft: SoftState;
  private prevHard: HardState;
  private prevConf: ConfState;
  private outstanding: Outstanding | null = null;

  constructor(options: RaftOptions, storage: RaftStorage) {
    this.raft = new Raft(resolveConfig(options), storage);
    this.prevSoft = { role: this.raft.role, leader: this.raft.leader };
    this.prevHard = storage.hardState() ?? NO_HARD_STATE;
    this.prevConf = this.raft.tracker.conf;
  }

  get id(): NodeId {
    return this.raft.id;
  }

  /** Advances the node's logical clock by one tick. */
  tick(): void {
    this.raft.tick();
  }

  /** Hands the node a message from a peer. */
  step(message: Message): void {
    this.raft.step(message);
  }

  /** Starts an election now (through PreVote when enabled), if this node may stand. */
  campaign(): void {
    this.raft.hup(false);
  }

  /**
   * Appends a command on the leader. It is committed once the host applies an entry with the
   * returned index *and* term (another leader may put a different entry at that index).
   */
  propose(data: unknown): ProposeResult {
    return this.raft.propose(data);
  }

  proposeConfChange(change: ConfChange): ProposeResult {
    return this.raft.proposeConfChange(change);
  }

  /** Asks for a linearizable read; the answer comes as a `ReadState` with the same `ctx`. */
  readIndex(ctx: string): RequestResult {
    return this.raft.readIndex(ctx);
  }

  transferLeadership(to: NodeId): RequestResult {
    return this.raft.transferLeadership(to);
  }

  /** The host learned that a snapshot sent to `id` arrived (`ok`) or was lost. */
  reportSnapshot(id: NodeId, ok: boolean): void {
    this.raft.reportSnapshot(id, ok);
  }

  /**
   * Folds the log up to `index` (at most the applied index) into a snapshot of `data`, the state
   * machine's image at `index`. The host must persist the returned snapshot and may then drop
   * its stored entries up to `index`. Returns null when `index` is not past the last snapshot.
   */
  compact(index: LogIndex, data: unknown): Snapshot | null {
    return this.raft.compact(index, data);
  }

  hasReady(): boolean {
    if (this.outstanding) return false;
    const r = this.raft;
    r.flush();
    return (
      r.msgs.length > 0 ||
      r.log.hasUnstable() ||
      r.log.pendingSnapshot !== null ||
      r.log.hasNextCommitted() ||
      r.readStates.length > 0 ||
      r.role !== this.prevSoft.role ||
      r.leader !== this.prevSoft.leader ||
      r.term !== this.prevHard.term ||
      r.vote !== this.prevHard.vote ||
      r.log.commit !== this.prevHard.commit ||
      r.tracker.conf !== this.prevConf
    );
  }

  /** The next batch of work. Call `advance()` when it is done, before asking for another. */
  ready(): Ready {
    if (this.outstanding) throw new Error('raft: ready() called again before advance()');
    const r = this.raft;
    r.flush();
    const log = r.log;

    let softState: SoftState | undefined;
    if (r.role !== this.prevSoft.role || r.leader !== this.prevSoft.leader) {
      softState = { role: r.role, leader: r.leader };
      this.prevSoft = softState;
    }
    const hs: HardState =
      r.term !== this.prevHard.term || r.vote !== this.prevHard.vote || log.commit !== this.prevHard.commit
        ? { term: r.term, vote: r.vote, commit: log.commit }
        : this.prevHard;
    let conf: ConfState | undefined;
    if (r.tracker.conf !== this.prevConf) {
      conf = r.tracker.conf;
      this.prevConf = conf;
    }
    const entries = log.unstableEntries();
    const snapshot = log.pendingSnapshot ?? undefined;
    const committed = log.hasNextCommitted() ? log.nextCommitted(r.config.maxCommittedPerReady) : NONE;
    const messages = r.msgs.length > 0 ? r.msgs : NONE;
    if (r.msgs.length > 0) r.msgs = [];
    const readStates = r.readStates.length > 0 ? r.readStates : NONE;
    if (r.readStates.length > 0) r.readStates = [];

    this.outstanding = { hardState: hs, lastEntry: entries[entries.length - 1], snapshot, committed };
    const hardChanged = hs !== this.prevHard;
    const mustSync =
      entries.length > 0 || snapshot !== undefined || (hardChanged && (hs.term !== this.prevHard.term || hs.vote !== this.prevHard.vote));
    const rd: {
      -readonly [K in keyof Ready]: Ready[K];
    } = { entries, committedEntries: committed, messages, readStates, mustSync };
    if (softState) rd.softState = softState;
    if (hardChanged) rd.hardState = hs;
    if (snapshot) rd.snapshot = snapshot;
    if (conf) rd.conf = conf;
    return rd;
  }

  /** The last `Ready` was persisted, sent and applied. */
  advance(): void {
    const done = this.outstanding;
    if (!done) throw new Error('raft: advance() without a ready()');
    this.outstanding = null;
    const r = this.raft;
    this.prevHard = done.hardState;
    if (done.snapshot) r.snapshotApplied(done.snapshot);
    if (done.lastEntry) r.log.stableTo(done.lastEntry.index, done.lastEntry.term);
    r.appliedEntries(done.committed);
    r.onPersisted();
  }

  status(): Status {
    const r = this.raft;
    return {
      id: r.id,
      term: r.term,
      vote: r.vote,
      role: r.role,
      leader: r.leader,
      commit: r.log.commit,
      applied: r.log.applied,
      lastIndex: r.log.lastIndex(),
      lastTerm: r.log.lastTerm(),
      snapshotIndex: r.log.snapIndex,
      conf: r.tracker.conf,
      transferee: r.transferee,
    };
  }

  /** Each follower's replication state, on a leader (null on other roles). */
  progress(): ReadonlyMap<NodeId, ProgressView> | null {
    return this.raft.progressView();
  }

  /** The term of the entry at `index`, or undefined if compacted away or beyond the log. */
  termAt(index: LogIndex): Term | undefined {
    return this.raft.log.term(index);
  }

  /** Entries in [lo, hi) still in the log (a fresh array; for inspection and tests). */
  entries(lo: LogIndex, hi: LogIndex): readonly Entry[] {
    return this.raft.log.slice(lo, hi);
  }
}
