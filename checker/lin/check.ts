/**
 * The linearizability checker's front door: pairs the history into operations, splits it into
 * independent parts with the model, searches each part, and explains every part that fails.
 */
import type { Op, Violation } from '../history.js';
import { explainViolation } from './explain/violation.js';
import { searchModelOf, type Model, type ModelName } from './model.js';
import { isModelName, models } from './models/index.js';
import { renumberedInPlace, type LinPart } from './operation.js';
import { LinInputError, pairOperations } from './pairing.js';
import type { LinPartResult, LinResult, Verdict } from './result.js';
import { Budget, type BudgetLimits } from './search/budget.js';
import { decidePart } from './search/decide.js';

export interface LinOptions extends BudgetLimits {
  /** Explain each failing part (narrow it to a small core and describe it). Default true. */
  explain?: boolean;
  /** Search steps one explanation may spend (default 20 million); the time limit applies too. */
  explainSteps?: number;
  /** Stop after the first part that is not linearizable; the parts after it are 'skipped'. */
  stopAtFirstViolation?: boolean;
  /**
   * When set, explaining a failing part may spend at most this many search steps per step its
   * check took (at least 500) and, when a clock (`now`) is given, this many times the check's
   * time: an explanation never costs more than the verdict. The explanation says when the budget
   * cut it short (the core is then a failing set, not shown minimal).
   */
  explainCostRatio?: number;
}

export const DEFAULT_EXPLAIN_STEPS = 20_000_000;
const MIN_EXPLAIN_STEPS = 500;

/** Steps each part may take in the first pass, before any part gets more. */
const FIRST_PASS_STEPS = 200_000;

export function checkLinearizable(history: readonly Op[], model: Model<any> | ModelName, opts: LinOptions = {}): LinResult {
  const m = resolveModel(model);
  const { ops, failed } = pairOperations(history);
  for (const op of ops) {
    const why = m.reject(op);
    if (why !== null) throw new LinInputError(`op ${op.invokeIndex}: ${why}`);
  }
  const budget = Budget.of(opts);
  const searchModel = searchModelOf(m);
  const violations: Violation[] = [];
  let explainSteps = 0;
  let stopped = false;

  const parts = m.partition(ops).map((part) => ({
    key: part.key,
    // An unknown read constrains nothing (it may return anything, and changes nothing).
    ops: renumberedInPlace(part.ops.filter((op) => op.known || !m.readOnly(op))),
    all: part.ops.length,
  }));
  const results: (LinPartResult | null)[] = parts.map(() => null);

  const check = (i: number, attempt: Budget, final: boolean): void => {
    const part = parts[i];
    const base = {
      key: part.key,
      opsChecked: part.ops.length,
      unknownOps: part.ops.filter((op) => !op.known).length,
      unknownReadsLeftOut: part.all - part.ops.length,
    };
    if (stopped || budget.exhausted !== null) {
      results[i] = {
        key: base.key,
        opsChecked: base.opsChecked,
        unknownOps: base.unknownOps,
        unknownReadsLeftOut: base.unknownReadsLeftOut,
        valid: 'unknown',
        configurations: 0,
        cacheBytes: 0,
        forgot: false,
        steps: 0,
        exhausted: stopped ? 'skipped' : budget.exhausted!,
      };
      return;
    }
    const searchStarted = opts.now?.() ?? 0;
    const outcome = decidePart(part.ops, searchModel, attempt, opts.explain !== false);
    const searchMs = (opts.now?.() ?? 0) - searchStarted;
    // A first, short attempt that ran out is retried in the second pass.
    if (outcome.valid === 'unknown' && !final && budget.exhausted === null) return;
    const toIndices = (ids: readonly number[]): number[] => ids.map((id) => part.ops[id].invokeIndex);
    // One object literal, not a spread of `base`: a spread followed by more fields gave every
    // result a hidden class of its own, and those stores cost more than deciding a small part.
    const result: LinPartResult = {
      key: base.key,
      opsChecked: base.opsChecked,
      unknownOps: base.unknownOps,
      unknownReadsLeftOut: base.unknownReadsLeftOut,
      valid: outcome.valid,
      configurations: outcome.configurations,
      cacheBytes: outcome.cacheBytes,
      forgot: outcome.forgot,
      steps: outcome.steps,
    };
    if (outcome.valid === true) result.linearization = toIndices(outcome.linearization!);
    else result.longestPrefix = toIndices(outcome.longestPrefix);
    if (outcome.exhausted !== null) result.exhausted = outcome.valid === 'unknown' && budget.exhausted !== null ? budget.exhausted : outcome.exhausted;
    results[i] = result;
    if (outcome.valid === false) {
      const explainLimit =
        opts.explainCostRatio !== undefined
          ? Math.max(MIN_EXPLAIN_STEPS, Math.ceil(opts.explainCostRatio * outcome.steps))
          : (opts.explainSteps ?? DEFAULT_EXPLAIN_STEPS);
      const explainBudget = budget.sub(explainLimit, opts.explainCostRatio !== undefined && opts.now ? opts.explainCostRatio * searchMs : undefined);
      const searched: LinPart = { key: part.key, ops: part.ops };
      const at = outcome.victim === null ? null : { victim: part.ops[outcome.victim]!, snapshot: outcome.snapshot };
      violations.push(explainViolation(m, searchModel, searched, outcome.longestPrefix, opts.explain === false ? null : explainBudget, at));
      explainSteps += explainBudget.steps;
      if (opts.stopAtFirstViolation) stopped = true;
    }
  };

  // Two passes, so that one hard part cannot starve the others: first every part gets a short
  // slice of the budget (most parts are decided in a few hundred steps), then the undecided ones
  // get the rest, in order.
  if (parts.length > 1) {
    const slice = Math.min(FIRST_PASS_STEPS, Math.floor(budget.stepsLeft / (2 * parts.length)));
    parts.forEach((_, i) => check(i, budget.slice(slice), false));
  }
  parts.forEach((_, i) => {
    if (results[i] === null) check(i, budget, true);
  });
  const partitions = results as LinPartResult[];
  violations.sort((a, b) => parts.findIndex((p) => p.key === a.detail?.key) - parts.findIndex((p) => p.key === b.detail?.key));

  return {
    valid: overall(partitions.map((p) => p.valid)),
    model: m.name,
    partitions,
    violations,
    failedOps: failed,
    steps: budget.steps + explainSteps,
  };
}

function resolveModel(model: Model<any> | ModelName): Model<any> {
  if (typeof model !== 'string') return model;
  if (!isModelName(model)) throw new LinInputError(`unknown model "${String(model)}" (known: ${Object.keys(models).join(', ')})`);
  return models[model];
}

/** Not linearizable if any part is not; unknown if any part is unknown; linearizable otherwise. */
function overall(verdicts: readonly Verdict[]): Verdict {
  if (verdicts.includes(false)) return false;
  if (verdicts.includes('unknown')) return 'unknown';
  return true;
}
