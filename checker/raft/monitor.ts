/**
 * The Raft invariant monitors, fed as a run goes. Each observation costs O(entries it writes,
 * commits or applies) plus O(nodes) when the committed log grows: cheap enough for every batch
 * of a long simulated run.
 */
import type { Violation } from '../history.js';
import { AckedWrites } from './acked-writes.js';
import { CommittedLog, NodeView, ViolationLog } from './cluster-view.js';
import { CommitMonotonic } from './commit-monotonic.js';
import { VoteOnce } from './vote-once.js';
import { ElectionSafety } from './election-safety.js';
import { LeaderAppendOnly } from './leader-append-only.js';
import { LeaderCompleteness } from './leader-completeness.js';
import { digestHash, extendHash, UNKNOWN_HASH } from './log-mirror.js';
import { LogMatching } from './log-matching.js';
import type { AckedWrite, RaftEvent, RaftObservation, RaftProperty } from './observations.js';
import { StateMachineSafety } from './state-machine-safety.js';

export interface RaftMonitorOptions {
  /** Most violations kept per property (the rest are only counted). Default 20. */
  readonly maxPerProperty?: number;
}

export class RaftMonitor {
  private readonly nodes = new Map<string, NodeView>();
  private readonly committed = new CommittedLog();
  private readonly out: ViolationLog;
  private readonly electionSafety: ElectionSafety;
  private readonly appendOnly: LeaderAppendOnly;
  private readonly logMatching: LogMatching;
  private readonly completeness: LeaderCompleteness;
  private readonly smSafety: StateMachineSafety;
  private readonly ackedWrites: AckedWrites;
  private readonly commitMonotonic: CommitMonotonic;
  private readonly voteOnce: VoteOnce;
  private finished = false;

  constructor(options: RaftMonitorOptions = {}) {
    this.out = new ViolationLog(options.maxPerProperty ?? 20);
    this.electionSafety = new ElectionSafety(this.out);
    this.appendOnly = new LeaderAppendOnly(this.out);
    this.logMatching = new LogMatching(this.out);
    this.completeness = new LeaderCompleteness(this.committed, this.out);
    this.smSafety = new StateMachineSafety(this.out);
    this.ackedWrites = new AckedWrites(this.committed, this.out);
    this.commitMonotonic = new CommitMonotonic(this.out);
    this.voteOnce = new VoteOnce(this.out);
  }

  observe(obs: RaftObservation): void {
    const node = this.nodeView(obs.node);
    this.appendOnly.beforeWrite(obs, node);
    this.commitMonotonic.observe(obs, node);
    this.applyWrites(obs, node);

    this.electionSafety.observe(obs);
    this.voteOnce.observe(obs);
    const tookOffice = obs.role === 'leader' && node.leadingTerm !== obs.term;
    node.term = obs.term;
    node.role = obs.role;
    if (obs.role === 'leader') node.leadingTerm = obs.term;

    const grew = this.registerCommits(obs, node);
    if (tookOffice) this.completeness.check(obs.t, node, obs.term);
    if (grew) {
      for (const n of this.nodes.values()) {
        if (n.role === 'leader') this.completeness.check(obs.t, n, n.term);
      }
    }
    for (const e of obs.applied ?? []) this.smSafety.onApplied(obs.t, obs.node, e);
  }

  /** A client was told a command at (index, term) succeeded. */
  ackedWrite(write: AckedWrite): void {
    this.ackedWrites.acked(write);
  }

  /** The run ended at true time `t`: checks that no acknowledged write was lost. */
  finalState(t: number): void {
    if (this.finished) return;
    this.finished = true;
    this.ackedWrites.finish(t, this.nodes.values());
  }

  violations(): readonly Violation[] {
    return this.out.list;
  }

  /** Violations found beyond the per-property limit. */
  suppressed(): ReadonlyMap<RaftProperty, number> {
    return this.out.suppressed;
  }

  private nodeView(id: string): NodeView {
    let n = this.nodes.get(id);
    if (!n) {
      n = new NodeView(id);
      this.nodes.set(id, n);
    }
    return n;
  }

  private applyWrites(obs: RaftObservation, node: NodeView): void {
    const log = node.log;
    if (obs.restarted || obs.snapshot) {
      const s = obs.snapshot ?? { index: 0, term: 0 };
      log.reset(s.index, s.term, this.snapshotHash(s.index, s.term));
      if (node.commitChecked > s.index) node.commitChecked = s.index;
    }
    for (const e of obs.appended ?? []) {
      log.write(e.index, e.term, digestHash(e.digest));
      this.logMatching.written(obs.t, node, e.index, e.term);
      // A committed entry rewritten (only in a broken run) must be compared again.
      if (e.index <= node.commitChecked) node.commitChecked = e.index - 1;
    }
    if (obs.lastIndex !== undefined && obs.lastIndex < log.lastIndex()) {
      log.truncate(obs.lastIndex);
      if (node.commitChecked > obs.lastIndex) node.commitChecked = obs.lastIndex;
    }
  }

  /**
   * The prefix hash at a snapshot: the committed log's when it knows the index, else that of the
   * same entry written on some node. A snapshot at an entry nobody ever wrote (the bootstrap
   * one) gets a hash of its position alone, the same on every node that starts from it.
   */
  private snapshotHash(index: number, term: number): number {
    const known = this.committed.get(index);
    if (known) return known.term === term ? known.hash : UNKNOWN_HASH;
    return this.logMatching.hashOf(index, term) ?? extendHash(index, term, 0x5a17);
  }

  /** Records newly committed indices; returns whether the committed log grew. */
  private registerCommits(obs: RaftObservation, node: NodeView): boolean {
    node.commit = obs.commitIndex;
    const upTo = Math.min(obs.commitIndex, node.log.lastIndex());
    if (node.commitChecked > upTo) node.commitChecked = upTo;
    let grew = false;
    for (let i = node.commitChecked + 1; i <= upTo; i++) {
      const term = node.log.termAt(i);
      if (term === undefined || term < 0) continue;
      const first = this.committed.get(i);
      if (!first) {
        this.committed.record(i, { term, hash: node.log.hashAt(i), commitTerm: obs.term, node: obs.node, t: obs.t });
        grew = true;
      } else if (first.term !== term) {
        this.smSafety.onCommitConflict(obs.t, obs.node, i, term, first);
      }
    }
    if (upTo > node.commitChecked) node.commitChecked = upTo;
    return grew;
  }
}

/** Checks a recorded stream of observations, acknowledgements and the end of the run. */
export function checkRaftEvents(events: Iterable<RaftEvent>, options: RaftMonitorOptions = {}): Violation[] {
  const monitor = new RaftMonitor(options);
  for (const e of events) {
    if (e.kind === 'observe') monitor.observe(e);
    else if (e.kind === 'acked') monitor.ackedWrite(e);
    else monitor.finalState(e.t);
  }
  return [...monitor.violations()];
}
