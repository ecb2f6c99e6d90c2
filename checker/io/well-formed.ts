/**
 * The shape a history must have before any checker may trust it: indices dense and in order,
 * time never going back, one outstanding operation per process, every completion matching an
 * invocation, and no process reused after an `info` (its op may still be running, so anything it
 * did next would be concurrent with itself).
 */
import type { Op, ProcessId } from '../history.js';
import { HistoryFormatError } from './errors.js';
import { walkPairs, who } from './pairs.js';

export interface HistoryProblem {
  /** Place of the offending event in the history array. */
  position: number;
  message: string;
}

/** Every way `history` is not well-formed, in history order; empty when it is. */
export function historyProblems(history: readonly Op[]): HistoryProblem[] {
  const problems: HistoryProblem[] = [];
  // Dense indices are reported once: after the first gap every later index is off too.
  const gap = history.findIndex((op, position) => op.index !== position);
  if (gap >= 0) {
    problems.push({
      position: gap,
      message: `index ${history[gap]!.index} at position ${gap}: indices must be dense and in order (expected ${gap})`,
    });
  }
  for (let i = 1; i < history.length; i++) {
    const [before, now] = [history[i - 1]!, history[i]!];
    if (now.time < before.time) {
      problems.push({
        position: i,
        message: `time goes back at index ${now.index}: ${now.time} ns comes after index ${before.index} at ${before.time} ns`,
      });
    }
  }
  walkPairs(history, (p) => problems.push(p));
  const crashed = new Map<ProcessId, Op>();
  history.forEach((event, position) => {
    if (event.process === 'nemesis') return;
    const lost = crashed.get(event.process);
    if (event.type === 'invoke' && lost !== undefined) {
      problems.push({
        position,
        message: `${who(event.process)} invoked '${event.f}' (index ${event.index}) after its '${lost.f}' ended info (index ${lost.index}); a process whose op is indeterminate must never be reused`,
      });
    }
    if (event.type === 'info') crashed.set(event.process, event);
  });
  return problems.sort((a, b) => a.position - b.position);
}

/** Throws a HistoryFormatError naming the first problem (and how many more there are). */
export function assertWellFormed(history: readonly Op[], source = 'history'): void {
  const problems = historyProblems(history);
  if (problems.length === 0) return;
  const first = problems[0]!;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
  throw new HistoryFormatError({ source, position: first.position }, `${first.message}${more}`);
}
