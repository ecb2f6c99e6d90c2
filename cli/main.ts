/**
 * The `lockstep` command. Exit codes follow the contract in docs/architecture.md:
 * 0 valid, 1 invalid, 2 unknown, 254 bad arguments or input (one line, no stack trace), 255 crash.
 */
import { Command } from 'commander';
import { addCheckCommand } from './check-command.js';
import { BadInputError, EXIT } from './errors.js';
import { DEFAULT_MAX_RUNS, DEFAULT_MAX_SHRINK_SECONDS, DEFAULT_PORT, MAX_RUNS, SCHEDULE_HELP, SHARD_HELP } from './limits.js';
import { quietOnClosedStdout } from './output.js';
import { refuseRepeatedOptions } from './options.js';
import { runProgram } from './run-program.js';
import { lockstepVersion } from './version.js';

// Each command's module is loaded when the command runs, so that `check` never loads the
// simulator, the catalogue or the reports.

/** The options among `keys` that were given a value (an absent one is left out, not undefined). */
function stringOptions(opts: Record<string, string | boolean | undefined>, ...keys: string[]): Record<string, string> {
  return Object.fromEntries(keys.flatMap((k) => (typeof opts[k] === 'string' ? [[k, opts[k]]] : [])));
}

function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command();
  program
    .name('lockstep')
    .description('Deterministic simulator and Jepsen-style safety harness for distributed lock services')
    .version(lockstepVersion(), '-V, --version', 'print the version')
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({
      // Commander's own errors become our one-line bad-input errors.
      writeErr: (text) => {
        if (!text.startsWith('error:')) process.stderr.write(text);
      },
    });

  program
    .command('list')
    .description('scenarios, their designs and expectations')
    .option('--json', 'print one JSON document')
    .option('--markdown', 'print the hazard catalogue as docs/hazards.md holds it')
    .action(async (opts: { json?: boolean; markdown?: boolean }) => {
      if (opts.markdown) {
        const { hazardsMarkdown } = await import('../scenarios/catalogue/markdown.js');
        process.stdout.write(hazardsMarkdown());
      } else {
        const { listScenarios } = await import('./commands/list.js');
        listScenarios(Boolean(opts.json));
      }
      setExit(EXIT.valid);
    });

  program
    .command('run')
    .description('run one scenario on one seed and write its run folder')
    .argument('[scenario]', 'scenario name (see lockstep list); omit with --system')
    .option('--seed <n>', 'the run seed (required)')
    .option('--system <module>', "a user's system module (.js or .ts) to run a catalogue hazard against")
    .option('--hazard <name>', 'with --system: the catalogue hazard')
    .option('--name <system>', 'with --system: which system of the module')
    .option('--shrink', 'with --system: cut the failing seed\'s fault schedule down to the fewest faults')
    .option('--design <name>', 'safe, unsafe, or a named design', 'safe')
    .option('--out <dir>', 'run folder (default: a new store/<scenario>/<timestamp>/)')
    .option('--schedule <file>', 'a fault schedule (JSON) to run instead of the seed\'s random one')
    .option('--save-schedule <file>', 'write the schedule the run followed (the seed\'s random one) as an editable file')
    .option('--check-determinism', 'run twice and compare the trace hashes')
    .option('--json', 'print one JSON document')
    .addHelpText('after', SCHEDULE_HELP)
    .action(async (scenario: string | undefined, opts: Record<string, string | boolean | undefined>) => {
      if (opts.system !== undefined) {
        const { systemRunCommand } = await import('./commands/system-run.js');
        setExit(await systemRunCommand({ system: opts.system as string, ...stringOptions(opts, 'name', 'hazard', 'seed', 'schedule', 'out'), shrink: Boolean(opts.shrink), json: Boolean(opts.json) }));
        return;
      }
      if (scenario === undefined) throw new BadInputError('run needs a scenario (see lockstep list) or --system <module>');
      const { runCommand } = await import('./commands/run.js');
      setExit(
        runCommand({
          scenario,
          seed: opts.seed as string | undefined,
          design: opts.design as string | undefined,
          out: opts.out as string | undefined,
          schedule: opts.schedule as string | undefined,
          saveSchedule: opts.saveSchedule as string | undefined,
          checkDeterminism: Boolean(opts.checkDeterminism),
          json: Boolean(opts.json),
        }),
      );
    });

  program
    .command('sweep')
    .description('run many seeds over scenarios on worker threads; writes index.html and summary.json')
    .argument('[scenarios...]', 'scenario names (or --all)')
    .option('--all', 'every supported scenario')
    .option('--seeds <a..b>', `the seed range, inclusive (required; at most ${MAX_RUNS} runs of seeds × designs per sweep)`)
    .option('--designs <list>', 'only these designs (comma-separated names, or safe/unsafe)')
    .option('--jobs <n>', 'worker threads (default: the number of cores)')
    .option('--shard <i/n|auto>', 'run only shard i of n (a block of the seeds); auto reads CI variables (see below)')
    .option('--out <dir>', 'output folder (default: a new store/<name>/<timestamp>/)')
    .option('--check-determinism', 'run every seed twice (the second time in a fresh world, in reverse order) and compare trace hashes; a mismatch fails the sweep')
    .option('--json', 'print one JSON document')
    .option('--system <module>', "a user's system module (.js or .ts): writes scorecard.html and scorecard.json")
    .option('--hazards <list>', 'with --system: hazard names, comma-separated, or all', 'all')
    .option('--name <list>', 'with --system: only these systems of the module')
    .addHelpText('after', SHARD_HELP)
    .action(async (scenarios: string[], opts: Record<string, string | boolean | undefined>) => {
      if (opts.system !== undefined) {
        const { systemSweepCommand } = await import('./commands/system-sweep.js');
        setExit(await systemSweepCommand({ system: opts.system as string, ...stringOptions(opts, 'hazards', 'seeds', 'name', 'jobs', 'out'), json: Boolean(opts.json) }));
        return;
      }
      const { sweepCommand } = await import('./commands/sweep.js');
      setExit(
        await sweepCommand({
          scenarios,
          all: Boolean(opts.all),
          seeds: opts.seeds as string | undefined,
          designs: opts.designs as string | undefined,
          jobs: opts.jobs as string | undefined,
          shard: opts.shard as string | undefined,
          out: opts.out as string | undefined,
          checkDeterminism: Boolean(opts.checkDeterminism),
          json: Boolean(opts.json),
        }),
      );
    });

  addCheckCommand(program, setExit);

  program
    .command('report')
    .description('render report.html again from a run folder (or index.html from a sweep folder)')
    .argument('<run-dir>', 'a run folder (with result.json) or a sweep folder (with summary.json)')
    .action(async (dir: string) => {
      const { reportCommand } = await import('./commands/report.js');
      setExit(reportCommand(dir));
    });

  program
    .command('merge')
    .description('merge the summary.json files of sweep shards into one summary and sweep report')
    .argument('<summaries...>', 'summary.json files')
    .option('--out <dir>', 'output folder (default: a new store/<name>/<timestamp>/)')
    .option('--json', 'print one JSON document')
    .action(async (files: string[], opts: { out?: string; json?: boolean }) => {
      const { mergeCommand } = await import('./commands/merge.js');
      setExit(mergeCommand(files, opts.out, Boolean(opts.json)));
    });

  program
    .command('shrink')
    .description('make a failing run\'s fault schedule as small as it goes while the same violation kind appears')
    .argument('<scenario>', 'scenario name (see lockstep list)')
    .option('--seed <n>', 'the failing seed (required)')
    .option('--design <name>', 'safe, unsafe, or a named design', 'safe')
    .option('--schedule <file>', 'shrink this schedule file instead of the seed\'s random schedule')
    .option('--max-runs <n>', 'the most runs to spend', String(DEFAULT_MAX_RUNS))
    .option('--max-seconds <s>', 'the most wall-clock seconds to spend', String(DEFAULT_MAX_SHRINK_SECONDS))
    .option('--out <dir>', 'folder for schedule.json and the run of it (default: a new store/<scenario>/<timestamp>/)')
    .option('--json', 'print one JSON document')
    .addHelpText('after', SCHEDULE_HELP)
    .action(async (scenario: string, opts: Record<string, string | boolean | undefined>) => {
      const { shrinkCommand } = await import('./commands/shrink.js');
      setExit(
        shrinkCommand({
          scenario,
          seed: opts.seed as string | undefined,
          design: opts.design as string | undefined,
          schedule: opts.schedule as string | undefined,
          maxRuns: opts.maxRuns as string | undefined,
          maxSeconds: opts.maxSeconds as string | undefined,
          out: opts.out as string | undefined,
          json: Boolean(opts.json),
        }),
      );
    });

  program
    .command('serve')
    .description('browse the results store (or a sweep or run folder) on http://127.0.0.1')
    .argument('[dir]', 'the folder to serve (default: store)')
    .option('--port <n>', `the port (default ${DEFAULT_PORT}, or a free one if it is taken; 0 picks a free one)`)
    .action(async (dir: string | undefined, opts: { port?: string }) => {
      const { serveCommand } = await import('./commands/serve.js');
      setExit(await serveCommand({ ...(dir !== undefined ? { dir } : {}), ...(opts.port !== undefined ? { port: opts.port } : {}) }));
    });

  // lockstep live: real servers (see docs/live.md). Loaded on use: the simulator never needs it.
  const live = program.command('live').description('run the workloads, nemesis and checkers against real etcd, ZooKeeper and Redis');
  live
    .command('list')
    .description('live targets, recipes, hazards, and whether their servers are installed')
    .option('--json', 'print one JSON document')
    .action(async (opts: { json?: boolean }) => {
      const m = await import('./commands/live.js');
      setExit(m.liveList(Boolean(opts.json)));
    });
  live
    .command('doctor')
    .description('what the live targets need that is missing, and the install command')
    .action(async () => {
      const m = await import('./commands/live.js');
      setExit(m.liveDoctor());
    });
  for (const name of ['run', 'sweep'] as const) {
    live
      .command(name)
      .description(name === 'run' ? 'one live run; writes the run folder' : 'live runs over a seed range (random schedules); writes summary.json and index.html')
      .argument('<target>', 'etcd, zookeeper, redlock or redis-sentinel')
      .option('--recipe <name>', 'the lock recipe (see lockstep live list)')
      .option('--hazard <name>', "the target's scripted story")
      .option('--schedule <file>', 'a fault schedule (the simulator\'s JSON format)')
      .option(name === 'run' ? '--seed <n>' : '--seeds <a..b>', name === 'run' ? 'the seed (workload and random schedule)' : 'the seed range, inclusive')
      .option('--duration <d>', 'fault phase of a random schedule (default 20s)')
      .option('--out <dir>', 'output folder')
      .option('--json', 'print one JSON document')
      .action(async (targetName: string, opts: Record<string, string | boolean | undefined>) => {
        const m = await import('./commands/live.js');
        const args = { ...(opts as Record<string, string | undefined>), target: targetName, json: Boolean(opts.json) };
        setExit(name === 'run' ? await m.liveRunCommand(args) : await m.liveSweepCommand(args));
      });
  }
  refuseRepeatedOptions(program);
  return program;
}


export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.valid;
  const program = buildProgram((c) => {
    code = c;
  });
  return runProgram(program, argv, () => code);
}

quietOnClosedStdout();

const code = await main(process.argv.slice(2));
process.exitCode = code;
