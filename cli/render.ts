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
    startedAtNote: `${summary.results.length} runs on ${summary.jobs} worker(s)${summary.shard ? `, shard ${summary.shard} of seeds ${summary.range ?? summary.seeds}` : ''}`,
    notes: sweepNotes(summary),
    rows: summary.rows.map((r) => ({
      scenario: r.scenario,
      design: r.design,
      expectation: r.expectation,
      seedsRun: r.seedsRun,
      violationsByKind: r.violationsByKind as Record<string, number>,
      seedsWithViolations: r.seedsWithViolations,
      met: r.met,
      pending: r.pending,
      firstCatch: r.firstCatch,
      catchFraction: r.catchFraction,
      slowest: r.slowest ?? { seed: 0, wallMs: 0 },
      worst: r.worst ?? { seed: r.slowest?.seed ?? 0, violations: 0 },
      failing: r.failing.map((f) => ({ seed: f.seed, kinds: f.kinds, repro: f.repro, ...(f.report !== null ? { report: f.report } : {}) })),
    })),
  };
  return renderSweepReport(doc);
}

/** What the index says about shards and kept folders, in sentences. */
function sweepNotes(summary: SweepSummary): string[] {
  const notes: string[] = [];
  if (summary.shard) {
    notes.push(`Shard ${summary.shard}: seeds ${summary.seeds} of ${summary.range ?? summary.seeds}. A shard fails only for a safe design violated or a crash; whether each unsafe design was caught is judged by lockstep merge over every shard.`);
  }
  for (const s of summary.shards ?? []) {
    notes.push(`Shard ${s.shard} ran seeds ${s.seeds} (${s.runs} runs, ${(s.wallMs / 1000).toFixed(1)} s, ${s.ok ? 'passed' : 'failed'}).`);
  }
  if (summary.folders) {
    notes.push(`${summary.folders.failing} run(s) were not clean; ${summary.folders.kept} run folder(s) kept: ${summary.folders.rule}.`);
  }
  return notes;
}
