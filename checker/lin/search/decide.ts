/**
 * One part's verdict: the frontier pass first (linear on histories with few concurrent ops, and
 * it stops at the first illegal point), the depth-first search when the frontier grows too wide
 * (many ops open at once, where finding one path beats listing them all).
 */
import type { SearchModel } from '../model.js';
import type { LinOp } from '../operation.js';
import type { Budget } from './budget.js';
import { CONFIG_BYTES, frontierSearch, type FrontierSnapshot } from './frontier.js';
import { searchLinearization, type SearchOutcome } from './wgl.js';


export interface Decision extends SearchOutcome {
  /** Which search decided. */
  by: 'frontier' | 'depth-first';
  /** When the frontier pass found the part failing: the op whose return no order reaches. */
  victim: number | null;
  snapshot: FrontierSnapshot | null;
}

export function decidePart(ops: readonly LinOp[], model: SearchModel<unknown>, budget: Budget, keepSnapshot: boolean): Decision {
  const f = frontierSearch(ops, model, budget, { keepSnapshot });
  if (f.kind === 'valid' || f.kind === 'invalid') {
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
      steps: f.steps,
      victim: f.kind === 'invalid' ? f.victim : null,
      snapshot: f.kind === 'invalid' ? f.snapshot : null,
    };
  }
  if (f.why !== 'open' && f.why !== 'frontier') {
    return { by: 'frontier', valid: 'unknown', exhausted: f.why, linearization: null, longestPrefix: [], configurations: 0, cacheBytes: 0, forgot: false, steps: f.steps, victim: null, snapshot: null };
  }
  const d = searchLinearization(ops, model, budget);
  return { ...d, steps: d.steps + f.steps, by: 'depth-first', victim: null, snapshot: null };
}
