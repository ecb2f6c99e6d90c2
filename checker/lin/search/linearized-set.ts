/**
 * The set of ops a search path has placed (linearized, or left out), in a form whose size follows
 * the history's concurrency rather than its length.
 *
 * Every required op below the low-water mark `m` (the first required op not yet placed) is placed:
 * ops can only be placed while their call precedes every pending required return, so a placed op
 * above `m` was called while op `m` was running. The set is therefore fully told by `m`, the
 * placed ops above it (a window bounded by the concurrency), and the optional ops (unknown
 * outcome, or optional while explaining) below it that were not placed. The configuration cache
 * keys on exactly that, so on a long history with few concurrent ops each key stays a few words,
 * instead of a bitset of the whole history.
 */
import type { LinOp } from '../operation.js';
import { required } from '../operation.js';
import { zobristKeys } from './zobrist.js';

/** Separates the window from the skipped optional ops in a key. */
const SEPARATOR = -1;

export class LinearizedSet {
  /** Zobrist hash of the placed set (an XOR of per-op keys, so it follows adds and removes). */
  hash = 0;
  /** The first required op not yet placed (n when none is left). */
  m = 0;
  private readonly placed: Uint8Array;
  private readonly mustPlace: Uint8Array;
  /** Ids of the ops that need not be placed, ascending. */
  private readonly optional: Int32Array;
  /** Highest placed id (or -1): bounds the window scan. */
  private hi = -1;
  private readonly zobrist: Int32Array;
  private readonly n: number;
  /** Where `key()` writes; one word per op at most, plus the separator. */
  readonly scratch: Int32Array;

  constructor(ops: readonly LinOp[]) {
    const n = ops.length;
    this.n = n;
    this.placed = new Uint8Array(n);
    this.mustPlace = new Uint8Array(n);
    const optional: number[] = [];
    for (const op of ops) {
      if (required(op)) this.mustPlace[op.id] = 1;
      else optional.push(op.id);
    }
    this.optional = Int32Array.from(optional);
    this.zobrist = zobristKeys(n);
    this.scratch = new Int32Array(n + 1);
    this.advance();
  }

  has(id: number): boolean {
    return this.placed[id] === 1;
  }

  add(id: number): void {
    this.placed[id] = 1;
    this.hash ^= this.zobrist[id];
    if (id > this.hi) this.hi = id;
    if (id === this.m) this.advance();
  }

  remove(id: number): void {
    this.placed[id] = 0;
    this.hash ^= this.zobrist[id];
    if (this.mustPlace[id] === 1 && id < this.m) this.m = id;
    if (id === this.hi) {
      let h = id - 1;
      while (h >= 0 && this.placed[h] === 0 && h >= this.m) h--;
      // Below m every required op is placed; the exact highest placed id matters only above m.
      this.hi = h;
    }
  }

  /**
   * Writes the key of the current set into `scratch` and returns its length. Two sets are equal
   * exactly when their `m` and keys are.
   */
  key(): number {
    const { placed, scratch, optional, m } = this;
    let k = 0;
    for (let id = m + 1; id <= this.hi; id++) if (placed[id] === 1) scratch[k++] = id;
    scratch[k++] = SEPARATOR;
    for (let i = 0; i < optional.length && optional[i] < m; i++) if (placed[optional[i]] === 0) scratch[k++] = optional[i];
    return k;
  }

  private advance(): void {
    let m = this.m;
    while (m < this.n && (this.mustPlace[m] === 0 || this.placed[m] === 1)) m++;
    this.m = m;
  }
}
