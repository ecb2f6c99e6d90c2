/**
 * A node's log in memory: a snapshot base followed by entries, with a mark of how far the host
 * has persisted it (`stable`), how far it is committed and how far the host has applied it.
 * Entries past `stable` are handed to the host in the next `Ready`; nothing is ever copied whole.
 */
import type { Entry, LogIndex, Snapshot, Term } from './types.js';

const NO_ENTRIES: readonly Entry[] = Object.freeze([]);

export class RaftLog {
  /** Index and term of the last entry folded into the snapshot (0, 0 for none). */
  snapIndex: LogIndex = 0;
  snapTerm: Term = 0;
  /** The latest snapshot, to send to followers behind the compacted log. */
  snapshot: Snapshot | null = null;
  /** A snapshot the host has yet to persist and apply (received from a leader, or the boot one). */
  pendingSnapshot: Snapshot | null = null;
  /** ents[i] has index snapIndex + 1 + i. */
  private ents: Entry[] = [];
  /** Last index the host has durably written. */
  stable: LogIndex = 0;
  commit: LogIndex = 0;
  /** Last index the host's state machine reflects. */
  applied: LogIndex = 0;
  /** Where the last `tryAppend` started writing (0 when it wrote nothing). */
  writtenFrom: LogIndex = 0;

  /** Loads a boot image; entries must follow the snapshot contiguously. */
  load(snapshot: Snapshot | null, entries: readonly Entry[]): void {
    this.snapshot = snapshot;
    this.snapIndex = snapshot?.index ?? 0;
    this.snapTerm = snapshot?.term ?? 0;
    this.ents = entries.slice();
    this.stable = this.lastIndex();
    this.commit = this.snapIndex;
    this.applied = this.snapIndex;
  }

  firstIndex(): LogIndex {
    return this.snapIndex + 1;
  }

  lastIndex(): LogIndex {
    return this.snapIndex + this.ents.length;
  }

  lastTerm(): Term {
    const last = this.ents[this.ents.length - 1];
    return last ? last.term : this.snapTerm;
  }

  /** The term at `index`, or undefined when it is compacted away or beyond the log. */
  term(index: LogIndex): Term | undefined {
    if (index === this.snapIndex) return this.snapTerm;
    if (index < this.snapIndex) return undefined;
    return this.ents[index - this.snapIndex - 1]?.term;
  }

  entry(index: LogIndex): Entry | undefined {
    return index > this.snapIndex ? this.ents[index - this.snapIndex - 1] : undefined;
  }

  matchTerm(index: LogIndex, term: Term): boolean {
    return this.term(index) === term;
  }

  /** Raft's election restriction: is a log ending at (lastIndex, lastTerm) at least as new? */
  isUpToDate(lastIndex: LogIndex, lastTerm: Term): boolean {
    const myTerm = this.lastTerm();
    return lastTerm > myTerm || (lastTerm === myTerm && lastIndex >= this.lastIndex());
  }

  /**
   * The largest index ≤ `index` whose term is ≤ `term`: where a log that has `term` at `index`
   * could first agree with this one. Used from both sides of a rejected append to skip whole
   * conflicting terms instead of one entry per round trip.
   */
  findConflictByTerm(index: LogIndex, term: Term): LogIndex {
    let i = Math.min(index, this.lastIndex());
    while (i > this.snapIndex) {
      const t = this.ents[i - this.snapIndex - 1]!.term;
      if (t <= term) return i;
      i--;
    }
    // Reaching a snapshot of a newer term: agreement, if any, lies in the compacted part, so
    // point below it (a leader then sends its snapshot rather than probe this index forever).
    if (i === this.snapIndex && this.snapTerm > term && i > 0) return i - 1;
    return i;
  }

  /** The leader appends its own new entries at the end. */
  appendNew(entry: Entry): void {
    this.ents.push(entry);
  }

  /**
   * A follower's append: if the log holds (prevIndex, prevTerm), writes `entries` after it,
   * cutting the log only at the first entry that conflicts (a stale or duplicated append never
   * erases anything), then commits up to `leaderCommit` as far as the append reaches. Returns the
   * last index now known to match the leader, or null when prev does not match.
   */
  tryAppend(
    prevIndex: LogIndex,
    prevTerm: Term,
    leaderCommit: LogIndex,
    entries: readonly Entry[],
  ): LogIndex | null {
    this.writtenFrom = 0;
    if (!this.matchTerm(prevIndex, prevTerm)) return null;
    const lastNew = prevIndex + entries.length;
    for (let k = 0; k < entries.length; k++) {
      const e = entries[k]!;
      if (e.index <= this.snapIndex || this.matchTerm(e.index, e.term)) continue;
      this.truncateAndAppend(entries, k);
      this.writtenFrom = e.index;
      break;
    }
    this.commitTo(Math.min(leaderCommit, lastNew));
    return lastNew;
  }

