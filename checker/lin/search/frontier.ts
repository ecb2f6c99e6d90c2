/**
 * The linearizability search as one pass over the history in event order (Lowe's just-in-time
 * linearization, run breadth-first): the frontier is every configuration (the ops placed among
 * those still open, and the model's state) the events so far allow. At a call the op joins the
 * open ones; at the return of an op, every configuration must have placed it, so each
 * configuration that has not places open ops (in every order the model allows) until it has;
 * configurations that cannot are dropped. Ops are placed only when some return forces it, so
 * the frontier stays as small as the concurrency allows.
 *
 * The pass ends at the first return no configuration can reach: that return is the first
 * illegal point of the history (the shortest failing prefix ends there), found without looking at
 * anything after it and without revisiting anything before it. On a history with few concurrent
 * ops it takes time linear in the history's length and memory bounded by its concurrency.
 *
 * It gives up (and the caller falls back to the depth-first search, wgl.ts) when more ops are
 * open at once than a configuration's mask holds, or when the frontier grows past its cap: the
 * depth-first search, which needs to find just one path, does better on such histories.
 */
import type { SearchModel } from '../model.js';
import { unreturned, type LinOp } from '../operation.js';
import { mix32 } from '../values.js';
import type { Budget, Exhaustion } from './budget.js';

/** Open ops one configuration can tell apart (one bit each in a small integer). */
const MAX_OPEN = 30;
/** Configurations in one frontier before the pass gives up. */
export const FRONTIER_CAP = 4096;
/** Bytes one configuration takes, roughly (object, state reference, chain link, set entry). */
export const CONFIG_BYTES = 96;
/** How often (in steps) the pass reports to its budget. */
const CHECK_EVERY = 1024;
/**
 * Returns between two kept frontiers (see FrontierSnapshot): the explanation's trials start 4 to 8
 * returns before the failure, so each costs what those few ops cost. Keeping one costs a copy of
 * the open slots (configurations are never changed once made, so they are shared).
 */
const SNAPSHOT_EVERY = 4;

/** The linearization a configuration followed, newest op first (shared by its extensions). */
interface Chain {
  readonly id: number;
  readonly prev: Chain | null;
  readonly length: number;
}

/** Made once and never changed: frontiers and the snapshots kept of them share configurations. */
interface Config {
  readonly state: unknown;
  /** Bit s set: the op in open slot s is placed. */
  readonly mask: number;
  readonly chain: Chain | null;
}

/**
 * The frontier just after some return: where a later pass over the same ops may start instead of
 * from the beginning (the explanation searches only near the failure this way).
 */
export interface FrontierSnapshot {
  /** Event position of the return after which it was taken. */
  pos: number;
  /** The op open in each slot then (slot → op id), -1 for a free slot. */
  opInSlot: readonly number[];
  configs: readonly Config[];
}

export type FrontierOutcome =
  | { kind: 'valid'; linearization: number[]; steps: number; peak: number }
  | {
      kind: 'invalid';
      /** The op whose return no configuration could reach. */
      victim: number;
      /** The longest order of ops the pass linearized before it failed. */
      longestPrefix: number[];
      /** A frontier taken between 4 and 8 returns before the failure, if there was one. */
      snapshot: FrontierSnapshot | null;
      /** With `keepAt`: the frontier just before that position, if the pass got there. */
      at: FrontierSnapshot | null;
      steps: number;
      peak: number;
    }
  | {
      kind: 'gave-up';
      why: 'open' | 'frontier' | Exhaustion;
      steps: number;
      /** With why 'frontier': true when the frontier outgrew its cap, false when the pass ran out of `maxSteps` with a narrow one. */
      wide?: boolean;
    };

