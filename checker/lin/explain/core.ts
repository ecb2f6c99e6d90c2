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
import { madeOptional, renumbered, unreturned, type LinOp } from '../operation.js';
import type { Budget } from '../search/budget.js';
import { eventIndex, frontierSearch, type FrontierSnapshot } from '../search/frontier.js';
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
  /** The part's ops, and the event position the prefix ends at (passes over the part up to it reuse its event index). */
  ops: readonly LinOp[];
  cut: number;
  /**
   * Ok ops of the prefix too far from the victim to be considered for the core: they were kept as
   * they happened (empty when the prefix is small enough to consider every op).
   */
  context: LinOp[];
  /** When there is context: whether the core ops alone (everything else removed) still fail. */
  failsAlone: boolean | null;
  /** How many ok ops near the victim the core was chosen among (the victim not counted). */
  candidates: number;
  /** The check's frontier the trials started from (before the victim's return), if any. */
  from: FrontierSnapshot | null;
  /** The frontier of the failing prefix just before the victim was invoked, if a trial kept it. */
  atVictim: FrontierSnapshot | null;
}

/**
 * How many ok ops nearest the victim may be marked optional. Marking many far-away ops optional
 * makes each trial search grow quadratically (every optional write could be the current value),
 * so older ops stay as they happened and the core is minimal among these.
 */
export const MAX_CORE_CANDIDATES = 64;

/** Where the search that judged the part found it failing, when it knows. */
export interface FailurePoint {
  /** The op whose return no order could reach: the shortest failing prefix ends there. */
  victim: LinOp;
  /** The search's frontier some returns before the victim's, to start trials from. */
  snapshot: FrontierSnapshot | null;
}

/**
 * `ops` must be a part that a search found not linearizable. `at` is where it failed, when the
 * search knows (the frontier pass does); otherwise `stuckAt`, the return position of the first op
 * its longest prefix could not place, is a first guess for a binary search over cuts. All trial
 * searches draw on `budget`; once it is spent, the trials left answer "unknown" at once and the
 * core found so far stands.
 *
 * Trials start from the frontier snapshot when there is one, so each costs what the few dozen ops
 * near the failure cost, however long the history before them.
 */
