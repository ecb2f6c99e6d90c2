/**
 * What every catalogue test shares: a hazard's scripted schedules (its stories), one run of a side
 * under a story or under the seed's own random schedule, and what a run found (the violation
 * kinds, the locks they name, their explanations). One convention for every group.
 */
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ViolationKind } from '../../../checker/history.js';
import type { RunOutcome, Scenario } from '../../scenario.js';

const CATALOGUE = join(import.meta.dirname, '..');

/** The schedule `schedules/<name>.json` of whichever group holds it: its text and file. */
export function scheduleOf(name: string): { text: string; file: string } {
  for (const group of readdirSync(CATALOGUE, { withFileTypes: true })) {
    if (!group.isDirectory()) continue;
    const file = join(CATALOGUE, group.name, 'schedules', `${name}.json`);
    if (existsSync(file)) return { text: readFileSync(file, 'utf8'), file };
  }
  throw new Error(`no schedule ${name}.json in any group of the catalogue`);
}

/** The distinct kinds of a run's violations, in the order first found. */
export function kindsOf(outcome: RunOutcome): ViolationKind[] {
  return [...new Set(outcome.violations.map((v) => v.kind))];
}

/** A side of `scenario` under its story (or the named schedule), seed 1 unless told. */
export function runScripted(scenario: Scenario, design: string, seed = 1, schedule = scenario.name): RunOutcome {
  return scenario.run({ seed, design, traceLevel: 'none', schedule: scheduleOf(schedule) });
}

/** A side of `scenario` under the seed's own random schedule. */
export function runRandom(scenario: Scenario, design: string, seed: number): RunOutcome {
  return scenario.run({ seed, design, traceLevel: 'none' });
}

/** A side on its story (`scripted`) or on the seed's random schedule. */
export function runDesign(scenario: Scenario, design: string, seed: number, scripted: boolean): RunOutcome {
  return scripted ? runScripted(scenario, design, seed) : runRandom(scenario, design, seed);
}

/** What a test reads from a run, in one value. */
export interface Verdict {
  valid: boolean | 'unknown';
  kinds: ViolationKind[];
  /** The locks the violations name (from their detail), in first-seen order. */
  locks: string[];
  explanations: string[];
}

export function verdictOf(outcome: RunOutcome): Verdict {
  const locks = outcome.violations.map((v) => (v.detail as { lock?: unknown } | undefined)?.lock).filter((l): l is string => typeof l === 'string');
  return { valid: outcome.valid, kinds: kindsOf(outcome), locks: [...new Set(locks)], explanations: outcome.violations.map((v) => v.explanation) };
}

/** One run under a given schedule (its text and file name), as a verdict. */
export function scripted(scenario: Scenario, design: string, schedule: { text: string; file: string }, seed = 1): Verdict {
  return verdictOf(scenario.run({ seed, design, schedule, traceLevel: 'none' }));
}

/** One run under the seed's own random schedule, as a verdict. */
export function seeded(scenario: Scenario, design: string, seed: number): Verdict {
  return verdictOf(runRandom(scenario, design, seed));
}
