/**
 * `lockstep run --system ./my-lock.ts --hazard <name> --seed n [--name system] [--shrink]`: one
 * catalogue hazard on one seed against a user's system. Prints the parameters, the verdict, each
 * violation and the repro command, and writes the run folder (report.html included). With
 * `--shrink`, the seed's fault schedule is cut down to the fewest faults that still show the same
 * kind of violation, and written as a schedule file that `--schedule` replays.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { minimiseSchedule } from '../../nemesis/minimise.js';
import { scheduleToJson, type Schedule } from '../../nemesis/schedule.js';
import type { RunOutcome } from '../../scenarios/scenario.js';
import { findHazard, missingCapability, userHazards } from '../../scenarios/user/hazards.js';
import { describeCrash, runUserHazard, scheduleOfSeed, type SystemCrash, type UserRun } from '../../scenarios/user/run.js';
import { runJudged } from '../system/judged-run.js';
import { BadInputError, EXIT, exitCodeFor } from '../errors.js';
import { parseSeed } from '../parse.js';
import { renderRun } from '../render.js';
import { resultDocOf, writeRunFolder } from '../run-files.js';
import { loadSystemModule } from '../system/load.js';
import { asRefusal, selectSystems, systemRepro } from '../system/scorecard.js';

export interface SystemRunArgs {
  system: string;
  name?: string;
  hazard?: string;
  seed?: string;
  schedule?: string;
  out?: string;
  shrink?: boolean;
  json?: boolean;
}

const SHRINK_RUNS = 200;

export async function systemRunCommand(args: SystemRunArgs): Promise<number> {
  if (args.hazard === undefined) throw new BadInputError(`run --system needs --hazard <name> (hazards: ${userHazards().map((h) => h.record.name).join(', ')})`);
  if (args.seed === undefined) throw new BadInputError('run needs --seed <n>');
  const seed = parseSeed(args.seed);
  const hazard = findHazard(args.hazard);
  if (!hazard) throw new BadInputError(`unknown hazard "${args.hazard}" (hazards: ${userHazards().map((h) => h.record.name).join(', ')})`);
  const module = loadSystemModule(args.system);
  if (args.name === undefined && module.systems.length > 1) throw new BadInputError(`${args.system} exports ${module.systems.length} systems: pick one with --name (${module.systems.map((s) => s.name).join(', ')})`);
  const system = selectSystems(module, args.name !== undefined ? [args.name] : undefined)[0]!;
  const missing = missingCapability(system, hazard);
  if (missing) throw new BadInputError(`hazard ${hazard.record.name} is not applicable to ${system.name}: it needs ${missing}, which the system does not offer`);
  let schedule: { text: string; file: string } | undefined;
  if (args.schedule !== undefined) {
    try {
      schedule = { text: readFileSync(args.schedule, 'utf8'), file: args.schedule };
    } catch {
      throw new BadInputError(`cannot read schedule file ${args.schedule}`);
    }
  }
  const multiple = module.systems.length > 1;
  const repro = systemRepro(args.system, system.name, hazard.record.name, seed, multiple) + (args.schedule ? ` --schedule ${args.schedule}` : '');
  const out = args.out ?? join('out', 'system', system.name, hazard.record.name, String(seed));
  const say = (line: string): void => {
    if (!args.json) process.stdout.write(line + '\n');
  };
  const instantiate = () => module.instantiate(system.name);
  const optionsOf = (sched: { text: string; file: string } | undefined, traceLevel: 'none' | 'protocol') => ({ seed, traceLevel, ...(sched ? { schedule: sched } : {}) });
  const asBadInput = (err: unknown): unknown => {
    const refusal = asRefusal(module, err);
    if (refusal) return refusal;
    if (err instanceof Error && (err.name === 'ScheduleError' || err.name === 'GenerateError')) return new BadInputError(err.message);
    return err;
  };
  /** A refused call is bad input (the module reached for the real world), not a crash. */
  const checked = (run: UserRun): UserRun => {
    const refusal = run.crash ? asRefusal(module, run.crash.thrown) : null;
    if (refusal) throw refusal;
    return run;
  };
  const judged = async (sched: { text: string; file: string } | undefined): Promise<UserRun> => {
    try {
      return checked(await runJudged(instantiate, hazard, optionsOf(sched, 'protocol')));
    } catch (err) {
      throw asBadInput(err);
    }
  };
  /** For the shrinker: a candidate schedule's run, which a crash does not count as showing the violation. */
  const once = (sched: { text: string; file: string } | undefined): RunOutcome | null => {
    try {
      return checked(runUserHazard(instantiate, hazard, optionsOf(sched, 'none'))).outcome;
    } catch (err) {
      throw asBadInput(err);
    }
  };

  say(`lockstep run --system ${args.system} system=${system.name} hazard=${hazard.record.name} seed=${seed}`);
  const started = performance.now();
  let run = await judged(schedule);
  if (run.crash) return reportCrash(args, run.crash, repro);
  let outcome = run.outcome;
  let shrunk: { schedule: Schedule; file: string; before: number } | undefined;
  if (args.shrink) {
    if (outcome.valid !== false) throw new BadInputError(`${hazard.record.name} seed ${seed} finds no violation on ${system.name}: nothing to shrink`);
    const kind = outcome.violations[0]!.kind;
    const before = schedule ? JSON.parse(schedule.text) as Schedule : scheduleOfSeed(system, hazard, seed);
    const asFile = (s: Schedule) => ({ text: scheduleToJson(s), file: 'candidate schedule' });
    const stillFails = (candidate: Schedule): boolean => once(asFile(candidate))?.violations.some((v) => v.kind === kind) ?? false;
    if (!stillFails(before)) {
      process.stderr.write(`lockstep: the schedule of seed ${seed}, replayed as a file, no longer shows ${kind}: a replay bug, please report it\n`);
      return EXIT.crash;
    }
    const minimal = minimiseSchedule(before, stillFails, { maxRuns: SHRINK_RUNS }).schedule;
    mkdirSync(out, { recursive: true });
    const file = join(out, 'schedule.json');
    writeFileSync(file, scheduleToJson(minimal));
    shrunk = { schedule: minimal, file, before: before.faults.length };
    run = await judged({ text: scheduleToJson(minimal), file });
    if (run.crash) return reportCrash(args, run.crash, repro);
    outcome = run.outcome;
  }
  const wallMs = performance.now() - started;
  for (const [k, v] of Object.entries(outcome.params)) say(`  ${k} = ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
  const result = resultDocOf(outcome, {
    scenario: hazard.record.name,
    design: system.name,
    seed,
    wallMs: Math.round(wallMs),
    repro: shrunk ? `${systemRepro(args.system, system.name, hazard.record.name, seed, multiple)} --schedule ${shrunk.file}` : repro,
    expectation: 'a user system: judged, not expected',
  });
  writeRunFolder(out, result, outcome, renderRun);
  if (args.json) {
    process.stdout.write(JSON.stringify({ ...result, out, ...(shrunk ? { shrunk: { faultsBefore: shrunk.before, faultsAfter: shrunk.schedule.faults.length, schedule: shrunk.file } } : {}) }) + '\n');
  } else {
    say(outcome.valid === true ? 'VALID: no violation found' : outcome.valid === false ? `INVALID: ${outcome.violations.length} violation(s)` : 'UNKNOWN: a checker could not decide');
    for (const v of outcome.violations) say(`  [${v.kind}] ${v.explanation}`);
    if (shrunk) say(`shrunk: ${shrunk.before} faults -> ${shrunk.schedule.faults.length} (${shrunk.file})`);
    say(`trace hash ${outcome.traceHash}  (${(outcome.simTimeNs / 1e9).toFixed(1)} s simulated in ${(wallMs / 1000).toFixed(2)} s)`);
    say(`run folder: ${out} (report: ${join(out, 'report.html')})`);
    say(`reproduce: ${result.repro}`);
  }
  return exitCodeFor(outcome.valid);
}

/** The system's own code failed: one line saying what, where and when, and exit 1 (a finding). */
function reportCrash(args: SystemRunArgs, crash: SystemCrash, repro: string): number {
  const { thrown: _thrown, ...plain } = crash;
  if (args.json) process.stdout.write(JSON.stringify({ valid: false, crashed: plain, repro }) + '\n');
  else {
    process.stdout.write(`CRASHED: ${describeCrash(crash)}\n`);
    process.stdout.write(`reproduce: ${repro}\n`);
  }
  return EXIT.invalid;
}
