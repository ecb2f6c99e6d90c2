/**
 * The Raft protocol as a synchronous state machine: ticks, messages and requests go in; messages,
 * log changes and read states come out through the fields `RawNode` collects into a `Ready`.
 * It owns no clock, timer, socket, disk or randomness: jitter comes from `config.random`.
 */
import { applyConfChange, confChangeError, isConfChange } from './conf-change.js';
import type { RaftConfig } from './config.js';
import { RaftLog } from './log.js';
import type {
  AppendMessage,
  AppendResponse,
  HeartbeatMessage,
  HeartbeatResponse,
  Message,
  ReadIndexRequest,
  ReadIndexResponse,
  SnapshotMessage,
  VoteRequest,
  VoteResponse,
} from './messages.js';
import type { Progress } from './progress.js';
import { ReadIndexQueue } from './read-index.js';
import type { RaftStorage } from './storage.js';
import { Tracker } from './tracker.js';
import type {
  ConfChange,
  ConfState,
  Entry,
  EntryType,
  LogIndex,
  NodeId,
  ReadState,
  Role,
  Snapshot,
  Term,
} from './types.js';

/** Why a request was refused. */
export type Refusal =
  /** This node is not the leader (`leader` in the result says who is, when known). */
  | 'not-leader'
  /** The leader is handing leadership over and takes no new proposals meanwhile. */
  | 'transferring'
  /** A membership change is still uncommitted, or no entry of the leader's term is committed yet. */
  | 'conf-change-pending'
  /** The membership change makes no sense against the current membership. */
  | 'invalid-conf-change'
  /** A transfer target that is not a voter. */
  | 'invalid-target';

export interface Refused {
  readonly ok: false;
  readonly reason: Refusal;
  /** The leader this node knows of, where the request might be sent instead. */
  readonly leader: NodeId | null;
  readonly detail?: string;
}

/** A proposal's position: it is committed once an entry with this index and term is applied. */
export type ProposeResult = { readonly ok: true; readonly index: LogIndex; readonly term: Term } | Refused;

/** A request accepted for processing (its outcome arrives later, e.g. as a read state). */
export type RequestResult = { readonly ok: true } | Refused;

const ACCEPTED: RequestResult = Object.freeze({ ok: true });

const NO_ENTRIES: readonly Entry[] = Object.freeze([]);

/** The membership in force from a log index on. */
interface ConfAt {
  readonly index: LogIndex;
  readonly conf: ConfState;
}

export class Raft {
  readonly id: NodeId;
  readonly log = new RaftLog();
  readonly tracker: Tracker;
  term: Term = 0;
  vote: NodeId | null = null;
  role: Role = 'follower';
  leader: NodeId | null = null;
  /** Where a leadership transfer is going, while one is under way. */
  transferee: NodeId | null = null;
  /** Output since the last `Ready`. */
  msgs: Message[] = [];
  readStates: ReadState[] = [];

  /**
   * Ticks since this node last heard from a leader or granted a vote (on a leader: since the last
   * CheckQuorum round). Followers refuse to disrupt a leader while it is below electionTicks.
   */
  private electionElapsed = 0;
  private heartbeatElapsed = 0;
  private randomizedTimeout = 0;
  /** A leader removed from the membership leads until that change commits, then steps down. */
  private retiring = false;
  /** A leader's own clock: its ticks since it took office. Leases are measured on it. */
  private leaderTicks = 0;
  private heartbeatRound = 0;
  /** A read is waiting for a heartbeat round that has not been sent yet. */
  private readRoundWanted = false;
  /**
   * The commit index moved: followers hear of it at the next flush (with the entries they are
   * sent anyway, or in an empty append) rather than waiting for a heartbeat, so replicas apply
   * promptly; a retiring leader must send it before it stops.
   */
  private commitChanged = false;
  private readonly reads = new ReadIndexQueue();
  /** Reads that arrived before the leader committed an entry of its own term. */
  private readsBeforeTermCommit: { ctx: string; from: NodeId }[] = [];
  /**
   * The membership at the start of the log (the snapshot's), then after each membership change
   * in the log, in index order. A node always acts on the last one, committed or not (Raft's
   * rule for single-server changes); overwriting a change's entry reverts to the one before.
   */
  private confLog: ConfAt[] = [];

