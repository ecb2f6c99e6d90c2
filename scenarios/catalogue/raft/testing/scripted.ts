/**
 * What the raft group's regression tests share: the scripted schedule of a case, read from
 * `schedules/<name>.json`, and the violation kinds a run found.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ViolationKind } from '../../../../checker/history.js';
import type { RunOutcome, Scenario } from '../../../scenario.js';

const SCHEDULES = join(import.meta.dirname, '..', 'schedules');

export function scheduleOf(name: string): { text: string; file: string } {
  const file = join(SCHEDULES, `${name}.json`);
  return { text: readFileSync(file, 'utf8'), file };
}

/** The distinct kinds of a run's violations, in the order first found. */
export function kindsOf(outcome: RunOutcome): ViolationKind[] {
  return [...new Set(outcome.violations.map((v) => v.kind))];
}

/** Runs a design of `scenario` on its scripted schedule (or the named one), seed 1 unless told. */
export function runScripted(scenario: Scenario, design: string, seed = 1, schedule = scenario.name): RunOutcome {
  return scenario.run({ seed, design, traceLevel: 'none', schedule: scheduleOf(schedule) });
}

export function runRandom(scenario: Scenario, design: string, seed: number): RunOutcome {
  return scenario.run({ seed, design, traceLevel: 'none' });
}
