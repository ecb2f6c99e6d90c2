/**
 * What the group's regression tests read from a run: which kinds of violation it found, and on
 * which locks, so a test can say "the unsafe design broke mutual exclusion of L" in one line.
 */
import type { ViolationKind } from '../../../../checker/history.js';
import type { RunOutcome, Scenario } from '../../../scenario.js';

export interface Verdict {
  valid: boolean | 'unknown';
  kinds: ViolationKind[];
  /** The locks the violations name (from their detail), in first-seen order. */
  locks: string[];
  explanations: string[];
}

export function verdictOf(outcome: RunOutcome): Verdict {
  const locks = outcome.violations.map((v) => (v.detail as { lock?: unknown } | undefined)?.lock).filter((l): l is string => typeof l === 'string');
  return {
    valid: outcome.valid,
    kinds: [...new Set(outcome.violations.map((v) => v.kind))],
    locks: [...new Set(locks)],
    explanations: outcome.violations.map((v) => v.explanation),
  };
}

/** One run under a scripted schedule (its text and file name). */
export function scripted(scenario: Scenario, design: string, schedule: { text: string; file: string }, seed = 1): Verdict {
  return verdictOf(scenario.run({ seed, design, schedule, traceLevel: 'none' }));
}

/** One run under the seed's own random schedule. */
export function seeded(scenario: Scenario, design: string, seed: number): Verdict {
  return verdictOf(scenario.run({ seed, design, traceLevel: 'none' }));
}