  constructor(
    readonly config: RaftConfig,
    storage: RaftStorage,
  ) {
    this.id = config.id;
    this.tracker = new Tracker(config.id, config.maxInflightAppends);
    const hs = storage.hardState();
    const snapshot = storage.snapshot();
    const entries = contiguousAfter(snapshot, storage.entries());
    if (hs === null && snapshot === null && entries.length === 0 && config.peers.length > 0) {
      this.bootstrap(config.peers, config.learners);
    } else {
      this.recover(hs?.term ?? 0, hs?.vote ?? null, hs?.commit ?? 0, snapshot, entries);
    }
    this.resetTimers();
  }

  /**
   * A brand new member of the initial cluster starts from a snapshot at index 1 holding the
   * initial membership (and no state-machine data). A node that joins later has no such
   * snapshot, so the leader cannot find index 1 in its log and sends it a snapshot instead: that
   * is how it learns the membership the log does not spell out.
   */
  private bootstrap(voters: readonly NodeId[], learners: readonly NodeId[]): void {
    const conf: ConfState = { voters: [...voters], learners: [...learners] };
    this.log.restore({ index: 1, term: 1, conf, data: null });
    this.term = 1;
    this.confLog = [{ index: 1, conf }];
    this.tracker.setConf(conf, this.log.lastIndex());
  }

  private recover(
    term: Term,
    vote: NodeId | null,
    commit: LogIndex,
    snapshot: Snapshot | null,
    entries: readonly Entry[],
  ): void {
    this.log.load(snapshot, entries);
    // A disk that kept the log but lost the hard state (unsafe fsync) could leave the term behind
    // the log; a node never acts in a term older than its own log.
    if (term < this.log.lastTerm()) {
      term = this.log.lastTerm();
      vote = null;
    }
    this.term = term;
    this.vote = vote;
    this.log.commitTo(Math.max(commit, this.log.snapIndex));
    const applied = this.config.applied;
    if (applied !== null) this.log.appliedTo(Math.min(applied, this.log.commit));
    this.confLog = [{ index: this.log.snapIndex, conf: snapshot?.conf ?? { voters: [], learners: [] } }];
    this.entriesWritten(this.log.snapIndex + 1);
    this.tracker.setConf(this.currentConf(), this.log.lastIndex());
  }

  // ---------------------------------------------------------------- membership

  private currentConf(): ConfState {
    return this.confLog[this.confLog.length - 1]!.conf;
  }

  /**
   * Entries from `from` on were (re)written: membership changes among them take effect now, and
   * changes whose entries were overwritten are undone.
   */
  private entriesWritten(from: LogIndex): void {
    const before = this.currentConf();
    while (this.confLog.length > 1 && this.confLog[this.confLog.length - 1]!.index >= from) this.confLog.pop();
    for (let i = from; i <= this.log.lastIndex(); i++) {
      const e = this.log.entry(i)!;
      if (e.type === 'conf-change' && isConfChange(e.data)) {
        this.confLog.push({ index: i, conf: applyConfChange(this.currentConf(), e.data) });
      }
    }
    if (this.currentConf() !== before) this.confChanged();
  }

  private confChanged(): void {
    this.tracker.setConf(this.currentConf(), this.log.lastIndex());
    if (this.role !== 'leader') return;
    if (this.transferee !== null && !this.tracker.isVoter(this.transferee)) this.transferee = null;
    for (const pr of this.tracker.progress.values()) {
      if (pr.match === 0 && pr.state === 'probe') pr.sendOne = true;
    }
    // The majority changed: entries may commit under the new one.
    this.maybeCommit();
  }

  /** Index of the newest membership change in the log (or of the snapshot holding it). */
  private lastConfIndex(): LogIndex {
    return this.confLog[this.confLog.length - 1]!.index;
  }

  // ---------------------------------------------------------------- roles

  private resetTimers(): void {
    this.electionElapsed = 0;
    this.heartbeatElapsed = 0;
    const e = this.config.electionTicks;
    this.randomizedTimeout = e + Math.floor(this.config.random() * e);
  }

  private becomeFollower(term: Term, leader: NodeId | null): void {
    if (term !== this.term) {
      this.term = term;
      this.vote = null;
    }
    this.role = 'follower';
    this.leader = leader;
    this.resetTimers();
    this.stopLeading();
  }

