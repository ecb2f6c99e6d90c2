/**
 * Every state the object can be in at the moment op `v` takes effect, over all orders of the other
 * ops of a history that respect real time and the model: ops that returned before `v` began must
 * all come first, ops that began after `v` returned cannot, and each op that overlaps `v` may go
 * before it or not (but only after everything that returned before it began).
 *
 * These are the states of every configuration a frontier pass (search/frontier.ts) reaches while
 * `v` runs, when it never places `v`: at each return in `v`'s interval, the returning op may
 * already be placed or not, and every op then open but `v` may be. One such pass is all it takes
 * on histories with few ops open at once. Otherwise an exhaustive walk over configurations (a
 * linearized set and a state), each visited once thanks to the same cache the search uses, finds
 * the same states. Both give up (null) when the budget runs out.
 *
 * Given a frontier of the check taken before `v` began (every op that returned by then placed in
 * each of its configurations, and every order of the ops open then reachable from them), both
 * start from those configurations over the ops after it: on a long history they then cost what
 * the few ops near `v` cost, not the whole history before them.
 */
import { statesOf, type Model, type SearchModel } from '../model.js';
import { madeOptional, precedes, renumbered, type LinOp } from '../operation.js';
import type { Budget } from '../search/budget.js';
import { ConfigCache } from '../search/config-cache.js';
import { frontierSearch, type FrontierSnapshot } from '../search/frontier.js';
import { EntryList, NIL } from '../search/entry-list.js';
import { LinearizedSet } from '../search/linearized-set.js';
import { mix32 } from '../values.js';

export function statesBefore<S>(
  model: Model<S>,
  searchModel: SearchModel<unknown>,
  history: HistoryUpTo,
  v: LinOp,
  budget: Budget,
  from: FrontierSnapshot | null = null,
): S[] | null {
  // One frontier pass (from the snapshot, when it lies before v) that never places v and collects
  // the states it meets while v runs: it costs what the few returns up to v's return cost. The
  // walk over orders is for the histories the pass gives up on (too many ops open at once).
  const { found, record } = collector(model);
  const start = from !== null && from.pos < v.callPos ? from : null;
  const pass = frontierSearch(history.ops, searchModel, budget, { upTo: history.cut, watch: { id: v.id, record }, ...(start !== null ? { from: start } : {}) });
  if (pass.kind !== 'gave-up') return found;
  if (pass.why !== 'open' && pass.why !== 'frontier') return null;
  return statesByWalk(model, searchModel, history.prefix, v, budget, from);
}

/**
 * A part's history as it stood at event position `cut`: as the part's ops read up to there (the
 * frontier pass reuses the part's event index), and as the prefix itself (ops still running at
 * the cut with their outcomes unknown), for the walk.
 */
export interface HistoryUpTo {
  ops: readonly LinOp[];
  cut: number;
  prefix: readonly LinOp[];
}

/** The same states as `statesBefore`, by a depth-first walk over every order. */
export function statesByWalk<S>(
  model: Model<S>,
  searchModel: SearchModel<unknown>,
  history: readonly LinOp[],
  v: LinOp,
  budget: Budget,
  from: FrontierSnapshot | null = null,
): S[] | null {
  const { found, record } = collector(model);
  if (from === null || from.pos >= v.callPos) return walk(searchModel, history, v, searchModel.init, budget, record) ? found : null;
  // Ops still to place from a configuration of the snapshot: those invoked after it, and those
  // open at it that the configuration has not placed.
  const after = history.filter((o) => o.callPos > from.pos);
  const openIds = new Set<number>();
  for (const id of from.opInSlot) if (id >= 0) openIds.add(id);
  const open = new Map<number, LinOp>();
  for (const o of history) if (openIds.has(o.id)) open.set(o.id, o);
  for (const c of from.configs) {
    const rest: LinOp[] = [];
    for (let slot = 0; slot < from.opInSlot.length; slot++) {
      const id = from.opInSlot[slot]!;
      const op = id >= 0 && (c.mask & (1 << slot)) === 0 ? open.get(id) : undefined;
      if (op !== undefined) rest.push(op);
    }
    rest.sort((a, b) => a.callPos - b.callPos);
    if (!walk(searchModel, [...rest, ...after], v, c.state, budget, record)) return null;
  }
  return found;
}

/** The distinct model states given to `record` (a search state may stand for several). */
function collector<S>(model: Model<S>): { found: S[]; record: (s: unknown) => void } {
  const found: S[] = [];
  const record = (s: unknown): void => {
    for (const t of statesOf(model, s)) if (!found.some((u) => model.equal(t, u))) found.push(t);
  };
  return { found, record };
}

/**
 * Every state at `v` over `history` from state `init` (see above), each given to `record`; false
 * when the budget ran out.
 */
function walk(searchModel: SearchModel<unknown>, history: readonly LinOp[], v: LinOp, init: unknown, budget: Budget, record: (s: unknown) => void): boolean {
  // Ops that must come first are required; overlapping ones become optional, unknown ones stay so.
  const ops = renumbered(
    history
      .filter((o) => o !== v && !precedes(v, o))
      .map((o) => (o.known && !precedes(o, v) ? madeOptional(o) : o)),
  );
  const n = ops.length;
  const list = new EntryList(ops);
  const { next, opOf, returnOf, head } = list;
  const mustPlace = ops.map((o) => (o.known && o.optional !== true ? 1 : 0));
  let requiredLeft = mustPlace.reduce((a: number, b) => a + b, 0);
  const placed = new LinearizedSet(ops);
  const cache = new ConfigCache(searchModel.equal, 2 * n + 16);
  let steps = 0;

  // Depth-first over configurations with an explicit stack (histories can be far deeper than the
  // call stack): frame d holds its state, the entry it took to get there, and where its walk is.
  const cursor = new Int32Array(n + 1);
  const taken = new Int32Array(n + 1);
  const stateAt: unknown[] = [init];
  let depth = 0;
  cursor[0] = next[head];
  if (requiredLeft === 0) record(init);
  for (;;) {
    const e = cursor[depth];
    // Only calls before the first return of an op not yet placed may go next.
    if (e === NIL || returnOf[e] === NIL) {
      if (depth === 0) break;
      const back = taken[depth];
      const id = opOf[back];
      list.unlift(back);
      requiredLeft += mustPlace[id];
      placed.remove(id);
      stateAt.length = depth;
      depth--;
      cursor[depth] = next[back];
      continue;
    }
    if (++steps % 128 === 0 && !budget.spend(128)) return false;
    const id = opOf[e];
    const after = searchModel.step(stateAt[depth], ops[id]);
    cursor[depth] = next[e];
    if (after === undefined) continue;
    placed.add(id);
    const len = placed.key();
    if (!cache.addIfNew(placed.m, placed.scratch, len, mix32(placed.hash ^ Math.imul(searchModel.hash(after), 0x9e3779b1)), after)) {
      placed.remove(id);
      continue;
    }
    if (cache.size > budget.maxConfigurations || cache.bytes > budget.maxCacheBytes) return false;
    list.lift(e);
    requiredLeft -= mustPlace[id];
    depth++;
    taken[depth] = e;
    stateAt[depth] = after;
    cursor[depth] = next[head];
    if (requiredLeft === 0) record(after);
  }
  budget.spend(steps % 128);
  return true;
}