  /** Replaces everything from entries[from].index on with entries[from..]. */
  private truncateAndAppend(entries: readonly Entry[], from: number): void {
    const first = entries[from]!.index;
    if (first > this.lastIndex() + 1 || first <= this.snapIndex) {
      throw new Error(`raft log: cannot write index ${first} to a log ending at ${this.lastIndex()}`);
    }
    this.ents.length = first - this.snapIndex - 1;
    if (this.stable >= first) this.stable = first - 1;
    // Only an unsafe configuration or a lossy disk overwrites committed entries; keep commit
    // within the log so the node stays coherent enough for the monitors to see the damage.
    for (let k = from; k < entries.length; k++) this.ents.push(entries[k]!);
    if (this.commit > this.lastIndex()) this.commit = this.lastIndex();
  }

  commitTo(index: LogIndex): boolean {
    if (index <= this.commit) return false;
    this.commit = Math.min(index, this.lastIndex());
    return true;
  }

  /**
   * Entries in [lo, hi), at most `maxCount` and (beyond the first) `maxBytes` by `sizeOf`.
   * Returns a fresh array holding only that range.
   */
  slice(
    lo: LogIndex,
    hi: LogIndex,
    maxCount = Infinity,
    maxBytes = Infinity,
    sizeOf?: (data: unknown) => number,
  ): readonly Entry[] {
    const from = Math.max(lo, this.snapIndex + 1);
    const to = Math.min(hi, this.lastIndex() + 1, from + maxCount);
    if (to <= from) return NO_ENTRIES;
    const base = this.snapIndex + 1;
    if (maxBytes === Infinity || !sizeOf) return this.ents.slice(from - base, to - base);
    const out: Entry[] = [];
    let bytes = 0;
    for (let i = from; i < to; i++) {
      const e = this.ents[i - base]!;
      bytes += sizeOf(e.data);
      if (out.length > 0 && bytes > maxBytes) break;
      out.push(e);
    }
    return out;
  }

  /** Entries not yet persisted, or an empty list. */
  unstableEntries(): readonly Entry[] {
    return this.stable < this.lastIndex() ? this.slice(this.stable + 1, this.lastIndex() + 1) : NO_ENTRIES;
  }

  hasUnstable(): boolean {
    return this.stable < this.lastIndex();
  }

  /** The host persisted entries up to (index, term); ignored if they were overwritten since. */
  stableTo(index: LogIndex, term: Term): void {
    if (index > this.stable && this.term(index) === term) this.stable = index;
  }

  /** First index the host still has to apply (after a pending snapshot, if any). */
  private nextApply(): LogIndex {
    return Math.max(this.applied, this.pendingSnapshot?.index ?? 0) + 1;
  }

  hasNextCommitted(): boolean {
    return this.nextApply() <= Math.min(this.commit, this.lastIndex());
  }

  /** Committed entries the host should apply next. */
  nextCommitted(maxCount: number): readonly Entry[] {
    const lo = this.nextApply();
    return this.slice(lo, Math.min(this.commit, this.lastIndex()) + 1, maxCount);
  }

  appliedTo(index: LogIndex): void {
    if (index > this.applied) this.applied = index;
  }

  /**
   * Replaces the log with a leader's snapshot. The snapshot counts as committed at once; the host
   * persists and applies it from the next `Ready`.
   */
  restore(snapshot: Snapshot): void {
    this.ents = [];
    this.snapIndex = snapshot.index;
    this.snapTerm = snapshot.term;
    this.snapshot = snapshot;
    this.pendingSnapshot = snapshot;
    this.stable = snapshot.index;
    this.commit = snapshot.index;
  }

  /** The host persisted (and applied) the pending snapshot. */
  snapshotPersisted(snapshot: Snapshot): void {
    if (this.pendingSnapshot === snapshot) this.pendingSnapshot = null;
    this.appliedTo(snapshot.index);
  }

  /** Folds entries up to `snapshot.index` into a snapshot the node made itself. */
  compact(snapshot: Snapshot): void {
    const drop = snapshot.index - this.snapIndex;
    this.ents = this.ents.slice(drop);
    this.snapIndex = snapshot.index;
    this.snapTerm = snapshot.term;
    this.snapshot = snapshot;
  }
}