  private stopLeading(): void {
    this.transferee = null;
    this.retiring = false;
    this.reads.clear();
    this.readsBeforeTermCommit = [];
    this.readRoundWanted = false;
    this.commitChanged = false;
  }

  private becomePreCandidate(): void {
    // A rehearsal: neither the term nor the vote changes, so losing costs the cluster nothing.
    this.role = 'pre-candidate';
    this.leader = null;
    this.tracker.resetVotes();
    this.resetTimers();
  }

  private becomeCandidate(): void {
    this.term += 1;
    this.vote = this.id;
    this.role = 'candidate';
    this.leader = null;
    this.tracker.resetVotes();
    this.resetTimers();
  }

  private becomeLeader(): void {
    this.role = 'leader';
    this.leader = this.id;
    this.transferee = null;
    this.tracker.resetProgress(this.log.lastIndex());
    for (const pr of this.tracker.progress.values()) pr.sendOne = true;
    this.resetTimers();
    this.leaderTicks = 0;
    this.heartbeatRound = 0;
    // Entries of earlier terms commit only once an entry of this term does; an empty one gets
    // there without waiting for a client. Until it commits no membership change may start.
    this.appendEntry('empty', null);
  }

  /**
   * May this node stand for election? A voter, not in the middle of installing a snapshot. A
   * node removed by a change that is not committed yet still may: the removal can still be lost,
   * and this node may hold the only copy of it, which it must get committed (the votes count in
   * the newest membership all the same, so any two winners' majorities still overlap).
   */
  private promotable(): boolean {
    if (this.log.pendingSnapshot !== null) return false;
    return this.tracker.isVoter(this.id) || this.committedConf().voters.includes(this.id);
  }

  /** The newest membership whose change is committed. */
  private committedConf(): ConfState {
    for (let k = this.confLog.length - 1; k > 0; k--) {
      if (this.confLog[k]!.index <= this.log.commit) return this.confLog[k]!.conf;
    }
    return this.confLog[0]!.conf;
  }

  /** Starts an election (a PreVote rehearsal first, unless disabled or forced by a transfer). */
  hup(transfer: boolean): void {
    if (this.role === 'leader' || !this.promotable()) return;
    this.campaign(this.config.preVote && !transfer ? 'pre-vote' : 'vote', transfer);
  }

  private campaign(kind: 'pre-vote' | 'vote', transfer: boolean): void {
    let voteTerm: Term;
    if (kind === 'pre-vote') {
      this.becomePreCandidate();
      voteTerm = this.term + 1;
    } else {
      this.becomeCandidate();
      voteTerm = this.term;
    }
    this.tracker.recordVote(this.id, true);
    if (this.tracker.tally() === 'won') {
      if (kind === 'pre-vote') this.campaign('vote', transfer);
      else this.becomeLeader();
      return;
    }
    const lastIndex = this.log.lastIndex();
    const lastTerm = this.log.lastTerm();
    for (const to of this.tracker.conf.voters) {
      if (to === this.id) continue;
      const m: VoteRequest = { type: kind, from: this.id, to, term: voteTerm, lastIndex, lastTerm, transfer };
      this.msgs.push(m);
    }
  }

  // ---------------------------------------------------------------- ticks

  tick(): void {
    if (this.role === 'leader') this.tickLeader();
    else this.tickElection();
  }

  private tickElection(): void {
    this.electionElapsed++;
    if (this.electionElapsed >= this.randomizedTimeout) this.hup(false);
  }

  private tickLeader(): void {
    const cfg = this.config;
    this.leaderTicks++;
    this.heartbeatElapsed++;
    this.electionElapsed++;
    for (const pr of this.tracker.progress.values()) {
      // A snapshot that was never acknowledged is presumed lost; probing will resend it.
      if (pr.state === 'snapshot' && ++pr.snapshotTicks >= cfg.electionTicks) pr.becomeProbe();
    }
    if (this.electionElapsed >= cfg.electionTicks) {
      this.electionElapsed = 0;
      if (cfg.checkQuorum) {
        if (!this.tracker.quorumActive()) {
          this.becomeFollower(this.term, null);
          return;
        }
        this.tracker.resetRecentActive();
      }
      // A transfer that did not finish within an election timeout is abandoned.
      this.transferee = null;
    }
    if (this.heartbeatElapsed >= cfg.heartbeatTicks) {
      this.heartbeatElapsed = 0;
      this.broadcastHeartbeat();
    }
  }

