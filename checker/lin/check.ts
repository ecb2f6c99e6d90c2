/**
 * The linearizability checker's front door: pairs the history into operations, splits it into
 * independent parts with the model, searches each part, and explains every part that fails.
 */
import type { Op, Violation } from '../history.js';
import { explainViolation } from './explain/violation.js';
import { searchModelOf, type Model, type ModelName } from './model.js';
import { isModelName, models } from './models/index.js';
import { renumbered, type LinPart } from './operation.js';
import { LinInputError, pairOperations } from './pairing.js';
import type { LinPartResult, LinResult, Verdict } from './result.js';
import { Budget, type BudgetLimits } from './search/budget.js';
import { searchLinearization } from './search/wgl.js';

export interface LinOptions extends BudgetLimits {
  /** Explain each failing part (narrow it to a small core and describe it). Default true. */
  explain?: boolean;
  /** Search steps one explanation may spend (default 20 million); the time limit applies too. */
  explainSteps?: number;
  /** Stop after the first part that is not linearizable; the parts after it are 'skipped'. */
  stopAtFirstViolation?: boolean;
}

export const DEFAULT_EXPLAIN_STEPS = 20_000_000;

export function checkLinearizable(history: readonly Op[], model: Model<any> | ModelName, opts: LinOptions = {}): LinResult {
  const m = resolveModel(model);
  const { ops, failed } = pairOperations(history);
  for (const op of ops) {
    const why = m.reject(op);
    if (why !== null) throw new LinInputError(`op ${op.invokeIndex}: ${why}`);
  }
  const budget = Budget.of(opts);
  const searchModel = searchModelOf(m);
  const partitions: LinPartResult[] = [];
  const violations: Violation[] = [];
  let explainSteps = 0;
  let stopped = false;

  for (const part of m.partition(ops)) {
    // An unknown read constrains nothing (it may return anything, and changes nothing).
    const searched = renumbered(part.ops.filter((op) => op.known || !m.readOnly(op)));
    const base = {
      key: part.key,
      opsChecked: searched.length,
      unknownOps: searched.filter((op) => !op.known).length,
      unknownReadsLeftOut: part.ops.length - searched.length,
    };
    if (stopped || budget.exhausted !== null) {
      partitions.push({ ...base, valid: 'unknown', configurations: 0, steps: 0, exhausted: stopped ? 'skipped' : budget.exhausted! });
      continue;
    }
    const outcome = searchLinearization(searched, searchModel, budget);
    const toIndices = (ids: readonly number[]): number[] => ids.map((id) => searched[id].invokeIndex);
    const result: LinPartResult = { ...base, valid: outcome.valid, configurations: outcome.configurations, steps: outcome.steps };
    if (outcome.valid === true) result.linearization = toIndices(outcome.linearization!);
    else result.longestPrefix = toIndices(outcome.longestPrefix);
    if (outcome.exhausted !== null) result.exhausted = outcome.exhausted;
    partitions.push(result);

    if (outcome.valid === false) {
      const explainBudget = budget.sub(opts.explainSteps ?? DEFAULT_EXPLAIN_STEPS);
      const part_: LinPart = { key: part.key, ops: searched };
      violations.push(explainViolation(m, searchModel, part_, outcome.longestPrefix, opts.explain === false ? null : explainBudget));
      explainSteps += explainBudget.steps;
      if (opts.stopAtFirstViolation) stopped = true;
    }
  }

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
