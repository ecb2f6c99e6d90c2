/**
 * `lockstep run <scenario> --seed n`: one seeded run. Prints the seed and every derived parameter
 * first (as a VOPR run does), then the verdict, each violation on one line, the trace hash and the
 * exact command that reproduces the run; writes the run folder.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { getScenario } from '../../scenarios/registry.js';
import { findDesign, type RunOutcome, UnknownScenarioError } from '../../scenarios/scenario.js';
import { checkDeterminism } from '../determinism.js';
import { BadInputError, exitCodeFor, EXIT } from '../errors.js';
import { kindsExplained } from '../kinds-text.js';
import { parseSeed } from '../parse.js';
import { renderRun } from '../render.js';
import { expectationOf, reproCommand, resultDocOf, writeRunFolder, type RunResultDoc } from '../run-files.js';
import { savedScheduleText } from '../schedule-file.js';
import { newStoreFolder, refuseFileAsFolder } from '../store.js';

export interface RunArgs {
  scenario: string;
  seed?: string;
  design?: string;
  out?: string;
  schedule?: string;
  /** Write the schedule the run followed (the seed's random one) to this file. */
  saveSchedule?: string;
  checkDeterminism?: boolean;
  json?: boolean;
}

export function loadScheduleFile(path: string): { text: string; file: string } {
  try {
    return { text: readFileSync(path, 'utf8'), file: path };
  } catch {
    throw new BadInputError(`cannot read schedule file ${path}`);
  }
}

export function runCommand(args: RunArgs): number {
  if (args.seed === undefined) throw new BadInputError('run needs --seed <n>');
  const seed = parseSeed(args.seed);
  let scenario;
  try {
    scenario = getScenario(args.scenario);
  } catch (err) {
    if (err instanceof UnknownScenarioError) throw new BadInputError(err.message);
    throw err;
  }
  if (scenario.unsupported) throw new BadInputError(`scenario ${scenario.name} is not yet supported: ${scenario.unsupported}`);
  const design = findDesign(scenario, args.design ?? 'safe');
  if (!design) {
    throw new BadInputError(`scenario ${scenario.name} has no design "${args.design}" (designs: ${scenario.designs.map((d) => d.name).join(', ')})`);
  }
  if (args.schedule !== undefined && !scenario.takesSchedule) {
    throw new BadInputError(`scenario ${scenario.name} does not take a --schedule (its faults are not nemesis schedules)`);
  }
  if (args.saveSchedule !== undefined && !scenario.takesSchedule) {
    throw new BadInputError(`scenario ${scenario.name} has no fault schedule to save (its faults are not nemesis schedules)`);
  }
  if (args.saveSchedule !== undefined && statSync(args.saveSchedule, { throwIfNoEntry: false })?.isDirectory()) {
    throw new BadInputError(`--save-schedule ${args.saveSchedule} is a folder; give a file name`);
  }
  const schedule = args.schedule !== undefined ? loadScheduleFile(args.schedule) : undefined;
  if (args.out !== undefined) refuseFileAsFolder(args.out);
  const out = args.out ?? newStoreFolder(scenario.name);
  const repro = reproCommand(scenario.name, design.name, seed, args.schedule);

  const say = (line: string): void => {
    if (!args.json) process.stdout.write(line + '\n');
  };
  say(`lockstep run ${scenario.name} design=${design.name} seed=${seed}`);

  const started = performance.now();
  let outcome: RunOutcome;
  try {
    outcome = scenario.run({ seed, design: design.name, ...(schedule ? { schedule } : {}), traceLevel: 'protocol' });
  } catch (err) {
    if (err instanceof Error && (err.name === 'ScheduleError' || err.name === 'GenerateError')) throw new BadInputError(err.message);
    throw err;
  }
  const wallMs = performance.now() - started;
  for (const [k, v] of Object.entries(outcome.params)) say(`  ${k} = ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);

  const determinism = args.checkDeterminism
    ? checkDeterminism(outcome.traceHash, () => scenario.run({ seed, design: design.name, ...(schedule ? { schedule } : {}), traceLevel: 'protocol' }).traceHash)
    : undefined;

  const result: RunResultDoc = {
    ...resultDocOf(outcome, { scenario: scenario.name, design: design.name, seed, wallMs: Math.round(wallMs), repro, expectation: expectationOf(design) }),
    stats: { ...outcome.stats, ...(determinism ? { determinism } : {}) },
  };
  writeRunFolder(out, result, outcome, renderRun);
  if (args.saveSchedule !== undefined && outcome.schedule) {
    writeFileSync(args.saveSchedule, savedScheduleText(outcome.schedule, { scenario: scenario.name, design: design.name, seed, file: args.saveSchedule }));
  }

  if (args.json) {
    process.stdout.write(JSON.stringify({ ...result, out }) + '\n');
  } else {
    const verdict = outcome.valid === true ? 'VALID: no violation found' : outcome.valid === false ? `INVALID: ${outcome.violations.length} violation(s)` : 'UNKNOWN: a checker could not decide';
    say(verdict);
    for (const why of outcome.unknownBecause ?? []) say(`  could not judge: ${why}`);
    for (const v of outcome.violations) say(`  [${v.kind}] ${v.explanation}`);
    for (const line of kindsExplained(outcome.violations.map((v) => v.kind))) say(line);
    say(`trace hash ${outcome.traceHash}  (${(outcome.simTimeNs / 1e9).toFixed(1)} s simulated in ${(wallMs / 1000).toFixed(2)} s)`);
    if (determinism) {
      say(determinism.same ? `determinism: a second run gave the same trace hash` : `determinism: FAILED, a second run gave trace hash ${determinism.again}`);
    }
    say(`run folder: ${out} (report: ${join(out, 'report.html')})`);
    say(`reproduce: ${repro}`);
    if (args.saveSchedule !== undefined) say(`schedule: ${args.saveSchedule} (${outcome.schedule?.faults.length ?? 0} faults); replay it with ${reproCommand(scenario.name, design.name, seed, args.saveSchedule)}`);
  }
  if (determinism && !determinism.same) return EXIT.crash;
  return exitCodeFor(outcome.valid);
}