  // ---------------------------------------------------------------- messages

  step(m: Message): void {
    if (m.to !== this.id) return;
    if (m.term > this.term) {
      if (m.type === 'vote' || m.type === 'pre-vote') {
        // Inside a leader's lease (CheckQuorum), a vote request is a disruption, not an election:
        // the leader is alive as far as this node knows. A transfer is the leader's own wish.
        const inLease =
          this.config.checkQuorum &&
          this.leader !== null &&
          this.electionElapsed < this.config.electionTicks;
        if (inLease && !m.transfer) return;
      }
      if (m.type === 'pre-vote' || (m.type === 'pre-vote-resp' && !m.reject)) {
        // PreVote traffic carries a term nobody has adopted yet.
      } else {
        const fromLeader = m.type === 'append' || m.type === 'heartbeat' || m.type === 'snapshot';
        this.becomeFollower(m.term, fromLeader ? m.from : null);
      }
    } else if (m.term < this.term) {
      if ((this.config.checkQuorum || this.config.preVote) && (m.type === 'append' || m.type === 'heartbeat')) {
        // A deposed leader, maybe cut off while the rest moved on: tell it the term so it steps
        // down (without PreVote or CheckQuorum, a higher-term vote request would do that).
        this.respondAppend(m.from, 0, false, 0, 0);
      } else if (m.type === 'pre-vote') {
        const r: VoteResponse = { type: 'pre-vote-resp', from: this.id, to: m.from, term: this.term, reject: true };
        this.msgs.push(r);
      }
      return;
    }
    if (m.type === 'vote' || m.type === 'pre-vote') {
      this.handleVoteRequest(m);
      return;
    }
    switch (this.role) {
      case 'leader':
        this.stepLeader(m);
        return;
      case 'candidate':
      case 'pre-candidate':
        this.stepCandidate(m);
        return;
      case 'follower':
        this.stepFollower(m);
        return;
    }
  }

  private handleVoteRequest(m: VoteRequest): void {
    const canVote =
      this.vote === m.from ||
      (this.vote === null && this.leader === null) ||
      (m.type === 'pre-vote' && m.term > this.term);
    const grant = canVote && this.log.isUpToDate(m.lastIndex, m.lastTerm);
    const type = m.type === 'vote' ? 'vote-resp' : 'pre-vote-resp';
    // A granted PreVote answers in the term the candidate proposes; a refusal tells ours.
    const r: VoteResponse = { type, from: this.id, to: m.from, term: grant ? m.term : this.term, reject: !grant };
    this.msgs.push(r);
    if (grant && m.type === 'vote') {
      this.vote = m.from;
      this.electionElapsed = 0;
    }
  }

  private stepCandidate(m: Message): void {
    switch (m.type) {
      case 'append':
      case 'heartbeat':
      case 'snapshot':
        // Someone won this term.
        this.becomeFollower(m.term, m.from);
        this.stepFollower(m);
        return;
      case 'vote-resp':
      case 'pre-vote-resp': {
        if ((m.type === 'vote-resp') !== (this.role === 'candidate')) return;
        this.tracker.recordVote(m.from, !m.reject);
        const outcome = this.tracker.tally();
        if (outcome === 'won') {
          if (this.role === 'pre-candidate') this.campaign('vote', false);
          else this.becomeLeader();
        } else if (outcome === 'lost') {
          this.becomeFollower(this.term, null);
        }
        return;
      }
      case 'read-index':
        this.refuseForwardedRead(m);
        return;
      default:
        return;
    }
  }

  private stepFollower(m: Message): void {
    switch (m.type) {
      case 'append':
        this.heardFromLeader(m.from);
        this.handleAppend(m);
        return;
      case 'heartbeat':
        this.heardFromLeader(m.from);
        this.handleHeartbeat(m);
        return;
      case 'snapshot':
        this.heardFromLeader(m.from);
        this.handleSnapshot(m);
        return;
      case 'timeout-now':
        this.hup(true);
        return;
      case 'read-index':
        this.refuseForwardedRead(m);
        return;
      case 'read-index-resp':
        if (!m.reject) this.readStates.push({ ctx: m.ctx, index: m.index });
        return;
      default:
        return;
    }
  }

