/** A failing part as a `Violation` record (kind 'LIN'), explained when a budget is given. */
import type { Violation } from '../../history.js';
import type { Model, SearchModel } from '../model.js';
import { required, type LinOp, type LinPart } from '../operation.js';
import type { Budget } from '../search/budget.js';
import { showTime } from '../values.js';
import { failingCore, type FailurePoint } from './core.js';
import { explainInWords } from './words.js';

/** One op as reports show it. */
export interface ViolationOp {
  op: number;
  completion: number | null;
  process: string | number;
  f: string;
  value: unknown;
  result: unknown;
  call: number;
  ret: number | null;
  description: string;
}

/** The first op to return that the longest prefix did not place. */
function firstUnplaced(ops: readonly LinOp[], placedIds: readonly number[]): LinOp {
  const placed = new Set(placedIds);
  return ops.filter((o) => required(o) && !placed.has(o.id)).sort((a, b) => a.retPos - b.retPos)[0]!;
}

export function explainViolation<S>(
  model: Model<S>,
  searchModel: SearchModel<unknown>,
  part: LinPart,
  longestPrefixIds: readonly number[],
  budget: Budget | null,
  at: FailurePoint | null = null,
): Violation {
  const { key, ops } = part;
  const longestPrefix = longestPrefixIds.map((id) => ops[id].invokeIndex);
  const shown = (o: LinOp): ViolationOp => ({
    op: o.invokeIndex,
    completion: o.completeIndex,
    process: o.process,
    f: o.f,
    value: o.input,
    result: o.output,
    call: o.call,
    ret: o.ret === Infinity ? null : o.ret,
    description: model.describeOp(o),
  });
  const common = { checker: 'linearizability', kind: 'LIN' as const };

  // The first op the longest prefix could not reach.
  const stuck = at?.victim ?? firstUnplaced(ops, longestPrefixIds);
  if (budget === null) {
    const where = key === null ? '' : `On ${key}: `;
    return {
      ...common,
      explanation:
        `${where}no order respects real time and the ${model.name} rules. The longest linearizable prefix found orders ` +
        `${longestPrefix.length} of ${ops.length} operations; after it, ${model.describeOp(stuck)} (op ${stuck.invokeIndex}), ` +
        `which returned at ${showTime(stuck.ret)}, could not be placed.`,
      ops: [stuck.invokeIndex],
      at: stuck.ret,
      detail: { key, model: model.name, longestPrefix, stuck: shown(stuck) },
    };
  }

  const found = failingCore(ops, searchModel, budget, at, stuck.retPos);
  const words = explainInWords(model, searchModel, key, found, longestPrefix.length, ops.length, budget);
  return {
    ...common,
    explanation: words.text,
    ops: found.core.map((o) => o.invokeIndex),
    at: found.victim.ret,
    detail: {
      key,
      model: model.name,
      core: found.core.map(shown),
      minimal: found.minimal,
      contextOps: found.context.length,
      coreFailsAlone: found.failsAlone,
      blamed: words.blamed.invokeIndex,
      statesThere: words.statesThere,
      visibleAfterOp: found.victim.invokeIndex,
      failingPrefixOps: found.prefix.length,
      longestPrefix,
      explainSteps: budget.steps,
    },
  };
}
