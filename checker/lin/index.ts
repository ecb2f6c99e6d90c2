/**
 * Linearizability checking (Wing & Gong with Lowe's just-in-time refinement, P-compositionality and
 * a configuration cache) for histories in Jepsen's shape.
 */
export { checkLinearizable, DEFAULT_EXPLAIN_STEPS, type LinOptions } from './check.js';
export type { LinPartResult, LinResult, Verdict } from './result.js';
export type { Model, ModelName, SearchModel } from './model.js';
export type { LinOp, LinPart } from './operation.js';
export { LinInputError, pairOperations } from './pairing.js';
export { DEFAULT_MAX_CACHE_BYTES, DEFAULT_MAX_CONFIGURATIONS, DEFAULT_MAX_STEPS, type BudgetLimits, type Exhaustion } from './search/budget.js';
export type { ViolationOp } from './explain/violation.js';
export * from './models/index.js';
