/**
 * The one sentence at the top of a run report: what the checkers decided, in plain words.
 */
import type { RunRecord, Violation } from '../../checker/history.js';
import type { RunResult } from '../types.js';
import { focusViolation } from './violation-focus.js';
import { kindName, violationHeadline } from '../violation-kinds.js';

export type VerdictTone = 'unsafe' | 'safe' | 'unknown';

export interface VerdictWords {
  tone: VerdictTone;
  /** "UNSAFE: two clients believed they held /ls/lock1 at the same time". */
  headline: string;
  /** One or two sentences under the headline. */
  summary: string;
}

/** Violations in the order they became visible (ties kept in the checkers' order). */
export function violationsInTimeOrder(violations: Violation[]): Violation[] {
  return violations
    .map((v, i) => ({ v, i }))
    .sort((a, b) => a.v.at - b.v.at || a.i - b.i)
    .map((x) => x.v);
}

/** `stories`: how many root causes the violations were grouped under, when known. */
export function verdictWords(result: RunResult, record: RunRecord, stories?: number): VerdictWords {
  const ops = record.history.filter((op) => op.type === 'invoke' && op.process !== 'nemesis').length;
  if (result.valid === false) {
    const ordered = violationsInTimeOrder(result.violations);
    const first = ordered[0];
    if (first === undefined) {
      return {
        tone: 'unsafe',
        headline: 'UNSAFE: the checkers judged this run invalid',
        summary: 'No individual violation was recorded; see the statistics at the end of the page.',
      };
    }
    const subject = focusViolation(first, record).subject;
    const more = ordered.length - 1;
    const kinds = [...new Set(ordered.map((v) => kindName(v.kind)))];
    return {
      tone: 'unsafe',
      headline: `UNSAFE: ${violationHeadline(first, subject)}`,
      summary:
        more === 0
          ? 'The checkers found one violation, explained below and marked in red on the timeline.'
          : `The checkers found ${ordered.length} violations, of ${kinds.length === 1 ? 'one kind' : `${kinds.length} kinds`}: ${listInWords(kinds)}${
              stories !== undefined && stories < ordered.length ? `, following from ${stories === 1 ? 'one root cause' : `${stories} root causes`}` : ''
            }. The first is explained below; all are marked in red on the timeline.`,
    };
  }
  if (result.valid === 'unknown') {
    return {
      tone: 'unknown',
      headline: 'UNKNOWN: the checker ran out of time',
      summary:
        'No violation was found, but at least one checker stopped before it could decide, so this run shows neither safety nor a bug.',
    };
  }
  return {
    tone: 'safe',
    headline: 'SAFE on this seed',
    summary: `No checker found a violation in ${ops} operations. One seed is one schedule of faults, not a proof: a sweep runs many.`,
  };
}

/** Whether a run met the scenario's expectation, when the expectation is "caught" or "clean". */
export function expectationMet(result: RunResult): boolean | null {
  const e = result.expectation?.trim().toLowerCase();
  if (e === 'caught') return result.valid === false;
  if (e === 'clean') return result.valid === true;
  return null;
}

/** "a", "a and b", "a, b and c". */
function listInWords(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
