/**
 * `lockstep shrink <scenario> --seed n [--design d]`: the failing run's fault schedule, made as
 * small as it will go while the same kind of violation still appears. Writes the minimal schedule
 * (with its story in words) and the run folder of its replay, and prints the command that replays
 * it. Takes the same flags as `run`, so a repro line becomes a shrink line by one word.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ViolationKind } from '../../checker/history.js';
import { minimiseSchedule, type MinimiseStep } from '../../nemesis/minimise.js';
import { scheduleToJson, type Schedule } from '../../nemesis/schedule.js';
import { getScenario } from '../../scenarios/registry.js';
import { findDesign, UnknownScenarioError, type RunOutcome, type Scenario } from '../../scenarios/scenario.js';
import { BadInputError, EXIT } from '../errors.js';
import { kindsExplained } from '../kinds-text.js';
import { DEFAULT_MAX_RUNS, DEFAULT_MAX_SHRINK_SECONDS } from '../limits.js';
import { parsePositiveInt, parseSeed } from '../parse.js';
import { renderRun } from '../render.js';
import { expectationOf, reproCommand, resultDocOf, writeRunFolder } from '../run-files.js';
import { scheduleStory } from '../schedule-story.js';
import { newStoreFolder, refuseFileAsFolder } from '../store.js';
import { loadScheduleFile } from './run.js';

export interface ShrinkArgs {
  scenario: string;
  seed?: string;
  design?: string;
  schedule?: string;
  out?: string;
  maxRuns?: string;
  maxSeconds?: string;
  json?: boolean;
}

function scenarioNamed(name: string): Scenario {
  try {
    const s = getScenario(name);
    if (s.unsupported) throw new BadInputError(`scenario ${s.name} is not yet supported: ${s.unsupported}`);
    return s;
  } catch (err) {
    if (err instanceof UnknownScenarioError) throw new BadInputError(err.message);
    throw err;
  }
}

/** The kind the shrunk schedule must keep: the expected kind an unsafe design was caught with, else the first found. */
function targetKind(outcome: RunOutcome, expectKinds: readonly ViolationKind[]): ViolationKind {
  const found = outcome.violations.map((v) => v.kind);
  return found.find((k) => expectKinds.includes(k)) ?? (found[0] as ViolationKind);
}

const STEP_WORDS: Record<MinimiseStep, string> = {
  'after-failure': `dropping faults after the violation was seen`,
  'last-faults': 'keeping only the last faults before it',
  ddmin: 'dropping blocks of faults, then single faults',
  narrow: 'narrowing each fault',
};

const faultCount = (n: number): string => `${n} ${n === 1 ? 'fault' : 'faults'}`;

