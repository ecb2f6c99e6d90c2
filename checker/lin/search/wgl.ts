/**
 * Wing & Gong's search for a linearization, with Lowe's just-in-time refinement and a cache of
 * visited configurations, over one part of a history.
 *
 * Walking the entry list from the front, a call entry is an op that may be linearized now (every
 * op that returned before it was called is already linearized); linearizing it lifts it out and
 * restarts the walk. Reaching a return entry means that op can no longer be placed after any
 * remaining call, so the search backtracks. Ops whose outcome is unknown have their return at +∞:
 * they may be linearized at any point after their call, and left out at the end.
 *
 * Ops marked `optional` (only while explaining a violation) may also be left out at their return
 * entry: "it did not take effect" is then one more choice, undone on backtracking like any other.
 */
import type { SearchModel } from '../model.js';
import { required, type LinOp } from '../operation.js';
import { mix32 } from '../values.js';
import type { Budget, Exhaustion } from './budget.js';
import { ConfigCache } from './config-cache.js';
import { EntryList, NIL } from './entry-list.js';
import { LinearizedSet } from './linearized-set.js';

export interface SearchOutcome {
  valid: boolean | 'unknown';
  exhausted: Exhaustion | null;
  /** When valid: op ids in the order found (ops left out are not listed). */
  linearization: number[] | null;
  /** The longest sequence of op ids the search managed to linearize (the whole order when valid). */
  longestPrefix: number[];
  configurations: number;
  /** Bytes the configuration cache held at the end. */
  cacheBytes: number;
  /** True when the cache reached its byte budget and forgot entries behind the low-water mark. */
  forgot: boolean;
  steps: number;
}

/** How often (in steps) the search reports to its budget; the budget then checks the clock. */
const CHECK_EVERY = 1024;

export function searchLinearization(ops: readonly LinOp[], model: SearchModel<unknown>, budget: Budget): SearchOutcome {
  const n = ops.length;
  if (budget.exhausted !== null) {
    return { valid: 'unknown', exhausted: budget.exhausted, linearization: null, longestPrefix: [], configurations: 0, cacheBytes: 0, forgot: false, steps: 0 };
  }
  const list = new EntryList(ops);
  const { next, opOf, returnOf, callOf, head } = list;
  const mustPlace = new Uint8Array(n);
  const mayOmit = new Uint8Array(n);
  let requiredLeft = 0;
  for (const op of ops) {
    if (required(op)) (mustPlace[op.id] = 1), requiredLeft++;
    else if (op.known) mayOmit[op.id] = 1; // optional with a finite return: omitted at its return entry
  }

  const placed = new LinearizedSet(ops);
  const cache = new ConfigCache(model.equal, Math.min(1 << 16, 2 * n + 16));
  const { maxConfigurations, maxCacheBytes } = budget;
  /** Cache entries behind the low-water mark were forgotten at least once (see memoryFull). */
  let forgot = false;
  /**
   * The cache is at its byte budget: forget the entries wholly behind the current low-water mark
   * (every op before it is placed on this path), and give up only if that frees too little.
   */
  const memoryFull = (): boolean => {
    forgot = true;
    cache.forgetBelow(placed.m);
    return cache.bytes > maxCacheBytes / 2;
  };

  // The current path: call entries taken, the state before each, and whether it was an omission.
  const stackEntry = new Int32Array(n);
  const stackState: unknown[] = new Array(n);
  const stackOmitted = new Uint8Array(n);
  let depth = 0;
  // The deepest path reached, kept for the report (the longest linearizable prefix): a plain copy
  // of the stack, turned into op ids only at the end. Only the part of the stack that changed since
  // the last copy is copied again (everything below `unchangedBelow` is the same), so keeping it
  // costs no more than the search itself.
  const longestEntries = new Int32Array(n);
  const longestOmitted = new Uint8Array(n);
  let longestDepth = 0;
  let unchangedBelow = 0;
  const order = (entries: Int32Array, omitted: Uint8Array): number[] => {
    const ids: number[] = [];
    for (let i = 0; i < entries.length; i++) if (omitted[i] === 0) ids.push(opOf[entries[i]]);
    return ids;
  };

  let state = model.init;
  let entry = next[head];
  let steps = 0;
  const finish = (valid: boolean | 'unknown', exhausted: Exhaustion | null): SearchOutcome => {
    budget.spend(steps % CHECK_EVERY);
    const current = order(stackEntry.subarray(0, depth), stackOmitted);
    const longest = order(longestEntries.subarray(0, longestDepth), longestOmitted);
    const longestPrefix = current.length >= longest.length ? current : longest;
    return { valid, exhausted, linearization: valid === true ? current : null, longestPrefix, configurations: cache.size, cacheBytes: cache.bytes, forgot, steps };
  };

  for (;;) {
    if (requiredLeft === 0) return finish(true, null);
    if (++steps % CHECK_EVERY === 0 && !budget.spend(CHECK_EVERY)) return finish('unknown', budget.exhausted);
    if (entry === NIL) throw new Error('linearizability search ran off the list with ops left to place');

    const id = opOf[entry];
    const isCall = returnOf[entry] !== NIL;
    // A call: try to linearize its op here. A return of an op not yet placed: nothing to its right
    // may go first, so leave the op out if it may be left out, or else backtrack.
    const after = isCall ? model.step(state, ops[id]) : mayOmit[id] === 1 ? state : undefined;
    if (after !== undefined) {
      placed.add(id);
      const len = placed.key();
      if (cache.addIfNew(placed.m, placed.scratch, len, mix32(placed.hash ^ Math.imul(model.hash(after), 0x9e3779b1)), after)) {
        if (cache.size > maxConfigurations) return finish('unknown', 'configurations');
        if (cache.bytes > maxCacheBytes && memoryFull()) return finish('unknown', 'memory');
        stackEntry[depth] = callOf[id];
        stackState[depth] = state;
        stackOmitted[depth] = isCall ? 0 : 1;
        depth++;
        requiredLeft -= mustPlace[id];
        state = after;
        list.lift(callOf[id]);
        entry = next[head];
        continue;
      }
      placed.remove(id);
    }
    if (isCall) {
      entry = next[entry];
      continue;
    }
    if (depth === 0) return finish(false, null);
    if (depth > longestDepth) {
      longestEntries.set(stackEntry.subarray(unchangedBelow, depth), unchangedBelow);
      longestOmitted.set(stackOmitted.subarray(unchangedBelow, depth), unchangedBelow);
      longestDepth = depth;
      unchangedBelow = depth;
    }
    depth--;
    if (depth < unchangedBelow) unchangedBelow = depth;
    const call = stackEntry[depth];
    const undone = opOf[call];
    state = stackState[depth];
    stackState[depth] = undefined;
    placed.remove(undone);
    requiredLeft += mustPlace[undone];
    list.unlift(call);
    // After undoing an omission the op's return blocks again, so continue from there (backtrack).
    entry = stackOmitted[depth] === 1 ? returnOf[call] : next[call];
  }
}
