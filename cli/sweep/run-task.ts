/**
 * Runs one sweep task (in a worker thread or inline) and returns its result line.
 *
 * A sweep's first pass runs every task with `keepIfInvalid` off: the trace is not kept (its hash
 * is still computed) and nothing is written, since most runs pass and a passing run needs only its
 * verdict, counters and hash. The runs whose folders the sweep keeps are then run again with
 * `keepIfInvalid` on: same seed, same code, so the same run (the trace hash proves it), now fully
 * recorded, with its history, trace and report written.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { getScenario } from '../../scenarios/registry.js';
import { findDesign } from '../../scenarios/scenario.js';
import { mismatchMessage } from '../determinism.js';
import { renderRun } from '../render.js';
import { expectationOf, reproCommand, resultDocOf, writeRunFolder } from '../run-files.js';
import type { SweepResultLine, SweepTask } from './types.js';

export function runTask(task: SweepTask, outRoot: string): SweepResultLine {
  const scenario = getScenario(task.scenario);
  const design = findDesign(scenario, task.design);
  if (!design) throw new Error(`scenario ${task.scenario} has no design ${task.design}`);
  const started = performance.now();
  try {
    const outcome = scenario.run({ seed: task.seed, design: design.name, traceLevel: task.keepIfInvalid ? 'protocol' : 'none' });
    const wallMs = Math.round(performance.now() - started);
    const line: SweepResultLine = {
      scenario: scenario.name,
      design: design.name,
      designKind: design.kind,
      seed: task.seed,
      valid: outcome.valid,
      ...(outcome.unknownBecause ? { unknownBecause: outcome.unknownBecause } : {}),
      kinds: [...new Set(outcome.violations.map((v) => v.kind))],
      violations: outcome.violations.length,
      traceHash: outcome.traceHash,
      wallMs,
      simTimeNs: outcome.simTimeNs,
    };
    if (outcome.violations[0]) line.firstViolation = outcome.violations[0].explanation;
    if (outcome.valid !== true && task.keepIfInvalid) {
      const result = resultDocOf(outcome, {
        scenario: scenario.name,
        design: design.name,
        seed: task.seed,
        wallMs,
        repro: reproCommand(scenario.name, design.name, task.seed),
        expectation: expectationOf(design),
      });
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

/**
 * The kept run of a line the first pass found failing: the same run, recorded in full. A replay
 * that does not reproduce the first pass's trace hash is a determinism bug, reported as a crash.
 */
export function keepRun(task: SweepTask, first: SweepResultLine, outRoot: string): SweepResultLine {
  const line = runTask({ ...task, keepIfInvalid: true }, outRoot);
  if (line.crashed === undefined && line.traceHash !== first.traceHash) {
    return { ...first, crashed: mismatchMessage(task.seed, first.traceHash, line.traceHash) };
  }
  // The first pass's timing is the one comparable with the other runs.
  return { ...line, wallMs: first.wallMs };
}
