/** Adapters from the command's documents to the report renderers. */
import { renderRunReport, renderSweepReport } from '../reports/index.js';
import type { SweepSummary as ReportSweepSummary } from '../reports/index.js';
import type { RunOutcome } from '../scenarios/scenario.js';
import type { RunResultDoc } from './run-files.js';
import type { SweepSummary } from './sweep/types.js';

export function renderRun(result: RunResultDoc, outcome: RunOutcome): string {
  return renderRunReport({ result, record: outcome.record, trace: outcome.trace });
}

export function renderSweep(summary: SweepSummary): string {
  const doc: ReportSweepSummary = {
    wallMs: summary.wallMs,
    seeds: summary.seeds,
    startedAtNote: `${summary.results.length} runs on ${summary.jobs} worker(s)${summary.shard ? `, shard ${summary.shard}` : ''}`,
    rows: summary.rows.map((r) => ({
      scenario: r.scenario,
      design: r.design,
      expectation: r.expectation,
      seedsRun: r.seedsRun,
      violationsByKind: r.violationsByKind as Record<string, number>,
      seedsWithViolations: r.seedsWithViolations,
      met: r.met,
      firstCatch: r.firstCatch,
      catchFraction: r.catchFraction,
      slowest: r.slowest ?? { seed: 0, wallMs: 0 },
      worst: r.worst ?? { seed: r.slowest?.seed ?? 0, violations: 0 },
      failing: r.failing.filter((f) => f.report !== null).map((f) => ({ seed: f.seed, kinds: f.kinds, report: f.report as string })),
    })),
  };
  return renderSweepReport(doc);
}