export function failingCore(ops: readonly LinOp[], model: SearchModel<unknown>, budget: Budget, at: FailurePoint | null, stuckAt: number | null): FailingCore {
  let minimal = true;
  const index = eventIndex(ops);
  /** Whether the part cut just after `cut` fails with the `optional` ops allowed not to take effect. */
  /** Kept by a trial of a whole prefix (no op optional): the frontier at its last op's call. */
  const atCall = new Map<number, FrontierSnapshot>();
  const failsUpTo = (cut: number, optional: ReadonlySet<number>, from: FrontierSnapshot | null): boolean => {
    const last = optional.size === 0 ? ops.find((op) => op.known && op.retPos === cut) : undefined;
    const r = frontierSearch(ops, model, budget, { upTo: cut, optional, index, ...(from !== null ? { from } : {}), ...(last !== undefined ? { keepAt: last.callPos } : {}) });
    if (r.kind === 'invalid') {
      if (r.at !== null) atCall.set(cut, r.at);
      return true;
    }
    if (r.kind === 'valid') return false;
    if (r.why === 'open' || r.why === 'frontier') {
      const trial = cutAt(ops, cut).map((op) => (optional.has(op.id) ? madeOptional(op) : op));
      const verdict = searchLinearization(renumbered(trial), model, budget).valid;
      if (verdict === 'unknown') minimal = false;
      return verdict === false;
    }
    minimal = false;
    return false;
  };
  const none: ReadonlySet<number> = new Set();
  if (at === null) {
    // The frontier pass finds the first illegal return directly (on all but the widest histories).
    const f = frontierSearch(ops, model, budget, { keepSnapshot: true, index, maxSteps: 20_000 + 128 * ops.length });
    if (f.kind === 'invalid') at = { victim: ops[f.victim]!, snapshot: f.snapshot };
  }

  // 1. The earliest failing cut, among the completions of ok ops: known when the frontier pass
  // judged the part; else a binary search (the last cut is known to fail). Failing trials are
  // the expensive ones, so first try the cut where the main search got stuck and the one before.
  // The frontier pass fails at the first return no order reaches with the results every op
  // eventually had; a prefix knows less (ops running at its end may still return anything), so
  // the first failing cut is that return or a later one.
  // The returns of the ok ops in event order, read off the event index (no sort of a long history).
  const cuts: number[] = [];
  for (let i = 0; i < index.events.length; i++) if (index.events[i]! < 0) cuts.push(index.positions[i]!);
  /**
   * The prefix up to `cut` and the ok ops near its victim that the core is chosen among (after the
   * check's snapshot, when trials start there), nearest first, with the trial of a kept subset.
   */
  const setUp = (cut: number) => {
    const prefix = cutAt(ops, cut);
    const victim = prefix.find((op) => op.known && op.retPos === cut)!;
    const from = at !== null && at.snapshot !== null && snapshotFits(ops, at.snapshot, cut) ? at.snapshot : null;
    const near = prefix.filter((op) => op.known && op !== victim && (from === null || op.retPos > from.pos)).sort((a, b) => nearer(a, b, victim)).slice(0, MAX_CORE_CANDIDATES);
    const candidates = new Set(near);
    const optionalBut = (keep: readonly LinOp[]): Set<number> => {
      const kept = new Set(keep);
      const out = new Set<number>();
      for (const op of candidates) if (!kept.has(op)) out.add(op.id);
      return out;
    };
    const fails = (keep: readonly LinOp[]): boolean => failsUpTo(cut, optionalBut(keep), from);
    return { cut, prefix, victim, from, near, candidates, fails };
  };
  type SetUp = ReturnType<typeof setUp>;
  // Cheap first guesses: the conflict is usually among ops close to the victim, so try keeping
  // only the k ops that overlap it or completed last before it (k = 0, 1, 2, 4, ...) before ddmin.
  const guess = (at: SetUp): LinOp[] | null => {
    for (let k = 0; k < at.near.length && budget.exhausted === null; k = k === 0 ? 1 : k * 2) {
      const trial = at.near.slice(0, k);
      if (at.fails(trial)) return trial;
    }
    return null;
  };
  /** The guesses made at one cut, kept so that they are not made twice. */
  let guessed: { at: SetUp; kept: LinOp[] | null } | null = null;

  let lo = 0;
  let hi = cuts.length - 1;
  if (at !== null) {
    lo = cuts.indexOf(at.victim.retPos);
    // A guess that fails at the victim's own return shows that this cut fails (with some ops
    // allowed not to take effect it fails, so with all of them it fails too): no trial of the cut
    // alone is needed, and the guess is where the core search goes on from.
    const first = setUp(cuts[lo]!);
    guessed = { at: first, kept: guess(first) };
    if (guessed.kept !== null) hi = lo;
    const fromAt = (c: number): FrontierSnapshot | null => (at.snapshot !== null && snapshotFits(ops, at.snapshot, c) ? at.snapshot : null);
    // Usually the victim's own return fails already; else one of the next few, before bisecting.
    for (let tries = 0; lo < hi && tries < 4; tries++) {
      if (failsUpTo(cuts[lo]!, none, fromAt(cuts[lo]!))) {
        hi = lo;
        break;
      }
      lo++;
    }
  } else {
    const guess = stuckAt === null ? -1 : cuts.indexOf(stuckAt);
    if (guess >= 0 && guess < hi) {
      if (failsUpTo(cuts[guess]!, none, null)) hi = guess;
      else lo = guess + 1;
    }
    if (guess > 0 && hi === guess) {
      if (failsUpTo(cuts[guess - 1]!, none, null)) hi = guess - 1;
      else lo = guess;
    }
  }
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (failsUpTo(cuts[mid]!, none, null)) hi = mid;
    else lo = mid + 1;
  }
  const cut = cuts[hi]!;
  const chosen = guessed !== null && guessed.at.cut === cut ? guessed.at : setUp(cut);
  const { prefix, victim, from, near, candidates, fails } = chosen;
  const context = prefix.filter((op) => op.known && op !== victim && !candidates.has(op));

  // 2. ddmin over the ok ops nearest the victim: keep marking chunks optional while it still fails,
  // from the first guess that failed (else from all of them).
  let rest = (guessed !== null && guessed.at === chosen ? guessed.kept : guess(chosen)) ?? near;
  let granularity = 2;
  let done = rest.length === 0;
  while (!done && budget.exhausted === null) {
    const size = Math.ceil(rest.length / granularity);
    let reduced = false;
    for (let start = 0; start < rest.length; start += size) {
      const trial = [...rest.slice(0, start), ...rest.slice(start + size)];
      if (fails(trial)) {
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
  let failsAlone: boolean | null = null;
  if (context.length > 0) {
    const alone = renumbered(core);
    const r = frontierSearch(alone, model, budget);
    failsAlone = r.kind === 'invalid' ? true : r.kind === 'valid' ? false : searchLinearization(alone, model, budget).valid === false;
  }
  return { victim, core, minimal, prefix, ops, cut, context, failsAlone, candidates: candidates.size, from, atVictim: atCall.get(cut) ?? null };
}

/**
 * A trial of the prefix up to `cut` may start from the snapshot when the snapshot lies before it
 * and every ok op running at the snapshot has returned by the cut: the snapshot placed such ops
 * with their results, which the prefix must know.
 */
function snapshotFits(ops: readonly LinOp[], snapshot: FrontierSnapshot, cut: number): boolean {
  if (snapshot.pos >= cut) return false;
  for (const id of snapshot.opInSlot) if (id >= 0 && ops[id]!.known && ops[id]!.retPos > cut) return false;
  return true;
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
    out.push(op.retPos <= pos ? op : unreturned(op));
  }
  return out;
}
