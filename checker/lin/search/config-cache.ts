/**
 * The set of search configurations already explored: (linearized-op bitset, model state). Two
 * paths that reach the same set of linearized ops in the same state have the same future, so the
 * second one is pruned. Bitsets live side by side in one typed array; an open-addressing table
 * of config numbers indexes them by hash.
 */

export class ConfigCache {
  /** Number of configurations held. */
  size = 0;
  private arena: Uint32Array;
  private hashes: Int32Array;
  private states: unknown[] = [];
  private slots: Int32Array;
  private mask: number;

  constructor(
    private readonly words: number,
    private readonly equal: (a: unknown, b: unknown) => boolean,
    initialCapacity = 1024,
  ) {
    const cap = 1 << Math.ceil(Math.log2(Math.max(16, initialCapacity)));
    this.arena = new Uint32Array(cap * words);
    this.hashes = new Int32Array(cap);
    this.slots = new Int32Array(cap * 2);
    this.mask = cap * 2 - 1;
  }

  /** Adds the configuration unless an equal one is already there; true when it was new. */
  addIfNew(bits: Uint32Array, hash: number, state: unknown): boolean {
    const { slots, mask, words, arena, hashes } = this;
    let i = hash & mask;
    for (let c = slots[i]; c !== 0; c = slots[i]) {
      const id = c - 1;
      if (hashes[id] === hash && this.sameBits(id, bits) && this.equal(this.states[id], state)) return false;
      i = (i + 1) & mask;
    }
    const id = this.size;
    if (id === hashes.length) {
      this.grow();
      return this.insertNew(bits, hash, state);
    }
    arena.set(bits, id * words);
    hashes[id] = hash;
    this.states.push(state);
    slots[i] = id + 1;
    this.size++;
    return true;
  }

  private insertNew(bits: Uint32Array, hash: number, state: unknown): boolean {
    const id = this.size;
    this.arena.set(bits, id * this.words);
    this.hashes[id] = hash;
    this.states.push(state);
    this.place(id, hash);
    this.size++;
    return true;
  }

  private sameBits(id: number, bits: Uint32Array): boolean {
    const { arena, words } = this;
    const base = id * words;
    for (let w = 0; w < words; w++) if (arena[base + w] !== bits[w]) return false;
    return true;
  }

  private place(id: number, hash: number): void {
    let i = hash & this.mask;
    while (this.slots[i] !== 0) i = (i + 1) & this.mask;
    this.slots[i] = id + 1;
  }

  /** Doubles the room for configurations; the slot table stays at twice that (load ≤ 1/2). */
  private grow(): void {
    const cap = this.hashes.length * 2;
    const arena = new Uint32Array(cap * this.words);
    arena.set(this.arena);
    this.arena = arena;
    const hashes = new Int32Array(cap);
    hashes.set(this.hashes);
    this.hashes = hashes;
    this.slots = new Int32Array(cap * 2);
    this.mask = cap * 2 - 1;
    for (let id = 0; id < this.size; id++) this.place(id, hashes[id]);
  }
}
