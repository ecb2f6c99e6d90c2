/**
 * What a node finds on its disk when it starts: the boot image RawNode is built from. The host
 * rebuilds it from its durable records at every (re)start; RawNode reads it once and from then on
 * tells the host, through `Ready`, what to add to it. Whatever the disk lost in a crash is simply
 * absent here, and RawNode then behaves exactly as a node with that disk must.
 */
import type { Entry, HardState, Snapshot } from './types.js';

export interface RaftStorage {
  /** The last hard state written, or null when none ever was. */
  hardState(): HardState | null;
  /** The last snapshot written, or null. */
  snapshot(): Snapshot | null;
  /**
   * The entries written after the snapshot, in index order. Entries at or below the snapshot's
   * index are ignored (a crash between writing a snapshot and trimming the log leaves them); the
   * log is cut at the first gap.
   */
  entries(): readonly Entry[];
}

/**
 * An in-memory `RaftStorage` that also knows how to take a `Ready`'s writes in the order the
 * contract requires (snapshot, then entries, then hard state). Tests use it as a disk; a host can
 * use it to assemble the boot image from its records.
 */
export class MemoryStorage implements RaftStorage {
  private hs: HardState | null = null;
  private snap: Snapshot | null = null;
  private ents: Entry[] = [];

  hardState(): HardState | null {
    return this.hs;
  }

  snapshot(): Snapshot | null {
    return this.snap;
  }

  entries(): readonly Entry[] {
    return this.ents;
  }

  /** The index of the last entry (or of the snapshot when there are no entries). */
  lastIndex(): number {
    const last = this.ents[this.ents.length - 1];
    return last ? last.index : (this.snap?.index ?? 0);
  }

  setHardState(hs: HardState): void {
    this.hs = hs;
  }

  /** A snapshot received from the leader replaces the whole log. */
  installSnapshot(snapshot: Snapshot): void {
    this.snap = snapshot;
    this.ents = [];
  }

  /** A snapshot the node made itself (`compact`): entries up to its index are dropped. */
  compact(snapshot: Snapshot): void {
    if (this.snap && snapshot.index <= this.snap.index) return;
    this.snap = snapshot;
    const keepFrom = this.ents.findIndex((e) => e.index > snapshot.index);
    this.ents = keepFrom < 0 ? [] : this.ents.slice(keepFrom);
  }

  /** Writes entries at their indices, discarding every stored entry from the first one on. */
  append(entries: readonly Entry[]): void {
    const first = entries[0];
    if (!first) return;
    const base = this.ents[0]?.index ?? first.index;
    const keep = Math.max(0, Math.min(this.ents.length, first.index - base));
    this.ents.length = keep;
    for (const e of entries) this.ents.push(e);
  }

  /** Persists a `Ready` batch in the contract's order. */
  save(ready: {
    readonly snapshot?: Snapshot;
    readonly entries: readonly Entry[];
    readonly hardState?: HardState;
  }): void {
    if (ready.snapshot) this.installSnapshot(ready.snapshot);
    this.append(ready.entries);
    if (ready.hardState) this.setHardState(ready.hardState);
  }

  /** An independent copy: what a crash leaves behind when everything written was durable. */
  clone(): MemoryStorage {
    const copy = new MemoryStorage();
    copy.hs = this.hs;
    copy.snap = this.snap;
    copy.ents = this.ents.slice();
    return copy;
  }
}