export interface FrontierOptions {
  /**
   * Only events at positions up to this one: the history as it stood then (later ops never
   * happen, and ops still running have no result yet, as in an `info`).
   */
  upTo?: number;
  /** Start from this frontier, with only the events after it. */
  from?: FrontierSnapshot;
  /** Ok ops that may also not have taken effect (by id). */
  optional?: ReadonlySet<number>;
  /** Keep a snapshot for the explanation (default false). */
  keepSnapshot?: boolean;
  /** Frontier size at which the pass gives up (default FRONTIER_CAP). */
  cap?: number;
  /** Steps after which the pass gives up (default: none but the budget's). */
  maxSteps?: number;
  /** The ops' events from `eventIndex(ops)`, when several passes go over the same ops. */
  index?: EventIndex;
  /**
   * Keep the frontier as it stands just before this position (after every event before it): the
   * explanation walks the states at an op's call from there.
   */
  keepAt?: number;
  /**
   * Never place op `id`, and give `record` the state of every configuration the pass reaches
   * while that op runs (at each return between its call and its own return, before that return's
   * op is placed): every state the object can be in when the op takes effect, over
   * all orders that respect real time. The pass then ends at the op's return ('invalid').
   */
  watch?: { id: number; record: (state: unknown) => void };
}

/**
 * Every event of a list of ops in order, with its position: made once for many passes. Plain
 * arrays of small integers, not typed arrays: a typed array of more than a few entries has its
 * memory outside the heap, which costs far more to allocate, and a check of a small history
 * makes many such lists.
 */
export interface EventIndex {
  readonly events: readonly number[];
  readonly positions: readonly number[];
}

/**
 * Indices already made, by list of ops: the passes of one check (the decision's, then the
 * explanation's) go over the same list. A list of ops is never changed once searched.
 */
const indices = new WeakMap<readonly LinOp[], EventIndex>();

export function eventIndex(ops: readonly LinOp[]): EventIndex {
  let index = indices.get(ops);
  if (index === undefined) indices.set(ops, (index = makeEventIndex(ops)));
  return index;
}

function makeEventIndex(ops: readonly LinOp[]): EventIndex {
  const events = eventsOf(ops);
  const positions = new Array<number>(events.length);
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    positions[i] = e >= 0 ? ops[e]!.callPos : ops[~e]!.retPos;
  }
  return { events, positions };
}

