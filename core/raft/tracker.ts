/**
 * The membership as the leader (or a candidate) counts it: who votes, who learns, each one's
 * progress, the votes of a campaign, and the majority arithmetic over them.
 */
import { Progress } from './progress.js';
import type { ConfState, LogIndex, NodeId } from './types.js';

/**
 * The value a majority of `values` has reached: the (⌊n/2⌋+1)-th largest. An insertion sort: the
 * list is one entry per voter (a handful), and this runs on every acknowledgement a leader gets.
 */
function quorumValue(values: number[]): number {
  for (let i = 1; i < values.length; i++) {
    const v = values[i]!;
    let j = i - 1;
    while (j >= 0 && values[j]! < v) {
      values[j + 1] = values[j]!;
      j--;
    }
    values[j + 1] = v;
  }
  return values[values.length >> 1]!;
}

export class Tracker {
  conf: ConfState = { voters: [], learners: [] };
  /** Every member but this node, in membership order. */
  readonly progress = new Map<NodeId, Progress>();
  readonly votes = new Map<NodeId, boolean>();

  constructor(
    private readonly self: NodeId,
    private readonly maxInflight: number,
  ) {}

  isVoter(id: NodeId): boolean {
    return this.conf.voters.includes(id);
  }

  isMember(id: NodeId): boolean {
    return this.isVoter(id) || this.conf.learners.includes(id);
  }

  /** The only voter is this node: it decides everything alone. */
  isSingleVoter(): boolean {
    return this.conf.voters.length === 1 && this.conf.voters[0] === this.self;
  }

  /** Adopts a membership; members already tracked keep their progress. */
  setConf(conf: ConfState, lastIndex: LogIndex): void {
    this.conf = conf;
    const members = new Set<NodeId>();
    for (const id of conf.voters) members.add(id);
    for (const id of conf.learners) members.add(id);
    for (const id of [...this.progress.keys()]) {
      if (!members.has(id)) this.progress.delete(id);
    }
    for (const id of members) {
      if (id === this.self) continue;
      const learner = conf.learners.includes(id);
      const pr = this.progress.get(id);
      if (pr) pr.isLearner = learner;
      else this.progress.set(id, new Progress(lastIndex + 1, learner, this.maxInflight));
    }
  }

  /** Forgets every follower's progress, as a new leader must. */
  resetProgress(lastIndex: LogIndex): void {
    for (const [id, pr] of this.progress) {
      this.progress.set(id, new Progress(lastIndex + 1, pr.isLearner, this.maxInflight));
    }
  }

  /** The highest index a majority of voters holds; this node counts with `selfMatch`. */
  committedIndex(selfMatch: LogIndex): LogIndex {
    return this.voterQuorum(selfMatch, (pr) => pr.match);
  }

  /** The newest heartbeat round a majority of voters has answered (this node: `selfRound`). */
  ackedRound(selfRound: number): number {
    return this.voterQuorum(selfRound, (pr) => pr.ackedRound);
  }

  /** The leader tick at which a majority of voters last heard from it (this node: `now`). */
  ackedTick(now: number): number {
    return this.voterQuorum(now, (pr) => pr.ackedTick);
  }

  /** Reused by `voterQuorum`, which runs on every acknowledgement. */
  private readonly quorumScratch: number[] = [];

  private voterQuorum(selfValue: number, of: (pr: Progress) => number): number {
    const values = this.quorumScratch;
    values.length = 0;
    for (const id of this.conf.voters) {
      if (id === this.self) values.push(selfValue);
      else values.push(of(this.progress.get(id)!));
    }
    return values.length === 0 ? 0 : quorumValue(values);
  }

  resetVotes(): void {
    this.votes.clear();
  }

  recordVote(id: NodeId, granted: boolean): void {
    if (!this.votes.has(id)) this.votes.set(id, granted);
  }

  /** Whether the votes so far decide the election. */
  tally(): 'won' | 'lost' | 'pending' {
    let granted = 0;
    let rejected = 0;
    for (const id of this.conf.voters) {
      const v = this.votes.get(id);
      if (v === true) granted++;
      else if (v === false) rejected++;
    }
    const majority = (this.conf.voters.length >> 1) + 1;
    if (granted >= majority) return 'won';
    if (rejected > this.conf.voters.length - majority) return 'lost';
    return 'pending';
  }

  /** A majority of voters (this node included) was heard from since the last check. */
  quorumActive(): boolean {
    let active = 0;
    for (const id of this.conf.voters) {
      if (id === this.self || this.progress.get(id)?.recentActive) active++;
    }
    return active >= (this.conf.voters.length >> 1) + 1;
  }

  resetRecentActive(): void {
    for (const pr of this.progress.values()) pr.recentActive = false;
  }
}
