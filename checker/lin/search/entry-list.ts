/**
 * The history of one part as a doubly linked list of call and return entries in event order,
 * in typed arrays. Linearizing an op lifts its call and return out of the list; backtracking puts
 * them back in reverse order of lifting, where their own links still point (dancing links).
 */
import type { LinOp } from '../operation.js';

export const NIL = -1;

export class EntryList {
  /** The sentinel before the first entry. */
  readonly head: number;
  readonly next: Int32Array;
  readonly prev: Int32Array;
  /** Op id of each entry. */
  readonly opOf: Int32Array;
  /** For a call entry, its return entry; NIL for return entries. */
  readonly returnOf: Int32Array;
  /** The call entry of each op id. */
  readonly callOf: Int32Array;

  /**
   * Ops must be numbered 0..n-1 (in order of their calls, for speed). Returns of unknown outcome (+∞) go last,
   * by op id.
   */
  constructor(ops: readonly LinOp[]) {
    const n = ops.length;
    // Calls are already in order; returns are sorted by position (nearly sorted already on most
    // histories, which the engine's merge sort finishes in linear time), then the two are merged.
    const byCall = sortedIds(ops, (op) => op.callPos);
    const byReturn = sortedIds(ops, (op) => op.retPos);
    this.head = 2 * n;
    this.next = new Int32Array(2 * n + 1);
    this.prev = new Int32Array(2 * n + 1);
    this.opOf = new Int32Array(2 * n);
    this.returnOf = new Int32Array(2 * n).fill(NIL);
    this.callOf = new Int32Array(n);
    let c = 0;
    let r = 0;
    for (let i = 0; i < 2 * n; i++) {
      // A call goes first at equal positions, so an op never returns before it is called.
      const takeCall = c < n && (r === n || ops[byCall[c]].callPos <= ops[byReturn[r]].retPos);
      if (takeCall) {
        const op = byCall[c++];
        this.opOf[i] = op;
        this.callOf[op] = i;
      } else {
        const op = byReturn[r++];
        this.opOf[i] = op;
        this.returnOf[this.callOf[op]] = i;
      }
      this.next[i] = i + 1 < 2 * n ? i + 1 : NIL;
      this.prev[i] = i === 0 ? this.head : i - 1;
    }
    this.next[this.head] = n === 0 ? NIL : 0;
    this.prev[this.head] = NIL;
  }

  isCall(entry: number): boolean {
    return this.returnOf[entry] !== NIL;
  }

  /** Takes a call entry and its return out of the list. */
  lift(call: number): void {
    const { next, prev } = this;
    const ret = this.returnOf[call];
    next[prev[call]] = next[call];
    prev[next[call]] = prev[call]; // a call is always followed by at least its own return
    next[prev[ret]] = next[ret];
    if (next[ret] !== NIL) prev[next[ret]] = prev[ret];
  }

  /** Puts back the pair most recently lifted that is still out. */
  unlift(call: number): void {
    const { next, prev } = this;
    const ret = this.returnOf[call];
    next[prev[ret]] = ret;
    if (next[ret] !== NIL) prev[next[ret]] = ret;
    next[prev[call]] = call;
    prev[next[call]] = call;
  }
}

/** Op ids in ascending order of `pos` (ties by id), without sorting when they already are. */
function sortedIds(ops: readonly LinOp[], pos: (op: LinOp) => number): Int32Array {
  const ids = new Int32Array(ops.length);
  let sorted = true;
  for (let i = 0; i < ops.length; i++) {
    ids[i] = i;
    if (i > 0 && pos(ops[i]) < pos(ops[i - 1])) sorted = false;
  }
  if (sorted) return ids;
  return Int32Array.from([...ids].sort((a, b) => pos(ops[a]) - pos(ops[b]) || a - b));
}
