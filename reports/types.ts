/**
 * What the reports read: a run's `result.json` (with its record and trace) and a sweep's
 * `summary.json`. Reports only render; every verdict in them was decided elsewhere.
 */
import type { RunRecord, Violation } from '../checker/history.js';
import type { TraceEvent } from '../checker/trace.js';

/** A run's verdict: `'unknown'` when a checker ran out of time or memory before deciding. */
export type RunVerdict = true | false | 'unknown';

/** `result.json`: the outcome of one seeded run of one scenario and design. */
export interface RunResult {
  scenario: string;
  /** "safe", "unsafe" or the name of a design of the catalogue. */
  design: string;
  seed: number;
  valid: RunVerdict;
  violations: Violation[];
  /** Counters from the simulator and the checkers (e.g. `messages`, `ops`, `elections`). */
  stats: Record<string, unknown>;
  /** Fingerprint of every trace event; equal seeds and code give equal hashes. */
  traceHash: string;
  /** Simulated (true) time the run covered. */
  simTimeNs: number;
  /** Wall-clock time the run took on the machine that ran it. */
  wallMs: number;
  /** The exact command that reproduces this run. */
  repro: string;
  /** Every parameter the seed derived (cluster size, TTL, fault rates, ...). */
  params: Record<string, unknown>;
  /** What the scenario promises for this design, e.g. "caught" or "clean", in words. */
  expectation?: string;
  /**
   * Replaces the page's paragraph about how the run was made, for runs that are not simulated
   * (a live run against real servers says that it is not deterministic).
   */
  about?: string;
}

/** Everything `renderRunReport` draws. */
export interface RunReportInput {
  result: RunResult;
  record: RunRecord;
  trace: TraceEvent[];
}

/** What a sweep expects of a design: unsafe designs must be caught, safe ones must stay clean. */
export type SweepExpectation = 'caught' | 'clean';

/** A failing seed of a sweep row, with the path of its run report relative to `summary.json`. */
export interface FailingRun {
  seed: number;
  kinds: string[];
  /** Absent when the sweep did not keep this run's folder (its repro command rebuilds it). */
  report?: string;
  /** The command that rebuilds this run exactly. */
  repro?: string;
}

/** One scenario and design over all the seeds of a sweep. */
export interface SweepRow {
  scenario: string;
  design: string;
  expectation: SweepExpectation;
  seedsRun: number;
  /** Violations found over all seeds, by kind ("ME-belief": 12, ...). */
  violationsByKind: Record<string, number>;
  seedsWithViolations: number;
  /** Whether the row met its expectation (caught on enough seeds, or clean on every seed). */
  met: boolean;
  /** A shard's unsafe design not caught on the shard's seeds: `lockstep merge` decides. */
  pending?: boolean;
  /** The first seed on which a violation was found, or null when none was. */
  firstCatch: number | null;
  /** seedsWithViolations / seedsRun. */
  catchFraction: number;
  slowest: { seed: number; wallMs: number };
  worst: { seed: number; violations: number };
  failing: FailingRun[];
}

/** `summary.json`: the outcome of a sweep over many seeds. */
export interface SweepSummary {
  /** A note on when or where the sweep ran (reports never read the clock themselves). */
  startedAtNote?: string;
  wallMs: number;
  /** The seed range, as given on the command line ("1..100"). */
  seeds: string;
  rows: SweepRow[];
  /** Plain sentences shown under the headline: which seeds each shard ran, which folders were kept. */
  notes?: string[];
}