  private heardFromLeader(leader: NodeId): void {
    this.leader = leader;
    this.electionElapsed = 0;
  }

  // ---------------------------------------------------------------- follower side of replication

  private handleAppend(m: AppendMessage): void {
    const log = this.log;
    if (m.prevIndex < log.snapIndex) {
      // Everything up to the snapshot is committed here; the leader should continue after it.
      this.respondAppend(m.from, log.commit, false, 0, 0);
      return;
    }
    const last = log.tryAppend(m.prevIndex, m.prevTerm, m.commit, m.entries);
    if (last !== null) {
      if (log.writtenFrom > 0) this.entriesWritten(log.writtenFrom);
      this.respondAppend(m.from, last, false, 0, 0);
      return;
    }
    // Point the leader at the last index where our logs could agree: no later than our end, and
    // no entry of a term newer than the one the leader expected at prevIndex.
    const hintIndex = log.findConflictByTerm(Math.min(m.prevIndex, log.lastIndex()), m.prevTerm);
    this.respondAppend(m.from, m.prevIndex, true, hintIndex, log.term(hintIndex) ?? 0);
  }

  private respondAppend(to: NodeId, index: LogIndex, reject: boolean, hintIndex: LogIndex, hintTerm: Term): void {
    const r: AppendResponse = { type: 'append-resp', from: this.id, to, term: this.term, index, reject, hintIndex, hintTerm };
    this.msgs.push(r);
  }

  private handleHeartbeat(m: HeartbeatMessage): void {
    // The leader caps `commit` at what it knows we hold; the cap at our log's end guards against
    // a log that shrank since (a crash that lost unsynced writes).
    this.log.commitTo(Math.min(m.commit, this.log.lastIndex()));
    const r: HeartbeatResponse = {
      type: 'heartbeat-resp',
      from: this.id,
      to: m.from,
      term: this.term,
      round: m.round,
      sentTick: m.sentTick,
    };
    this.msgs.push(r);
  }

  private handleSnapshot(m: SnapshotMessage): void {
    const s = m.snapshot;
    const log = this.log;
    if (s.index <= log.commit) {
      this.respondAppend(m.from, log.commit, false, 0, 0);
      return;
    }
    if (log.matchTerm(s.index, s.term)) {
      // We hold that entry already: the snapshot only tells us it is committed.
      log.commitTo(s.index);
      this.respondAppend(m.from, s.index, false, 0, 0);
      return;
    }
    log.restore(s);
    this.confLog = [{ index: s.index, conf: s.conf }];
    this.confChanged();
    this.respondAppend(m.from, s.index, false, 0, 0);
  }

  // ---------------------------------------------------------------- leader side of replication

  private stepLeader(m: Message): void {
    switch (m.type) {
      case 'append-resp':
        this.handleAppendResponse(m);
        return;
      case 'heartbeat-resp':
        this.handleHeartbeatResponse(m);
        return;
      case 'read-index':
        this.requestRead(m.ctx, m.from);
        return;
      default:
        return;
    }
  }

  private handleAppendResponse(m: AppendResponse): void {
    const pr = this.tracker.progress.get(m.from);
    if (!pr) return;
    pr.recentActive = true;
    if (m.reject) {
      const probeFrom = m.hintTerm > 0 ? this.log.findConflictByTerm(m.hintIndex, m.hintTerm) : m.hintIndex;
      if (pr.maybeDecrTo(m.index, probeFrom) && pr.state === 'replicate') pr.becomeProbe();
      return;
    }
    // A probe answered at the known match (nothing new to send it) still found the agreement.
    const found = pr.state === 'probe' && m.index === pr.match;
    if (!pr.maybeUpdate(m.index) && !found) return;
    if (pr.state === 'probe') {
      pr.becomeReplicate();
    } else if (
      pr.state === 'snapshot' &&
      (pr.match >= pr.pendingSnapshot || pr.match + 1 >= this.log.firstIndex())
    ) {
      pr.becomeProbe();
      pr.becomeReplicate();
    }
    this.maybeCommit();
    if (m.from === this.transferee && pr.match === this.log.lastIndex()) this.sendTimeoutNow(m.from);
  }

