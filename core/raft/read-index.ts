/**
 * The leader's queue of ReadIndex requests. Each waits for a heartbeat round sent after it
 * arrived to be answered by a majority: that proves no newer leader had been elected when the
 * read's index was taken, so serving at that index is linearizable.
 */
import type { LogIndex, NodeId } from './types.js';

export interface PendingRead {
  readonly ctx: string;
  /** The commit index when the request arrived: the read must see at least this. */
  readonly index: LogIndex;
  /** The heartbeat round whose majority answer confirms it. */
  readonly round: number;
  /** Who asked: this node, or a follower that forwarded the request. */
  readonly from: NodeId;
}

export class ReadIndexQueue {
  private items: PendingRead[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  add(read: PendingRead): void {
    this.items.push(read);
  }

  /** Removes and returns, oldest first, every read whose round ≤ `round`. */
  releaseTo(round: number): PendingRead[] {
    const out: PendingRead[] = [];
    while (this.head < this.items.length && this.items[this.head]!.round <= round) {
      out.push(this.items[this.head++]!);
    }
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    }
    return out;
  }

  /** Removes every request (the node stopped leading). */
  clear(): PendingRead[] {
    const out = this.items.slice(this.head);
    this.items = [];
    this.head = 0;
    return out;
  }
}
