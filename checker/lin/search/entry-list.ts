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
    // Event positions are distinct integers (a call and a return may share one only when the
    // return is +∞), so the entries are laid out by position in one pass, calls first at a tie.
    let maxPos = -1;
    for (const op of ops) {
      if (op.callPos > maxPos) maxPos = op.callPos;
      if (op.retPos !== Infinity && op.retPos > maxPos) maxPos = op.retPos;
    }
    // A few ops picked from far into a long history are compacted to their ranks first.
    const rank = maxPos > 8 * n + 64 ? ranks(ops) : null;
    if (rank !== null) maxPos = rank.size - 1;
    const at = (pos: number): number => (rank === null ? pos : rank.get(pos)!);
    const callAt = new Int32Array(maxPos + 2).fill(-1);
    const retAt = new Int32Array(maxPos + 2).fill(-1);
    let unknownReturns = 0;
    for (const op of ops) {
      callAt[at(op.callPos)] = op.id;
      if (op.retPos === Infinity) unknownReturns++;
      else retAt[at(op.retPos)] = op.id;
    }
    this.head = 2 * n;
    this.next = new Int32Array(2 * n + 1);
    this.prev = new Int32Array(2 * n + 1);
    this.opOf = new Int32Array(2 * n);
    this.returnOf = new Int32Array(2 * n).fill(NIL);
    this.callOf = new Int32Array(n);
    let i = 0;
    const place = (op: number, isCall: boolean): void => {
      this.opOf[i] = op;
      if (isCall) this.callOf[op] = i;
      else this.returnOf[this.callOf[op]] = i;
      i++;
    };
    for (let pos = 0; pos <= maxPos; pos++) {
      if (callAt[pos] >= 0) place(callAt[pos], true);
      if (retAt[pos] >= 0) place(retAt[pos], false);
    }
    // Returns of unknown outcome (+∞) go last, by op id.
    if (unknownReturns > 0) for (const op of ops) if (op.retPos === Infinity) place(op.id, false);
    for (let e = 0; e < 2 * n; e++) {
      this.next[e] = e + 1 < 2 * n ? e + 1 : NIL;
      this.prev[e] = e === 0 ? this.head : e - 1;
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

/** Each finite position the ops use, mapped to its rank among them. */
function ranks(ops: readonly LinOp[]): Map<number, number> {
  const all: number[] = [];
  for (const op of ops) {
    all.push(op.callPos);
    if (op.retPos !== Infinity) all.push(op.retPos);
  }
  all.sort((a, b) => a - b);
  return new Map(all.map((pos, i) => [pos, i]));
}
