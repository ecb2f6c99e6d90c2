/**
 * What the checker needs to know about an object: its states and the effect of each operation.
 *
 * A model may be nondeterministic: `step` returns every state the object may be in after the
 * operation (none when the operation cannot have returned what it returned from that state). The
 * search runs over sets of states when a model says it is not deterministic (the power-set
 * construction), so a model never has to pick one outcome.
 */
import type { LinOp, LinPart } from './operation.js';

export type ModelName =
  | 'register'
  | 'cas-register'
  | 'multi-register'
  | 'kv'
  | 'mutex'
  | 'owner-free-mutex'
  | 'fenced-mutex'
  | 'ttl-lock'
  | 'set'
  | 'unordered-queue'
  | 'fifo-queue'
  | 'counter';

export interface Model<S> {
  readonly name: string;
  /** True when `init` gives one state and `step` never more than one. */
  readonly deterministic: boolean;
  /** The states the object may start in. */
  init(): readonly S[];
  /**
   * The states after `op` takes effect in `state`, given what it returned. An op with an unknown
   * outcome (`known` false) must be accepted with every result it could have had.
   */
  step(state: S, op: LinOp): readonly S[];
  /**
   * For a deterministic model, optionally: the one state after `op`, or undefined when it cannot
   * happen (the same answer as `step`, without an array per step: the search's inner loop).
   */
  stepOne?(state: S, op: LinOp): S | undefined;
  equal(a: S, b: S): boolean;
  /** A 32-bit hash; equal states must hash the same. */
  hash(state: S): number;
  /** "write 3", "read → 4", "cas 1→2", "acquire by p3 → token 7". */
  describeOp(op: LinOp): string;
  /** A noun phrase naming the state, with the part's key when there is one: "k1 = 3", "lock1 held by p2". */
  describeState(state: S, key: string | null): string;
  /** Why this model cannot take `op`, or null when it can (checked once, before any search). */
  reject(op: LinOp): string | null;
  /** Splits ops into independent parts, each checked on its own (P-compositionality). */
  partition(ops: readonly LinOp[]): LinPart[];
  /**
   * True when the op, with its outcome unknown, can neither fail nor change the state (a read):
   * such an op constrains nothing, so the checker may leave it out.
   */
  readOnly(op: LinOp): boolean;
}

/** The form the search runs on: exactly one current state, or `undefined` for "cannot happen". */
export interface SearchModel<T> {
  readonly init: T;
  step(state: T, op: LinOp): T | undefined;
  equal(a: T, b: T): boolean;
  hash(state: T): number;
}

/** A model as the search runs it: deterministic models as they are, others over sets of states. */
export function searchModelOf<S>(model: Model<S>): SearchModel<unknown> {
  return (model.deterministic ? deterministicSearch(model) : powerSetSearch(model)) as SearchModel<unknown>;
}

function deterministicSearch<S>(model: Model<S>): SearchModel<S> {
  const init = model.init();
  if (init.length !== 1) throw new Error(`model ${model.name} says it is deterministic but starts in ${init.length} states`);
  const stepOne = model.stepOne;
  if (stepOne !== undefined) return { init: init[0], step: (state, op) => stepOne(state, op), equal: model.equal, hash: model.hash };
  return {
    init: init[0],
    step(state, op) {
      const next = model.step(state, op);
      if (next.length > 1) throw new Error(`model ${model.name} says it is deterministic but ${model.describeOp(op)} gave ${next.length} states`);
      return next.length === 0 ? undefined : next[0];
    },
    equal: (a, b) => model.equal(a, b),
    hash: (s) => model.hash(s),
  };
}

/** A set of states without duplicates, in the order they were first reached. */
export type StateSet<S> = readonly S[];

function powerSetSearch<S>(model: Model<S>): SearchModel<StateSet<S>> {
  const add = (set: S[], s: S): void => {
    for (const t of set) if (model.equal(s, t)) return;
    set.push(s);
  };
  const init: S[] = [];
  for (const s of model.init()) add(init, s);
  return {
    init,
    step(states, op) {
      const out: S[] = [];
      for (const s of states) for (const t of model.step(s, op)) add(out, t);
      return out.length === 0 ? undefined : out;
    },
    equal(a, b) {
      if (a.length !== b.length) return false;
      // Both sets are duplicate-free and of one size, so inclusion one way is equality.
      outer: for (const s of a) {
        for (const t of b) if (model.equal(s, t)) continue outer;
        return false;
      }
      return true;
    },
    hash(states) {
      // Order-independent: the same set reached in another order must land in the same bucket.
      let h = 0x9e3779b9 ^ states.length;
      for (const s of states) h = (h + model.hash(s)) | 0;
      return h;
    },
  };
}

/** Every state a search state stands for (one, or all members of the set). */
export function statesOf<S>(model: Model<S>, searchState: unknown): S[] {
  return model.deterministic ? [searchState as S] : [...(searchState as StateSet<S>)];
}
