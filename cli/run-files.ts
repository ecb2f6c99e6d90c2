/** The files a run leaves in its folder: history.jsonl, trace.jsonl, result.json, report.html. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatHistoryJsonl } from '../checker/io/index.js';
import type { DesignSpec, RunOutcome } from '../scenarios/scenario.js';

export interface RunResultDoc {
  scenario: string;
  design: string;
  seed: number;
  valid: boolean | 'unknown';
  /** Why the verdict is `unknown`: one line per checker or validator that could not judge. */
  unknownBecause?: string[];
  violations: RunOutcome['violations'];
  stats: Record<string, unknown>;
  params: Record<string, unknown>;
  traceHash: string;
  simTimeNs: number;
  wallMs: number;
  repro: string;
  expectation?: string;
}

/** What a run folder's result.json says of one outcome: its verdict and figures, and how it came about. */
export function resultDocOf(
  outcome: RunOutcome,
  about: { scenario: string; design: string; seed: number; wallMs: number; repro: string; expectation?: string },
): RunResultDoc {
  return {
    scenario: about.scenario,
    design: about.design,
    seed: about.seed,
    valid: outcome.valid,
    ...(outcome.unknownBecause ? { unknownBecause: outcome.unknownBecause } : {}),
    violations: outcome.violations,
    stats: outcome.stats,
    params: outcome.params,
    traceHash: outcome.traceHash,
    simTimeNs: outcome.simTimeNs,
    wallMs: about.wallMs,
    repro: about.repro,
    ...(about.expectation !== undefined ? { expectation: about.expectation } : {}),
  };
}

/** What a design promises, in the words result.json uses. */
export function expectationOf(design: DesignSpec): string {
  return design.kind === 'safe' ? 'clean on every seed' : `caught: ${(design.expectKinds ?? []).join(', ')}`;
}

export function reproCommand(scenario: string, design: string, seed: number, schedule?: string): string {
  return `npx lockstep run ${scenario} --design ${design} --seed ${seed}${schedule ? ` --schedule ${schedule}` : ''}`;
}

export function writeRunFolder(dir: string, result: RunResultDoc, outcome: RunOutcome, renderReport?: (r: RunResultDoc, o: RunOutcome) => string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'history.jsonl'), formatHistoryJsonl(outcome.record.history));
  writeFileSync(join(dir, 'trace.jsonl'), outcome.trace.map((e) => JSON.stringify(e)).join('\n') + (outcome.trace.length ? '\n' : ''));
  writeFileSync(join(dir, 'record.json'), JSON.stringify({ ...outcome.record, history: undefined }) + '\n');
  writeFileSync(join(dir, 'result.json'), JSON.stringify(result, null, 2) + '\n');
  if (renderReport) writeFileSync(join(dir, 'report.html'), renderReport(result, outcome));
}
