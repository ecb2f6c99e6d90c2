/** What a sweep passes around: one task per (scenario, design, seed), one result line each. */
import type { ViolationKind } from '../../checker/history.js';

export interface SweepTask {
  scenario: string;
  design: string;
  seed: number;
  /** Where to write the run folder if the run is kept. */
  runDir: string;
  /** Keep the full run folder when the run finds a violation. */
  keepIfInvalid: boolean;
}

/** A run's result line: everything the sweep report needs, without the history or trace. */
export interface SweepResultLine {
  scenario: string;
  design: string;
  designKind: 'safe' | 'unsafe';
  seed: number;
  valid: boolean | 'unknown';
  kinds: ViolationKind[];
  /** How many violations the run found (kinds counts each kind once); absent in older summaries. */
  violations?: number;
  /** First violation's explanation, for the sweep report's tooltip. */
  firstViolation?: string;
  traceHash: string;
  wallMs: number;
  simTimeNs: number;
  /** Run folder (relative to the sweep's out dir) when the full run was kept. */
  report?: string;
  /** Set when the run crashed: the error message. */
  crashed?: string;
}

export interface SweepRow {
  scenario: string;
  design: string;
  designKind: 'safe' | 'unsafe';
  expectation: 'caught' | 'clean';
  expectKinds: ViolationKind[];
  seedsRun: number;
  violationsByKind: Partial<Record<ViolationKind, number>>;
  seedsWithViolations: number;
  met: boolean;
  firstCatch: number | null;
  catchFraction: number;
  slowest: { seed: number; wallMs: number } | null;
  worst: { seed: number; violations: number } | null;
  failing: { seed: number; kinds: string[]; report: string | null }[];
  crashes: { seed: number; error: string }[];
}

export interface SweepSummary {
  seeds: string;
  shard?: string;
  jobs: number;
  wallMs: number;
  rows: SweepRow[];
  /** Every result line, so that shards can be merged. */
  results: SweepResultLine[];
  /** True when every row met its expectation. */
  ok: boolean;
}