export function shrinkCommand(args: ShrinkArgs): number {
  if (args.seed === undefined) throw new BadInputError('shrink needs --seed <n> (a failing seed, as a sweep or run printed it)');
  const seed = parseSeed(args.seed);
  const scenario = scenarioNamed(args.scenario);
  const design = findDesign(scenario, args.design ?? 'safe');
  if (!design) throw new BadInputError(`scenario ${scenario.name} has no design "${args.design}" (designs: ${scenario.designs.map((d) => d.name).join(', ')})`);
  if (!scenario.takesSchedule) throw new BadInputError(`scenario ${scenario.name} has no fault schedule to shrink (its faults are not nemesis schedules)`);
  const maxRuns = args.maxRuns !== undefined ? parsePositiveInt('--max-runs', args.maxRuns) : DEFAULT_MAX_RUNS;
  const maxSeconds = args.maxSeconds !== undefined ? parsePositiveInt('--max-seconds', args.maxSeconds) : DEFAULT_MAX_SHRINK_SECONDS;
  if (args.out !== undefined) refuseFileAsFolder(args.out);
  const file = args.schedule !== undefined ? loadScheduleFile(args.schedule) : undefined;
  const say = (line: string): void => {
    if (!args.json) process.stdout.write(line + '\n');
  };
  const started = performance.now();

  const run = (schedule: { text: string; file: string } | undefined, traceLevel: 'none' | 'protocol'): RunOutcome => {
    try {
      return scenario.run({ seed, design: design.name, ...(schedule ? { schedule } : {}), traceLevel });
    } catch (err) {
      if (err instanceof Error && (err.name === 'ScheduleError' || err.name === 'GenerateError')) throw new BadInputError(err.message);
      throw err;
    }
  };
  const original = run(file, 'none');
  if (original.valid !== false) {
    throw new BadInputError(`${scenario.name} --design ${design.name} --seed ${seed}${file ? ` --schedule ${file.file}` : ''} finds no violation: nothing to shrink`);
  }
  if (!original.schedule) throw new BadInputError(`scenario ${scenario.name} does not report the schedule it ran, so it cannot be shrunk`);
  const kind = targetKind(original, design.expectKinds ?? []);
  const before = original.schedule;
  const deadline = started + maxSeconds * 1000;
  say(`lockstep shrink ${scenario.name} design=${design.name} seed=${seed}: ${before.faults.length} faults, keeping a ${kind} violation (budget: ${maxRuns} runs, ${maxSeconds} s)`);

  const asFile = (s: Schedule): { text: string; file: string } => ({ text: scheduleToJson(s), file: 'candidate schedule' });
  let runs = 0;
  const stillFails = (candidate: Schedule): boolean => {
    runs++;
    return run(asFile(candidate), 'none').violations.some((v) => v.kind === kind);
  };
  if (!stillFails(before)) {
    // A saved schedule replays its seed's run (clocks included), so this is a replay bug.
    process.stderr.write(`lockstep: replayed as a schedule file, seed ${seed}'s schedule no longer shows ${kind}: the replay differs from the seed's run, so it cannot be shrunk (please report it)\n`);
    return EXIT.unknown;
  }
  const seenAt = Math.min(...original.violations.filter((v) => v.kind === kind).map((v) => v.at));
  // stillFails counts every run, the minimiser's too.
  const shrunk = minimiseSchedule(before, stillFails, {
    maxRuns: Math.max(1, maxRuns - runs),
    outOfTime: () => performance.now() > deadline,
    failureAtNs: seenAt,
    onStep: (step, faults) => say(`  ${STEP_WORDS[step]}: ${faultCount(faults)} (${runs} runs, ${((performance.now() - started) / 1000).toFixed(1)} s so far)`),
  });
  const minimal = shrunk.schedule;

  const out = args.out ?? newStoreFolder(scenario.name);
  const schedulePath = join(out, 'schedule.json');
  const replay = reproCommand(scenario.name, design.name, seed, schedulePath);
  const final = run({ text: scheduleToJson(minimal), file: schedulePath }, 'protocol');
  const first = final.violations.find((v) => v.kind === kind);
  const description =
    `Shrunk from the ${file ? `schedule ${file.file}` : `random schedule of seed ${seed}`} (${before.faults.length} faults) to ${faultCount(minimal.faults.length)} ` +
    `that still ${minimal.faults.length === 1 ? 'leads' : 'lead'} to ${kind} in ${scenario.name} (design ${design.name}). ${scheduleStory(minimal)}` +
    `${first ? ` What goes wrong: ${first.explanation}` : ''} Replay: ${replay}`;
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'original-schedule.json'), scheduleToJson(before));
  const result = resultDocOf(final, { scenario: scenario.name, design: design.name, seed, wallMs: 0, repro: replay, expectation: expectationOf(design) });
  writeRunFolder(out, result, final, renderRun);
  writeFileSync(schedulePath, scheduleToJson({ ...minimal, description }));

  const doc = {
    scenario: scenario.name,
    design: design.name,
    seed,
    kind,
    faultsBefore: before.faults.length,
    faultsAfter: minimal.faults.length,
    /** Whether the written schedule, replayed, shows the kept kind (it is the run of the report). */
    replayShowsKind: first !== undefined,
    runs,
    minimal: shrunk.minimal,
    ...(shrunk.stoppedBy ? { stoppedBy: shrunk.stoppedBy } : {}),
    budget: { runs: maxRuns, seconds: maxSeconds },
    wallMs: Math.round(performance.now() - started),
    schedule: schedulePath,
    out,
    replay,
  };
  if (args.json) process.stdout.write(JSON.stringify(doc) + '\n');
  else {
    say(`shrunk ${before.faults.length} → ${minimal.faults.length} faults in ${runs} runs (${(doc.wallMs / 1000).toFixed(1)} s)${shrunk.minimal ? ' (1-minimal: no single fault can go, none can be narrowed)' : shrunk.stoppedBy === 'time' ? '; the time budget ended first, so a smaller schedule may exist (--max-seconds)' : '; the run budget ended first, so a smaller schedule may exist (--max-runs)'}`);
    say(`  ${scheduleStory(minimal)}`);
    if (first) say(`  [${kind}] ${first.explanation}`);
    for (const line of kindsExplained([kind])) say(line);
    say(`schedule: ${schedulePath} (report of its run: ${join(out, 'report.html')})`);
    say(`replay: ${replay}`);
  }
  return EXIT.valid;
}