  private handleHeartbeatResponse(m: HeartbeatResponse): void {
    const pr = this.tracker.progress.get(m.from);
    if (!pr) return;
    pr.recentActive = true;
    // The follower is reachable: a lost probe or a full window of lost appends may be retried.
    pr.probeSent = false;
    if (m.round > pr.ackedRound) pr.ackedRound = m.round;
    if (m.sentTick > pr.ackedTick) pr.ackedTick = m.sentTick;
    // Behind, and (unless probing) the heartbeat it answered left after our last append did: that
    // append or its answer is lost (or merely overtaken; one extra append is harmless).
    if (pr.match < this.log.lastIndex() && (pr.state === 'probe' || (pr.state === 'replicate' && m.round > pr.appendRound))) {
      pr.sendOne = true;
    }
    if (this.reads.size > 0) {
      for (const r of this.reads.releaseTo(this.tracker.ackedRound(this.heartbeatRound))) {
        this.answerRead(r.ctx, r.index, r.from);
      }
    }
  }

  /**
   * Commits what a majority of voters holds; the leader counts itself only for what it has
   * persisted. Under Raft's rule the entry must be of the current term (older ones then commit
   * with it); the unsafe `count-any-term` rule skips that check.
   */
  private maybeCommit(): boolean {
    const log = this.log;
    const index = this.tracker.committedIndex(log.stable);
    if (index <= log.commit) return false;
    if (this.config.commitRule === 'current-term' && log.term(index) !== this.term) return false;
    if (!log.commitTo(index)) return false;
    this.commitChanged = true;
    // Removed (or demoted) and the change is committed: the cluster no longer needs this leader.
    // It steps down once the new commit index has gone out (see `flush`).
    if (!this.tracker.isVoter(this.id) && log.commit >= this.lastConfIndex()) this.retiring = true;
    if (this.readsBeforeTermCommit.length > 0 && log.term(log.commit) === this.term) {
      const waiting = this.readsBeforeTermCommit;
      this.readsBeforeTermCommit = [];
      for (const r of waiting) this.serveRead(r.ctx, r.from);
    }
    return true;
  }

  /** The host persisted entries: the leader's own copy now counts towards commit. */
  onPersisted(): void {
    if (this.role === 'leader') this.maybeCommit();
  }

  private broadcastHeartbeat(): void {
    this.heartbeatRound++;
    this.readRoundWanted = false;
    const commit = this.log.commit;
    for (const [to, pr] of this.tracker.progress) {
      const m: HeartbeatMessage = {
        type: 'heartbeat',
        from: this.id,
        to,
        term: this.term,
        commit: Math.min(pr.match, commit),
        round: this.heartbeatRound,
        sentTick: this.leaderTicks,
      };
      this.msgs.push(m);
    }
  }

  /**
   * Turns the leader's pending work into messages: appends to every follower as far as flow
   * control allows, and a heartbeat round if reads wait for one. Called when the host asks for a
   * `Ready`, so proposals made in between go out together (batching).
   */
  flush(): void {
    if (this.role !== 'leader') return;
    if (this.readRoundWanted) this.broadcastHeartbeat();
    for (const [to, pr] of this.tracker.progress) this.sendAppends(to, pr);
    this.commitChanged = false;
    if (this.retiring) this.becomeFollower(this.term, null);
  }

  private sendAppends(to: NodeId, pr: Progress): void {
    const log = this.log;
    const cfg = this.config;
    const last = log.lastIndex();
    let force = pr.sendOne;
    let tellCommit = this.commitChanged;
    pr.sendOne = false;
    if (pr.next > last + 1) pr.next = last + 1;
    for (;;) {
      if (pr.state === 'snapshot') return;
      if (pr.isPaused() && !force) return;
      const hasEntries = pr.next <= last;
      if (!hasEntries && !force && !tellCommit) return;
      const prevIndex = pr.next - 1;
      const prevTerm = log.term(prevIndex);
      if (prevTerm === undefined) {
        this.sendSnapshot(to, pr);
        return;
      }
      const entries = hasEntries
        ? log.slice(pr.next, last + 1, cfg.maxEntriesPerAppend, cfg.maxBytesPerAppend, cfg.entrySize)
        : NO_ENTRIES;
      const m: AppendMessage = {
        type: 'append',
        from: this.id,
        to,
        term: this.term,
        prevIndex,
        prevTerm,
        entries,
        commit: log.commit,
      };
      this.msgs.push(m);
      pr.sentAppend(entries.length > 0 ? entries[entries.length - 1]!.index : null);
      pr.appendRound = this.heartbeatRound;
      force = false;
      tellCommit = false;
      if (entries.length === 0 || pr.state !== 'replicate') return;
    }
  }

