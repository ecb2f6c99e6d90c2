/**
 * Every state the object can be in at the moment op `v` takes effect, over all orders of the other
 * ops of a history that respect real time and the model: ops that returned before `v` began must
 * all come first, ops that began after `v` returned cannot, and each op that overlaps `v` may go
 * before it or not (but only after everything that returned before it began).
 *
 * This is an exhaustive walk over configurations (a linearized set and a state), each visited
 * once thanks to the same cache the search uses; it gives up (null) when the budget runs out.
 */
import { statesOf, type Model, type SearchModel } from '../model.js';
import { precedes, renumbered, type LinOp } from '../operation.js';
import type { Budget } from '../search/budget.js';
import { ConfigCache } from '../search/config-cache.js';
import { EntryList, NIL } from '../search/entry-list.js';
import { zobristKeys } from '../search/zobrist.js';
import { mix32 } from '../values.js';

export function statesBefore<S>(model: Model<S>, searchModel: SearchModel<unknown>, history: readonly LinOp[], v: LinOp, budget: Budget): S[] | null {
  // Ops that must come first are required; overlapping ones become optional, unknown ones stay so.
  const ops = renumbered(
    history
      .filter((o) => o !== v && !precedes(v, o))
      .map((o) => (o.known && !precedes(o, v) ? { ...o, optional: true } : o)),
  );
  const n = ops.length;
  const list = new EntryList(ops);
  const { next, opOf, returnOf, head } = list;
  const mustPlace = ops.map((o) => (o.known && o.optional !== true ? 1 : 0));
  let requiredLeft = mustPlace.reduce((a: number, b) => a + b, 0);
  const words = Math.max(1, Math.ceil(n / 32));
  const bits = new Uint32Array(words);
  const zobrist = zobristKeys(n);
  let setHash = 0;
  const cache = new ConfigCache(words, searchModel.equal);
  const found: S[] = [];
  let steps = 0;

  const record = (s: unknown): void => {
    for (const t of statesOf(model, s)) if (!found.some((u) => model.equal(t, u))) found.push(t);
  };
  /** Visits every configuration reachable from this one; false when the budget ran out. */
  const explore = (state: unknown): boolean => {
    if (requiredLeft === 0) record(state);
    // Only calls before the first return of an op not yet placed may go next.
    for (let e = next[head]; e !== NIL && returnOf[e] !== NIL; e = next[e]) {
      if (++steps % 1024 === 0 && !budget.spend(1024)) return false;
      const id = opOf[e];
      const after = searchModel.step(state, ops[id]);
      if (after === undefined) continue;
      bits[id >>> 5] |= 1 << (id & 31);
      setHash ^= zobrist[id];
      const fresh = cache.addIfNew(bits, mix32(setHash ^ Math.imul(searchModel.hash(after), 0x9e3779b1)), after);
      if (fresh) {
        if (cache.size > budget.maxConfigurations) return false;
        list.lift(e);
        requiredLeft -= mustPlace[id];
        const ok = explore(after);
        requiredLeft += mustPlace[id];
        list.unlift(e);
        if (!ok) return false;
      }
      bits[id >>> 5] &= ~(1 << (id & 31));
      setHash ^= zobrist[id];
    }
    return true;
  };
  const complete = explore(searchModel.init);
  budget.spend(steps % 1024);
  return complete ? found : null;
}
