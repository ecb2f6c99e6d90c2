/**
 * What a leader knows about one follower's log, and how it paces appends to it.
 *
 * - `probe`: the leader does not know where the logs agree; it sends one append at a time and
 *   waits for the answer (or the next heartbeat answer) before sending another.
 * - `replicate`: the logs agree up to `match`; appends are pipelined, optimistically advancing
 *   `next`, with at most `maxInflight` unacknowledged at once.
 * - `snapshot`: the follower needs entries the leader compacted away; a snapshot is on its way and
 *   nothing else is sent until it is acknowledged or presumed lost.
 */
import type { LogIndex } from './types.js';

export type ProgressState = 'probe' | 'replicate' | 'snapshot';

/** The last indices of unacknowledged appends, oldest first (a queue with amortised pops). */
class Inflights {
  private items: LogIndex[] = [];
  private head = 0;

  get count(): number {
    return this.items.length - this.head;
  }

  add(lastIndex: LogIndex): void {
    this.items.push(lastIndex);
  }

  /** Forgets every append whose last index is ≤ `index`: the follower has them all. */
  freeTo(index: LogIndex): void {
    while (this.head < this.items.length && this.items[this.head]! <= index) this.head++;
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head > 64 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }

  reset(): void {
    this.items = [];
    this.head = 0;
  }
}

export class Progress {
  /** Highest index known to be in the follower's log, agreeing with the leader's. */
  match: LogIndex = 0;
  /** Next index to send. */
  next: LogIndex;
  state: ProgressState = 'probe';
  /** In probe: an append is out and unanswered. */
  probeSent = false;
  /** In snapshot: the index of the snapshot sent, and ticks spent waiting for its answer. */
  pendingSnapshot: LogIndex = 0;
  snapshotTicks = 0;
  /** Heard from since the last CheckQuorum round. */
  recentActive = true;
  /** Send one append at the next flush even if empty or paused (a heartbeat answer showed a gap). */
  sendOne = false;
  /** The leader's heartbeat round when it last sent this follower an append. */
  appendRound = 0;
  /** Highest heartbeat round it answered, and the leader's tick when that heartbeat was sent. */
  ackedRound = 0;
  ackedTick = -Infinity;
  readonly inflights = new Inflights();

  constructor(
    next: LogIndex,
    public isLearner: boolean,
    private readonly maxInflight: number,
  ) {
    this.next = next;
  }

  becomeProbe(): void {
    // After a snapshot the follower holds at least the snapshot's index.
    const from = this.state === 'snapshot' ? Math.max(this.match, this.pendingSnapshot) : this.match;
    this.state = 'probe';
    this.next = from + 1;
    this.probeSent = false;
    this.pendingSnapshot = 0;
    this.inflights.reset();
  }

  becomeReplicate(): void {
    this.state = 'replicate';
    this.next = this.match + 1;
    this.probeSent = false;
    this.inflights.reset();
  }

  becomeSnapshot(index: LogIndex): void {
    this.state = 'snapshot';
    this.pendingSnapshot = index;
    this.snapshotTicks = 0;
    this.probeSent = false;
    this.inflights.reset();
  }

  /** No append may be sent now (except a forced one). */
  isPaused(): boolean {
    switch (this.state) {
      case 'probe':
        return this.probeSent;
      case 'replicate':
        return this.inflights.count >= this.maxInflight;
      case 'snapshot':
        return true;
    }
  }

  /** Records an append just sent whose entries end at `lastIndex` (null when it had none). */
  sentAppend(lastIndex: LogIndex | null): void {
    if (this.state === 'replicate') {
      if (lastIndex !== null) {
        this.next = lastIndex + 1;
        this.inflights.add(lastIndex);
      }
    } else if (this.state === 'probe') {
      this.probeSent = true;
    }
  }

  /** The follower acknowledged up to `index`; false when that tells nothing new. */
  maybeUpdate(index: LogIndex): boolean {
    let updated = false;
    if (index > this.match) {
      this.match = index;
      updated = true;
      this.probeSent = false;
    }
    if (index + 1 > this.next) this.next = index + 1;
    this.inflights.freeTo(index);
    return updated;
  }

  /**
   * The follower rejected an append after `rejected`; `probeFrom` is where the logs may agree.
   * Returns false when the rejection is stale (an answer to an append already superseded).
   */
  maybeDecrTo(rejected: LogIndex, probeFrom: LogIndex): boolean {
    if (this.state === 'replicate') {
      if (rejected <= this.match) return false;
      this.next = this.match + 1;
      return true;
    }
    if (this.next - 1 !== rejected) return false;
    if (rejected <= this.match) {
      // The very probe at or below what the follower once acknowledged was refused: its disk
      // lost writes it had confirmed (an fsync that lied). Believe it rather than repeat the
      // same probe forever; a lower match only makes commits more cautious.
      this.match = 0;
    }
    this.next = Math.max(Math.min(rejected, probeFrom) + 1, this.match + 1);
    this.probeSent = false;
    return true;
  }
}