  private sendSnapshot(to: NodeId, pr: Progress): void {
    const snapshot = this.log.snapshot;
    if (!snapshot) return;
    const m: SnapshotMessage = { type: 'snapshot', from: this.id, to, term: this.term, snapshot };
    this.msgs.push(m);
    pr.becomeSnapshot(snapshot.index);
  }

  private sendTimeoutNow(to: NodeId): void {
    this.msgs.push({ type: 'timeout-now', from: this.id, to, term: this.term });
  }

  /** A snapshot sent to `id` was delivered (`ok`) or certainly lost, as the host learned. */
  reportSnapshot(id: NodeId, ok: boolean): void {
    const pr = this.tracker.progress.get(id);
    if (this.role !== 'leader' || !pr || pr.state !== 'snapshot') return;
    if (!ok) pr.pendingSnapshot = 0;
    pr.becomeProbe();
  }

  // ---------------------------------------------------------------- requests from the host

  private appendEntry(type: EntryType, data: unknown): Entry {
    const entry: Entry = { term: this.term, index: this.log.lastIndex() + 1, type, data };
    this.log.appendNew(entry);
    if (type === 'conf-change') this.entriesWritten(entry.index);
    return entry;
  }

  private refusal(reason: Refusal, detail?: string): Refused {
    return detail === undefined
      ? { ok: false, reason, leader: this.leader }
      : { ok: false, reason, leader: this.leader, detail };
  }

  propose(data: unknown): ProposeResult {
    if (this.role !== 'leader') return this.refusal('not-leader');
    if (this.transferee !== null) return this.refusal('transferring');
    const e = this.appendEntry('normal', data);
    return { ok: true, index: e.index, term: e.term };
  }

  /**
   * Proposes one membership change. Each node acts on it as soon as the entry is in its log, so
   * two changes must never overlap: a change waits until the previous one is committed, and a
   * new leader until an entry of its own term is (the fix to the single-server change bug).
   */
  proposeConfChange(change: ConfChange): ProposeResult {
    if (this.role !== 'leader') return this.refusal('not-leader');
    if (this.transferee !== null) return this.refusal('transferring');
    if (this.log.term(this.log.commit) !== this.term) {
      return this.refusal('conf-change-pending', 'no entry of this leader\'s term is committed yet');
    }
    if (this.lastConfIndex() > this.log.commit) {
      return this.refusal('conf-change-pending', `the change at index ${this.lastConfIndex()} is not committed yet`);
    }
    const error = confChangeError(this.tracker.conf, change);
    if (error !== null) return this.refusal('invalid-conf-change', error);
    const e = this.appendEntry('conf-change', { type: change.type, node: change.node });
    return { ok: true, index: e.index, term: e.term };
  }

  transferLeadership(to: NodeId): RequestResult {
    if (this.role !== 'leader') return this.refusal('not-leader');
    if (to === this.id) return ACCEPTED;
    if (!this.tracker.isVoter(to)) return this.refusal('invalid-target', `${to} is not a voter`);
    if (this.transferee === to) return ACCEPTED;
    this.transferee = to;
    // The transfer has one election timeout to finish.
    this.electionElapsed = 0;
    const pr = this.tracker.progress.get(to)!;
    if (pr.match === this.log.lastIndex()) this.sendTimeoutNow(to);
    else pr.sendOne = true;
    return ACCEPTED;
  }

  /**
   * Asks for a linearizable read. A leader answers through `readStates` once it is sure it still
   * leads; a follower forwards the request to the leader it knows.
   */
  readIndex(ctx: string): RequestResult {
    if (this.role !== 'leader' && this.leader === null) return this.refusal('not-leader');
    this.requestRead(ctx, this.id);
    return ACCEPTED;
  }

