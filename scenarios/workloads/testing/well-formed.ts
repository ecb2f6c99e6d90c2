/**
 * Jepsen's rules for a history, as a list of broken ones (empty when the history is well formed):
 * dense indices, time never going back, at most one outstanding op per process, every completion
 * matching an invoke of the same f, and no process invoking again after an `info`.
 */
import type { Op } from '../../../checker/history.js';

export function historyProblems(history: readonly Op[]): string[] {
  const problems: string[] = [];
  const open = new Map<Op['process'], Op>();
  const retired = new Set<Op['process']>();
  history.forEach((op, i) => {
    if (op.index !== i) problems.push(`op at position ${i} has index ${op.index}`);
    if (i > 0 && op.time < history[i - 1]!.time) problems.push(`op ${op.index} goes back in time`);
    if (op.process === 'nemesis') return;
    if (op.type === 'invoke') {
      if (retired.has(op.process)) problems.push(`op ${op.index}: process ${op.process} invokes after an info`);
      if (open.has(op.process)) problems.push(`op ${op.index}: process ${op.process} already has op ${open.get(op.process)!.index} outstanding`);
      open.set(op.process, op);
      return;
    }
    const inv = open.get(op.process);
    if (!inv) problems.push(`op ${op.index} completes nothing on process ${op.process}`);
    else if (inv.f !== op.f) problems.push(`op ${op.index} completes ${op.f} but ${inv.f} was invoked`);
    open.delete(op.process);
    if (op.type === 'info') retired.add(op.process);
  });
  return problems;
}

/** Invocations paired with their completions (null when none), in invoke order. */
export function pairs(history: readonly Op[]): { invoke: Op; done: Op | null }[] {
  const out: { invoke: Op; done: Op | null }[] = [];
  const open = new Map<Op['process'], { invoke: Op; done: Op | null }>();
  for (const op of history) {
    if (op.process === 'nemesis') continue;
    if (op.type === 'invoke') {
      const p = { invoke: op, done: null };
      out.push(p);
      open.set(op.process, p);
    } else {
      const p = open.get(op.process);
      if (p) p.done = op;
      open.delete(op.process);
    }
  }
  return out;
}
