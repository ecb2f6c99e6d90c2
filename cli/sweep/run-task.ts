/** Runs one sweep task (in a worker thread or inline) and returns its result line. */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { getScenario } from '../../scenarios/registry.js';
import { findDesign } from '../../scenarios/scenario.js';
import { renderRun } from '../render.js';
import { reproCommand, writeRunFolder, type RunResultDoc } from '../run-files.js';
import type { SweepResultLine, SweepTask } from './types.js';

export function runTask(task: SweepTask, outRoot: string): SweepResultLine {
  const scenario = getScenario(task.scenario);
  const design = findDesign(scenario, task.design);
  if (!design) throw new Error(`scenario ${task.scenario} has no design ${task.design}`);
  const started = performance.now();
  try {
    const outcome = scenario.run({ seed: task.seed, design: design.name, traceLevel: 'protocol' });
    const wallMs = Math.round(performance.now() - started);
    const line: SweepResultLine = {
      scenario: scenario.name,
      design: design.name,
      designKind: design.kind,
      seed: task.seed,
      valid: outcome.valid,
      kinds: [...new Set(outcome.violations.map((v) => v.kind))],
      violations: outcome.violations.length,
      traceHash: outcome.traceHash,
      wallMs,
      simTimeNs: outcome.simTimeNs,
    };
    if (outcome.violations[0]) line.firstViolation = outcome.violations[0].explanation;
    if (outcome.valid !== true && task.keepIfInvalid) {
      const result: RunResultDoc = {
        scenario: scenario.name,
        design: design.name,
        seed: task.seed,
        valid: outcome.valid,
        violations: outcome.violations,
        stats: outcome.stats,
        params: outcome.params,
        traceHash: outcome.traceHash,
        simTimeNs: outcome.simTimeNs,
        wallMs,
        repro: reproCommand(scenario.name, design.name, task.seed),
        expectation: design.kind === 'safe' ? 'clean on every seed' : `caught: ${(design.expectKinds ?? []).join(', ')}`,
      };
      writeRunFolder(join(outRoot, task.runDir), result, outcome, renderRun);
      line.report = join(task.runDir, 'report.html');
    }
    return line;
  } catch (err) {
    return {
      scenario: scenario.name,
      design: design.name,
      designKind: design.kind,
      seed: task.seed,
      valid: 'unknown',
      kinds: [],
      traceHash: '',
      wallMs: Math.round(performance.now() - started),
      simTimeNs: 0,
      crashed: err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err),
    };
  }
}
