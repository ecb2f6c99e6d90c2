/**
 * Narrows a part that is not linearizable down to the few operations that cannot be ordered.
 *
 * 1. The shortest failing prefix: cut the part's history just after some `ok` completion (ops
 *    still running at the cut become unknown, later ones vanish) and find the earliest cut that
 *    already fails. Cuts are monotone (a later cut only adds constraints), so this is a binary
 *    search. The op completing at that cut is where the anomaly becomes visible.
 * 2. The core: greedily (nearest ops first, then ddmin-style in chunks) mark the other `ok` ops of
 *    that prefix as optional (they may have failed instead) while it still fails. What is left is 1-minimal: if
 *    any one op of the core had not taken effect, the prefix could be ordered.
 *
 * Every claim rests on a search that answered "not linearizable"; a search that ran out of budget
 * proves nothing, so its op is simply kept. The result is therefore always a failing set, and a
 * minimal one whenever the budget allowed.
 */
import type { SearchModel } from '../model.js';
import { renumbered, type LinOp } from '../operation.js';
import type { Budget } from '../search/budget.js';
import { searchLinearization } from '../search/wgl.js';

export interface FailingCore {
  /** The op whose completion makes the prefix fail (the one that could not be placed). */
  victim: LinOp;
  /** The ok ops that cannot be ordered, the victim among them, in invocation order. */
  core: LinOp[];
  /** False when the budget ran out before the core was shown 1-minimal. */
  minimal: boolean;
  /** The shortest failing prefix of the part (ops running at its end have unknown outcomes). */
  prefix: LinOp[];
  /**
   * Ok ops of the prefix too far from the victim to be considered for the core: they were kept as
   * they happened (empty when the prefix is small enough to consider every op).
   */
  context: LinOp[];
  /** When there is context: whether the core ops alone (everything else removed) still fail. */
  failsAlone: boolean | null;
}

/**
 * How many ok ops nearest the victim may be marked optional. Marking many far-away ops optional
 * makes each trial search grow quadratically (every optional write could be the current value),
 * so older ops stay as they happened and the core is minimal among these.
 */
export const MAX_CORE_CANDIDATES = 64;

/**
 * `ops` must be a part that a search found not linearizable; `stuckAt` is the return position of
 * the first op its longest prefix could not place (a good first guess for the cut), if known. All
 * trial searches draw on `budget`;
 * once it is spent, the trials left answer "unknown" at once and the core found so far stands.
 */
export function failingCore(ops: readonly LinOp[], model: SearchModel<unknown>, budget: Budget, stuckAt: number | null): FailingCore {
  let minimal = true;
  const fails = (trial: readonly LinOp[]): boolean => {
    const verdict = searchLinearization(renumbered(trial), model, budget).valid;
    if (verdict === 'unknown') minimal = false;
    return verdict === false;
  };

  // 1. The earliest failing cut, among the completions of ok ops. The last cut is known to fail.
  // Failing trials are the expensive ones (they exhaust the search), so first try the cut where
  // the main search got stuck and the one just before it: usually that settles it.
  const cuts = ops.filter((op) => op.known).map((op) => op.retPos).sort((a, b) => a - b);
  let lo = 0;
  let hi = cuts.length - 1;
  const guess = stuckAt === null ? -1 : cuts.indexOf(stuckAt);
  if (guess >= 0 && guess < hi) {
    if (fails(cutAt(ops, cuts[guess]))) hi = guess;
    else lo = guess + 1;
  }
  if (guess > 0 && hi === guess) {
    if (fails(cutAt(ops, cuts[guess - 1]))) hi = guess - 1;
    else lo = guess;
  }
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (fails(cutAt(ops, cuts[mid]))) hi = mid;
    else lo = mid + 1;
  }
  const prefix = cutAt(ops, cuts[hi]);
  const victim = prefix.find((op) => op.known && op.retPos === cuts[hi])!;

  // 2. ddmin over the ok ops nearest the victim: keep marking chunks optional while it still fails.
  const nearest = prefix.filter((op) => op.known && op !== victim).sort((a, b) => nearer(a, b, victim));
  let rest = nearest.slice(0, MAX_CORE_CANDIDATES);
  const candidates = new Set(rest);
  const context = nearest.slice(MAX_CORE_CANDIDATES).sort((a, b) => a.callPos - b.callPos);
  const withRequired = (keep: readonly LinOp[]): LinOp[] => {
    const kept = new Set(keep);
    return prefix.map((op) => (candidates.has(op) && !kept.has(op) ? { ...op, optional: true } : op));
  };
  // Cheap first guesses: the conflict is usually among ops close to the victim, so try keeping
  // only the k ops that overlap it or completed last before it (k = 1, 2, 4, ...) before ddmin.
  for (let k = 1; k < rest.length && budget.exhausted === null; k *= 2) {
    const trial = rest.slice(0, k);
    if (fails(withRequired(trial))) {
      rest = trial;
      break;
    }
  }
  let granularity = 2;
  let done = rest.length === 0;
  while (!done && budget.exhausted === null) {
    const size = Math.ceil(rest.length / granularity);
    let reduced = false;
    for (let start = 0; start < rest.length; start += size) {
      const trial = [...rest.slice(0, start), ...rest.slice(start + size)];
      if (fails(withRequired(trial))) {
        rest = trial;
        granularity = Math.max(granularity - 1, 2);
        reduced = true;
        break;
      }
    }
    if (reduced) done = rest.length === 0;
    else if (size === 1) done = true;
    else granularity = Math.min(rest.length, granularity * 2);
  }
  if (!done) minimal = false;
  const core = [...rest, victim].sort((a, b) => a.callPos - b.callPos);
  // With context kept as it happened, the core may need some of it; a search over the core alone
  // (a few ops) says whether it conflicts by itself.
  const failsAlone = context.length === 0 ? null : searchLinearization(renumbered(core), model, budget).valid === false;
  return { victim, core, minimal, prefix, context, failsAlone };
}

/** Orders ops nearest the victim first: those overlapping it, then the latest to return before it. */
function nearer(a: LinOp, b: LinOp, victim: LinOp): number {
  const overlapA = a.retPos > victim.callPos;
  const overlapB = b.retPos > victim.callPos;
  if (overlapA !== overlapB) return overlapA ? -1 : 1;
  return b.retPos - a.retPos || a.callPos - b.callPos;
}

/**
 * The part as it stood just after event position `pos`: ops invoked later are gone, and ops that
 * had not completed by then have an unknown outcome.
 */
function cutAt(ops: readonly LinOp[], pos: number): LinOp[] {
  const out: LinOp[] = [];
  for (const op of ops) {
    if (op.callPos > pos) continue;
    out.push(op.retPos <= pos ? op : { ...op, known: false, output: undefined, retPos: Infinity, ret: Infinity });
  }
  return out;
}