/** Where the events at positions in (after, upTo] start and end in the index (positions are distinct). */
function eventsBetween({ positions }: EventIndex, after: number, upTo: number): [number, number] {
  const firstAbove = (x: number): number => {
    let lo = 0;
    let hi = positions.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (positions[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  return [after === -Infinity ? 0 : firstAbove(after), upTo === Infinity ? positions.length : firstAbove(upTo)];
}

/** Op ids in event order: calls and known returns, call first at equal positions. */
function eventsOf(ops: readonly LinOp[]): number[] {
  // An event is an op id, negated and less one for a return: e >= 0 a call, e < 0 the return of ~e.
  // Positions are distinct event numbers, so when they span not much more than the events, each
  // event is put at its position and the gaps squeezed out: no sort of a long history.
  let lo = Infinity;
  let hi = -Infinity;
  let count = 0;
  for (const op of ops) {
    if (op.callPos < lo) lo = op.callPos;
    if (op.callPos > hi) hi = op.callPos;
    count++;
    if (op.known) {
      if (op.retPos > hi) hi = op.retPos;
      count++;
    }
  }
  if (count > 0 && hi - lo < 4 * count + 64) {
    const at = new Array<number>(hi - lo + 1).fill(NO_EVENT);
    for (const op of ops) {
      at[op.callPos - lo] = op.id;
      if (op.known) at[op.retPos - lo] = ~op.id;
    }
    const out: number[] = [];
    for (const e of at) if (e !== NO_EVENT) out.push(e);
    if (out.length === count) return out;
  }
  const calls: number[] = [];
  const returns: number[] = [];
  let sortedCalls = true;
  let sortedReturns = true;
  for (const op of ops) {
    if (calls.length > 0 && ops[calls[calls.length - 1]]!.callPos > op.callPos) sortedCalls = false;
    calls.push(op.id);
    if (op.known) {
      if (returns.length > 0 && ops[returns[returns.length - 1]]!.retPos > op.retPos) sortedReturns = false;
      returns.push(op.id);
    }
  }
  if (!sortedCalls) calls.sort((a, b) => ops[a]!.callPos - ops[b]!.callPos);
  if (!sortedReturns) returns.sort((a, b) => ops[a]!.retPos - ops[b]!.retPos);
  const out = new Array<number>(calls.length + returns.length);
  let c = 0;
  let r = 0;
  for (let i = 0; i < out.length; i++) {
    if (c < calls.length && (r === returns.length || ops[calls[c]!]!.callPos <= ops[returns[r]!]!.retPos)) out[i] = calls[c++]!;
    else out[i] = ~returns[r++]!;
  }
  return out;
}

/** No event at a position (ids are small non-negative integers, returns their complements). */
const NO_EVENT = 0x3fffffff;

/**
 * A set of configurations without duplicates (same mask and equal state). Sets are small on
 * histories with little concurrency, so they are scanned until they grow past a few entries and
 * only then indexed by hash; one set is emptied and reused from return to return.
 */
class ConfigSet {
  list: Config[] = [];
  private buckets: Map<number, Config | Config[]> | null = null;
  constructor(private readonly model: SearchModel<unknown>) {}

  /**
   * Empties the set. Its list is emptied in place: whoever still needs the configurations of an
   * earlier round (a snapshot) keeps a copy.
   */
  reset(): void {
    this.list.length = 0;
    this.buckets = null;
  }

  /**
   * Adds the configuration unless an equal one is there; true when it was new. Its chain is made
   * only then: `id` placed after `prev` (`id` < 0 when `prev` is the chain itself).
   */
  add(state: unknown, mask: number, prev: Chain | null, id: number): boolean {
    const { list, model } = this;
    if (this.buckets === null) {
      for (let i = 0; i < list.length; i++) {
        const o = list[i]!;
        if (o.mask === mask && model.equal(o.state, state)) return false;
      }
      list.push({ state, mask, chain: id < 0 ? prev : { id, prev, length: (prev?.length ?? 0) + 1 } });
      if (list.length > SCAN_UP_TO) {
        this.buckets = new Map();
        for (const c of list) this.index(c);
      }
      return true;
    }
    const h = hashOf(model, state, mask);
    const there = this.buckets.get(h);
    if (there !== undefined) {
      if (Array.isArray(there)) {
        for (const o of there) if (o.mask === mask && model.equal(o.state, state)) return false;
      } else if (there.mask === mask && model.equal(there.state, state)) return false;
    }
    const c: Config = { state, mask, chain: id < 0 ? prev : { id, prev, length: (prev?.length ?? 0) + 1 } };
    list.push(c);
    this.index(c);
    return true;
  }

  private index(c: Config): void {
    const h = hashOf(this.model, c.state, c.mask);
    const there = this.buckets!.get(h);
    if (there === undefined) this.buckets!.set(h, c);
    else if (Array.isArray(there)) there.push(c);
    else this.buckets!.set(h, [there, c]);
  }
}

/** Sets up to this size are scanned rather than hashed. */
const SCAN_UP_TO = 8;

function hashOf(model: SearchModel<unknown>, state: unknown, mask: number): number {
  return mix32(Math.imul(mask, 0x9e3779b1) ^ model.hash(state));
}

function chainIds(chain: Chain | null): number[] {
  const ids = new Array<number>(chain === null ? 0 : chain.length);
  for (let c = chain, i = ids.length - 1; c !== null; c = c.prev, i--) ids[i] = c.id;
  return ids;
}

export function frontierSearch(ops: readonly LinOp[], model: SearchModel<unknown>, budget: Budget, opts: FrontierOptions = {}): FrontierOutcome {
  if (budget.exhausted !== null) return { kind: 'gave-up', why: budget.exhausted, steps: 0 };
  const cap = opts.cap ?? FRONTIER_CAP;
  const maxSteps = opts.maxSteps ?? Infinity;
  const optional = opts.optional;
  const upTo = opts.upTo ?? Infinity;
  const neverReturns = (op: LinOp): boolean => !op.known || op.retPos > upTo;
  // Open ops by slot (an op's slot is found by looking through the slots in use: few at a time).
  const opInSlot = new Array<number>(MAX_OPEN).fill(-1);
  const slotOf = (id: number): number => {
    for (let u = used; u !== 0; u &= u - 1) {
      const slot = 31 - Math.clz32(u & -u);
      if (opInSlot[slot] === id) return slot;
    }
    throw new Error(`op ${id} returns but is not open`);
  };
  let used = 0;
  /** Slots of ops with an unknown outcome (they never return, so their slot is never freed by one). */
  let unknownSlots = 0;
  let frontier: Config[];
  if (opts.from !== undefined) {
    const from = opts.from;
    for (let slot = 0; slot < MAX_OPEN; slot++) {
      const id = from.opInSlot[slot]!;
      if (id < 0) continue;
      opInSlot[slot] = id;
      used |= 1 << slot;
      if (neverReturns(ops[id]!)) unknownSlots |= 1 << slot;
    }
    frontier = from.configs as Config[];
  } else {
    frontier = [{ state: model.init, mask: 0, chain: null }];
  }
  // In a prefix, an op still running at its end has no result yet: it may return anything.
  const running = new Map<number, LinOp>();
  const asOf = (id: number): LinOp => {
    const op = ops[id]!;
    if (!op.known || op.retPos <= upTo) return op;
    let r = running.get(id);
    if (r === undefined) running.set(id, (r = unreturned(op)));
    return r;
  };
  const index = opts.index ?? eventIndex(ops);
  const events = index.events;
  const [first, end] = eventsBetween(index, opts.from?.pos ?? -Infinity, upTo);
  let steps = 0;
  let peak = frontier.length;
  const spend = (): boolean => ++steps % CHECK_EVERY !== 0 || budget.spend(CHECK_EVERY);
  const done = <T>(x: T): T => {
    budget.spend(steps % CHECK_EVERY);
    return x;
  };
  // Snapshots: the newest and the one before it, taken every SNAPSHOT_EVERY returns.
  const keep = opts.keepSnapshot === true;
  let older: FrontierSnapshot | null = null;
  let newer: FrontierSnapshot | null = null;
  let returns = 0;
  // The configurations after the current return, and those met on the way to placing its op.
  // Two sets take turns holding the frontier: `next` is filled from `frontier`, which is the
  // other set's list (or the starting one), then they swap. `seen` is emptied every return.
  let next = new ConfigSet(model);
  let spare = new ConfigSet(model);
  const seen = new ConfigSet(model);
  const stack: Config[] = [];

  const keepAt = opts.keepAt ?? Infinity;
  const watch = opts.watch;
  const watchCall = watch === undefined ? Infinity : ops[watch.id]!.callPos;
  /** The slot of the watched op once it is called: never placed. */
  let held = 0;
  let at: FrontierSnapshot | null = null;
  for (let e = first; e < end; e++) {
    const ev = events[e]!;
    if (at === null && (ev >= 0 ? ops[ev]!.callPos : ops[~ev]!.retPos) >= keepAt) {
      at = { pos: keepAt - 1, opInSlot: opInSlot.slice(), configs: frontier.slice() };
    }
    if (ev >= 0) {
      if (used === -1 >>> (32 - MAX_OPEN)) return done({ kind: 'gave-up', why: 'open', steps });
      const s = 31 - Math.clz32(~used & (used + 1)); // the lowest free slot
      opInSlot[s] = ev;
      used |= 1 << s;
      if (neverReturns(ops[ev]!)) unknownSlots |= 1 << s;
      if (watch !== undefined && ev === watch.id) held = 1 << s;
      continue;
    }
    const target = ~ev;
    const targetSlot = slotOf(target);
    const bit = 1 << targetSlot;
    const mayOmit = optional !== undefined && optional.has(target);
    next.reset();
    seen.reset();
    let deepest: Chain | null = null;
    for (const c of frontier) {
      if ((c.mask & bit) !== 0) {
        next.add(c.state, c.mask & ~bit, c.chain, -1);
        continue;
      }
      if (mayOmit) next.add(c.state, c.mask, c.chain, -1);
      if (!seen.add(c.state, c.mask, c.chain, -1)) continue;
      stack.push(seen.list[seen.list.length - 1]!);
      while (stack.length > 0) {
        const at = stack.pop()!;
        if (at.chain !== null && (deepest === null || at.chain.length > deepest.length)) deepest = at.chain;
        for (let free = used & ~at.mask & ~held; free !== 0; free &= free - 1) {
          if (!spend()) return done({ kind: 'gave-up', why: budget.exhausted!, steps });
          if (steps > maxSteps) return done({ kind: 'gave-up', why: 'frontier', steps, wide: false });
          const low = free & -free;
          const id = opInSlot[31 - Math.clz32(low)]!;
          const after = model.step(at.state, asOf(id));
          if (after === undefined) continue;
          if (low === bit) next.add(after, at.mask, at.chain, id);
          else if (seen.add(after, at.mask | low, at.chain, id)) stack.push(seen.list[seen.list.length - 1]!);
        }
      }
      if (next.list.length > cap || seen.list.length > cap * 4) return done({ kind: 'gave-up', why: 'frontier', steps, wide: true });
      if ((next.list.length + seen.list.length) * CONFIG_BYTES > budget.maxCacheBytes) return done({ kind: 'gave-up', why: 'memory', steps });
    }
    // Every configuration of the frontier ends up in `seen` at some return up to the watched op's
    // (there, none has it placed), so recording `seen` alone misses none.
    if (watch !== undefined && ops[target]!.retPos > watchCall) for (const c of seen.list) watch.record(c.state);
    if (next.list.length === 0) {
      for (const c of frontier) if (c.chain !== null && (deepest === null || c.chain.length > deepest.length)) deepest = c.chain;
      return done({ kind: 'invalid', victim: target, longestPrefix: chainIds(deepest), snapshot: older, at, steps, peak });
    }
    used &= ~bit;
    opInSlot[targetSlot] = -1;
    frontier = next.list;
    const filled = next;
    next = spare;
    spare = filled;
    // An unknown op placed in every configuration tells none apart: its slot can be freed.
    let everywhere = unknownSlots;
    for (const c of frontier) everywhere &= c.mask;
    if (everywhere !== 0) {
      frontier = frontier.map((c) => ({ state: c.state, mask: c.mask & ~everywhere, chain: c.chain }));
      for (let s = everywhere; s !== 0; s &= s - 1) {
        const slot = 31 - Math.clz32(s & -s);
        opInSlot[slot] = -1;
      }
      used &= ~everywhere;
      unknownSlots &= ~everywhere;
    }
    if (frontier.length > peak) peak = frontier.length;
    if (keep && ++returns % SNAPSHOT_EVERY === 0) {
      older = newer;
      newer = { pos: ops[target]!.retPos, opInSlot: opInSlot.slice(), configs: frontier.slice() };
    }
  }
  // Ops still open may be left out (unknown outcome, or cut off by `upTo`).
  let longest: Chain | null = null;
  for (const c of frontier) if (c.chain !== null && (longest === null || c.chain.length > longest.length)) longest = c.chain;
  return done({ kind: 'valid', linearization: chainIds(longest), steps, peak });
}
