/**
 * Determinism checks, one mechanism for `run --check-determinism`, `sweep --check-determinism` and
 * the sweep's replay of kept runs: the same seed, scenario and code run again in a fresh world
 * must give the same trace hash. A mismatch is a bug in the simulator or the system under test
 * (hidden state, a real clock, iteration over an unordered map), never a property of the seed.
 */
import { reproCommand } from './run-files.js';

export interface DeterminismCheck {
  /** The second run's trace hash. */
  again: string;
  same: boolean;
}

/** Compares a first run's hash with a second run's; `rerun` builds a fresh world and returns its hash. */
export function checkDeterminism(first: string, rerun: () => string): DeterminismCheck {
  const again = rerun();
  return { again, same: again === first };
}

/** A mismatch as a sweep lists it: which run, both hashes, and the command that shows it. */
export interface DeterminismMismatch {
  scenario: string;
  design: string;
  seed: number;
  first: string;
  again: string;
  repro: string;
}

export function mismatchOf(run: { scenario: string; design: string; seed: number }, first: string, again: string): DeterminismMismatch {
  return { ...run, first, again, repro: `${reproCommand(run.scenario, run.design, run.seed)} --check-determinism` };
}

/** The one-line message of a mismatch (a sweep records it as the run's crash). */
export function mismatchMessage(seed: number, first: string, again: string): string {
  return `running seed ${seed} again gave trace hash ${again}, the first run ${first}: the run is not deterministic`;
}
