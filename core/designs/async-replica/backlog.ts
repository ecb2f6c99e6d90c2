/**
 * A store's replication history: its id, its offset, and a bounded backlog of the latest effects,
 * so that a replica that fell a little behind (or followed the same old primary as a newly
 * promoted one) can continue from where it is instead of taking a full copy. Kept by replicas too:
 * a replica that is promoted serves its peers from it.
 *
 * After a promotion the store remembers the history it came from and how far that history went
 * in it (Redis's second replication id): a store of the old history whose offset is not beyond
 * that point holds a prefix of the new history; one beyond it holds writes the new primary never
 * had, and must take a full copy, losing them.
 */
import type { Effect, ReplId, ReplOffset } from './protocol.js';

export class ReplicationLog {
  private effects: Effect[] = [];
  /** Offset of the effect before `effects[0]`. */
  private base: ReplOffset;
  private previous: { replId: ReplId; upTo: ReplOffset } | null = null;

  constructor(
    private id: ReplId,
    private last: ReplOffset,
    private readonly capacity: number,
  ) {
    this.base = last;
  }

  get replId(): ReplId {
    return this.id;
  }

  get offset(): ReplOffset {
    return this.last;
  }

  append(effect: Effect): ReplOffset {
    this.effects.push(effect);
    this.last++;
    if (this.effects.length > this.capacity) {
      const drop = this.effects.length - this.capacity;
      this.effects = this.effects.slice(drop);
      this.base += drop;
    }
    return this.last;
  }

  /** Effects after `offset`, at most `max` of them; null when the backlog no longer holds them. */
  after(offset: ReplOffset, max: number): Effect[] | null {
    if (offset < this.base || offset > this.last) return null;
    const from = offset - this.base;
    return this.effects.slice(from, from + max);
  }

  /** Whether a store holding history `replId` up to `offset` can continue from this backlog. */
  canContinue(replId: ReplId, offset: ReplOffset): boolean {
    const known = replId === this.id || (this.previous !== null && replId === this.previous.replId && offset <= this.previous.upTo);
    return known && offset >= this.base && offset <= this.last;
  }

  /** Becomes the primary: a new history that continues the current one. */
  fork(newId: ReplId): void {
    this.previous = { replId: this.id, upTo: this.last };
    this.id = newId;
  }

  /** Continues under a primary's id after it accepted our offset. */
  adopt(replId: ReplId): void {
    if (replId === this.id) return;
    this.previous = { replId: this.id, upTo: this.last };
    this.id = replId;
  }

  /** Starts over from a full copy: nothing before `offset` is in the backlog. */
  reset(replId: ReplId, offset: ReplOffset): void {
    this.id = replId;
    this.last = offset;
    this.base = offset;
    this.effects = [];
    this.previous = null;
  }
}
