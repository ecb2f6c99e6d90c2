/**
 * The search configurations already explored: (placed-op set, model state). Two paths that reach
 * the same set in the same state have the same future, so the second one is pruned.
 *
 * A set is stored as its low-water mark and its short key (see linearized-set.ts), side by side
 * in one typed arena; an open-addressing table of entry numbers indexes them by hash. The cache
 * counts the bytes it holds, so a search can be bounded by memory rather than by a count, and it
 * can forget the entries behind a low-water mark (`forgetBelow`): the cache only prunes, so
 * forgetting costs repeated work at worst, never a wrong answer.
 */

/** Bytes per entry beyond its key: hash, mark, key offset and length, state reference, two slots. */
const ENTRY_BYTES = 4 + 4 + 4 + 4 + 8 + 8;

export class ConfigCache {
  /** Number of configurations held. */
  size = 0;
  private hashes: Int32Array;
  private marks: Int32Array;
  private offsets: Int32Array;
  private lengths: Int32Array;
  private states: unknown[] = [];
  private arena: Int32Array;
  private arenaUsed = 0;
  private slots: Int32Array;
  private mask: number;

  constructor(
    private readonly equal: (a: unknown, b: unknown) => boolean,
    initialCapacity = 1024,
  ) {
    const cap = 1 << Math.ceil(Math.log2(Math.max(16, initialCapacity)));
    this.hashes = new Int32Array(cap);
    this.marks = new Int32Array(cap);
    this.offsets = new Int32Array(cap);
    this.lengths = new Int32Array(cap);
    this.arena = new Int32Array(cap * 2);
    this.slots = new Int32Array(cap * 2);
    this.mask = cap * 2 - 1;
  }

  /**
   * Memory the entries take, in bytes. The typed arrays grow by doubling, so what is allocated is
   * at most twice this.
   */
  get bytes(): number {
    return this.size * ENTRY_BYTES + this.arenaUsed * 4;
  }

  /**
   * Adds the configuration (mark `m`, `key[0..len)`, state) unless an equal one is there; true
   * when it was new.
   */
  addIfNew(m: number, key: Int32Array, len: number, hash: number, state: unknown): boolean {
    const { slots, mask, hashes, marks } = this;
    let i = hash & mask;
    for (let c = slots[i]; c !== 0; c = slots[i]) {
      const id = c - 1;
      if (hashes[id] === hash && marks[id] === m && this.sameKey(id, key, len) && this.equal(this.states[id], state)) return false;
      i = (i + 1) & mask;
    }
    if (this.size === hashes.length) {
      this.grow();
      this.insert(m, key, len, hash, state);
      this.place(this.size - 1, hash);
      return true;
    }
    this.insert(m, key, len, hash, state);
    slots[i] = this.size;
    return true;
  }

  /**
   * Drops every entry whose mark is below `m` (their sets lie wholly behind it) and compacts what
   * remains; returns how many entries are left.
   */
  forgetBelow(m: number): number {
    let kept = 0;
    let used = 0;
    for (let id = 0; id < this.size; id++) {
      if (this.marks[id] < m) continue;
      const off = this.offsets[id];
      const len = this.lengths[id];
      this.arena.copyWithin(used, off, off + len);
      this.hashes[kept] = this.hashes[id];
      this.marks[kept] = this.marks[id];
      this.offsets[kept] = used;
      this.lengths[kept] = len;
      this.states[kept] = this.states[id];
      used += len;
      kept++;
    }
    this.states.length = kept;
    this.size = kept;
    this.arenaUsed = used;
    this.slots.fill(0);
    for (let id = 0; id < kept; id++) this.place(id, this.hashes[id]);
    return kept;
  }

  private insert(m: number, key: Int32Array, len: number, hash: number, state: unknown): void {
    const id = this.size;
    if (this.arenaUsed + len > this.arena.length) {
      const arena = new Int32Array(Math.max(this.arena.length * 2, this.arenaUsed + len));
      arena.set(this.arena.subarray(0, this.arenaUsed));
      this.arena = arena;
    }
    this.arena.set(key.subarray(0, len), this.arenaUsed);
    this.hashes[id] = hash;
    this.marks[id] = m;
    this.offsets[id] = this.arenaUsed;
    this.lengths[id] = len;
    this.states[id] = state;
    this.arenaUsed += len;
    this.size++;
  }

  private sameKey(id: number, key: Int32Array, len: number): boolean {
    if (this.lengths[id] !== len) return false;
    const { arena } = this;
    const base = this.offsets[id];
    for (let w = 0; w < len; w++) if (arena[base + w] !== key[w]) return false;
    return true;
  }

  private place(id: number, hash: number): void {
    let i = hash & this.mask;
    while (this.slots[i] !== 0) i = (i + 1) & this.mask;
    this.slots[i] = id + 1;
  }

  /** Doubles the room for entries; the slot table stays at twice that (load ≤ 1/2). */
  private grow(): void {
    const cap = this.hashes.length * 2;
    const widen = (a: Int32Array): Int32Array => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    this.hashes = widen(this.hashes);
    this.marks = widen(this.marks);
    this.offsets = widen(this.offsets);
    this.lengths = widen(this.lengths);
    this.slots = new Int32Array(cap * 2);
    this.mask = cap * 2 - 1;
    for (let id = 0; id < this.size; id++) this.place(id, this.hashes[id]);
  }
}
