/**
 * One part's verdict, from whichever search suits the part:
 *
 * 0. a frontier pass with a few steps per op and a narrow frontier: it decides small histories
 *    and those with few ops open at once, valid or not, and knows where a failing one fails; on a
 *    long history where it ran out of steps with a narrow frontier, the frontier pass goes on
 *    (step 2) without the depth-first attempt;
 * 1. the depth-first search with a few steps per op: a linearizable history with few concurrent
 *    ops is ordered in about one step per op, and a small one is decided either way;
 * 2. else the frontier pass, linear on histories with few concurrent ops, valid or not (it stops
 *    at the first illegal return without going back over what came before);
 * 3. else (the frontier grew too wide: many ops open at once, where finding one path beats
 *    listing every configuration) the depth-first search with the whole budget.
 */
import type { SearchModel } from '../model.js';
import type { LinOp } from '../operation.js';
import type { Budget } from './budget.js';
import { CONFIG_BYTES, frontierSearch, type FrontierOutcome, type FrontierSnapshot } from './frontier.js';
import { searchLinearization, type SearchOutcome } from './wgl.js';

export interface Decision extends SearchOutcome {
  /** Which search decided. */
  by: 'frontier' | 'depth-first';
  /** When the frontier pass found the part failing: the op whose return no order reaches. */
  victim: number | null;
  snapshot: FrontierSnapshot | null;
}

/**
 * Steps per op, steps at least and at most, and configurations at once, the first frontier pass
 * may take (on a long history it stops early: the depth-first search orders a valid one faster).
 */
const FIRST_STEPS_PER_OP = 8;
const FIRST_STEPS_MIN = 200;
const FIRST_STEPS_MAX = 20_000;
const FIRST_CAP = 64;
/** Steps per op, and steps at least, the first depth-first attempt may take. */
const QUICK_STEPS_PER_OP = 2;
const QUICK_STEPS_MIN = 10_000;
/** Steps per op, and beyond that, the frontier pass may take before the search falls back. */
const FRONTIER_STEPS_PER_OP = 128;
const FRONTIER_STEPS_MIN = 20_000;
/** Ops from which a part whose frontier stays narrow is left to the frontier pass alone. */
const LONG_HISTORY = 10_000;

export function decidePart(ops: readonly LinOp[], model: SearchModel<unknown>, budget: Budget, keepSnapshot: boolean): Decision {
  const n = ops.length;
  let spent = 0;
  // A short frontier pass first: it decides a history with few ops open at once in a few steps
  // per op, valid or not, and a failing one then needs no second pass to find where it fails.
  const first = frontierSearch(ops, model, budget, { keepSnapshot, maxSteps: Math.min(FIRST_STEPS_MAX, FIRST_STEPS_MIN + FIRST_STEPS_PER_OP * n), cap: FIRST_CAP });
  if (first.kind === 'valid' || first.kind === 'invalid') return fromFrontier(first, first.steps);
  spent += first.steps;
  // A long history whose frontier stayed narrow up to the short pass's step limit: the frontier
  // pass decides it in time linear in its length, valid or not. The depth-first attempt orders a
  // valid one in fewer steps, but on a failing one it would cost most of a pass before giving up.
  if (n >= LONG_HISTORY && first.kind === 'gave-up' && first.wide === false) {
    const f = frontierSearch(ops, model, budget, { keepSnapshot, maxSteps: FRONTIER_STEPS_MIN + FRONTIER_STEPS_PER_OP * n });
    spent += f.steps;
    if (f.kind === 'valid' || f.kind === 'invalid') return fromFrontier(f, spent);
  }
  const quick = searchLinearization(ops, model, budget.slice(Math.max(QUICK_STEPS_MIN, QUICK_STEPS_PER_OP * n)));
  if (quick.valid !== 'unknown' || budget.exhausted !== null) return withFailurePoint(depthFirst(quick, quick.steps), ops, model, budget, keepSnapshot);
  spent += quick.steps;
  const f = frontierSearch(ops, model, budget, { keepSnapshot, maxSteps: FRONTIER_STEPS_MIN + FRONTIER_STEPS_PER_OP * n });
  spent += f.steps;
  if (f.kind === 'valid' || f.kind === 'invalid') return fromFrontier(f, spent);
  if (f.why !== 'open' && f.why !== 'frontier') {
    return { by: 'frontier', valid: 'unknown', exhausted: f.why, linearization: null, longestPrefix: quick.longestPrefix, configurations: 0, cacheBytes: 0, forgot: false, steps: spent, victim: null, snapshot: null };
  }
  const d = searchLinearization(ops, model, budget);
  return withFailurePoint(depthFirst(d, d.steps + spent), ops, model, budget, keepSnapshot);
}

function fromFrontier(f: Extract<FrontierOutcome, { kind: 'valid' | 'invalid' }>, steps: number): Decision {
  const valid = f.kind === 'valid';
  return {
    by: 'frontier',
    valid,
    exhausted: null,
    linearization: f.kind === 'valid' ? f.linearization : null,
    longestPrefix: f.kind === 'valid' ? f.linearization : f.longestPrefix,
    configurations: f.peak,
    cacheBytes: f.peak * CONFIG_BYTES,
    forgot: false,
    steps,
    victim: f.kind === 'invalid' ? f.victim : null,
    snapshot: f.kind === 'invalid' ? f.snapshot : null,
  };
}

/**
 * When the depth-first search found the part failing and it is to be explained, the frontier pass
 * finds where: the first return no order reaches, and a frontier shortly before it to start the
 * explanation's trials from. It is part of the check's cost, as Porcupine's verbose check computes
 * its partial linearizations; on the widest histories it gives up and the explanation bisects.
 */
function withFailurePoint(d: Decision, ops: readonly LinOp[], model: SearchModel<unknown>, budget: Budget, wanted: boolean): Decision {
  if (d.valid !== false || !wanted) return d;
  const f = frontierSearch(ops, model, budget, { keepSnapshot: true, maxSteps: FRONTIER_STEPS_MIN + FRONTIER_STEPS_PER_OP * ops.length });
  const steps = d.steps + f.steps;
  d.steps = steps;
  if (f.kind === 'invalid') {
    d.victim = f.victim;
    d.snapshot = f.snapshot;
  }
  return d;
}

/** A decision of the depth-first search, as one object literal (see copyOp in operation.ts for why). */
function depthFirst(d: SearchOutcome, steps: number): Decision {
  return {
    by: 'depth-first',
    valid: d.valid,
    exhausted: d.exhausted,
    linearization: d.linearization,
    longestPrefix: d.longestPrefix,
    configurations: d.configurations,
    cacheBytes: d.cacheBytes,
    forgot: d.forgot,
    steps,
    victim: null,
    snapshot: null,
  };
}