  private requestRead(ctx: string, from: NodeId): void {
    if (this.role !== 'leader') {
      if (from !== this.id) {
        this.refuseForwardedRead({ ctx, from });
        return;
      }
      const m: ReadIndexRequest = { type: 'read-index', from: this.id, to: this.leader!, term: this.term, ctx };
      this.msgs.push(m);
      return;
    }
    // Until an entry of this term commits, this leader's commit index may lag what an earlier
    // leader committed, so it is no bound for a read yet.
    if (this.log.term(this.log.commit) !== this.term) {
      this.readsBeforeTermCommit.push({ ctx, from });
      return;
    }
    this.serveRead(ctx, from);
  }

  private serveRead(ctx: string, from: NodeId): void {
    const index = this.log.commit;
    if (this.tracker.isSingleVoter()) {
      this.answerRead(ctx, index, from);
      return;
    }
    if (this.config.readOnly === 'lease-based' && this.leaseValid()) {
      this.answerRead(ctx, index, from);
      return;
    }
    this.reads.add({ ctx, index, round: this.heartbeatRound + 1, from });
    this.readRoundWanted = true;
  }

  /** A majority answered a heartbeat sent fewer than `leaseTicks` of this leader's ticks ago. */
  private leaseValid(): boolean {
    return this.leaderTicks - this.tracker.ackedTick(this.leaderTicks) < this.config.leaseTicks;
  }

  private answerRead(ctx: string, index: LogIndex, from: NodeId): void {
    if (from === this.id) {
      this.readStates.push({ ctx, index });
    } else {
      const m: ReadIndexResponse = { type: 'read-index-resp', from: this.id, to: from, term: this.term, ctx, index, reject: false };
      this.msgs.push(m);
    }
  }

  private refuseForwardedRead(m: { ctx: string; from: NodeId }): void {
    const r: ReadIndexResponse = { type: 'read-index-resp', from: this.id, to: m.from, term: this.term, ctx: m.ctx, index: 0, reject: true };
    this.msgs.push(r);
  }

  // ---------------------------------------------------------------- the host applied or compacted

  /** The host applied `applied` (the last of them ends the applied prefix). */
  appliedEntries(applied: readonly Entry[]): void {
    const last = applied[applied.length - 1];
    if (last) this.log.appliedTo(last.index);
  }

  /** The host's snapshot got persisted and applied (a pending snapshot from a leader). */
  snapshotApplied(snapshot: Snapshot): void {
    this.log.snapshotPersisted(snapshot);
  }

  /**
   * Folds the log up to `index` (≤ applied) into a snapshot holding `data`, the state machine's
   * image at `index`. Returns the snapshot for the host to persist, or null if there is nothing
   * to fold.
   */
  compact(index: LogIndex, data: unknown): Snapshot | null {
    const log = this.log;
    if (index <= log.snapIndex) return null;
    if (index > log.applied) {
      throw new Error(`raft compact: index ${index} is beyond the applied index ${log.applied}`);
    }
    let keep = 0;
    while (keep + 1 < this.confLog.length && this.confLog[keep + 1]!.index <= index) keep++;
    const conf = this.confLog[keep]!.conf;
    const snapshot: Snapshot = { index, term: log.term(index)!, conf, data };
    log.compact(snapshot);
    this.confLog = [{ index, conf }, ...this.confLog.slice(keep + 1)];
    return snapshot;
  }

  /** Where each follower stands, for a leader; null on other roles. */
  progressView(): Map<NodeId, ProgressView> | null {
    if (this.role !== 'leader') return null;
    const out = new Map<NodeId, ProgressView>();
    for (const [id, pr] of this.tracker.progress) {
      out.set(id, { match: pr.match, next: pr.next, state: pr.state, learner: pr.isLearner, recentActive: pr.recentActive });
    }
    return out;
  }
}

export interface ProgressView {
  readonly match: LogIndex;
  readonly next: LogIndex;
  readonly state: 'probe' | 'replicate' | 'snapshot';
  readonly learner: boolean;
  readonly recentActive: boolean;
}

/** Entries after the snapshot, up to the first gap (what a torn or partial disk can leave). */
function contiguousAfter(snapshot: Snapshot | null, entries: readonly Entry[]): Entry[] {
  const out: Entry[] = [];
  let expect = (snapshot?.index ?? 0) + 1;
  for (const e of entries) {
    if (e.index < expect) continue;
    if (e.index !== expect) break;
    out.push(e);
    expect++;
  }
  return out;
}
