/**
 * The `lockstep` command. Exit codes follow the contract in shared/design/architecture.md:
 * 0 valid, 1 invalid, 2 unknown, 254 bad arguments or input (one line, no stack trace), 255 crash.
 */
import { Command, CommanderError } from 'commander';
import { checkCommand } from './commands/check.js';
import { listScenarios } from './commands/list.js';
import { reportCommand } from './commands/report.js';
import { runCommand } from './commands/run.js';
import { mergeCommand } from './commands/merge.js';
import { serveCommand } from './commands/serve.js';
import { shrinkCommand } from './commands/shrink.js';
import { sweepCommand } from './commands/sweep.js';
import { BadInputError, EXIT } from './errors.js';
import { DEFAULT_MAX_RUNS, DEFAULT_PORT, MAX_RUNS, SCHEDULE_HELP, SHARD_HELP } from './limits.js';
import { errorDocument, quietOnClosedStdout, wantsJson } from './output.js';
import { refuseRepeatedOptions } from './options.js';
import { lockstepVersion } from './version.js';

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
    .action((opts: { json?: boolean }) => {
      listScenarios(Boolean(opts.json));
      setExit(EXIT.valid);
    });

  program
    .command('run')
    .description('run one scenario on one seed and write its run folder')
    .argument('<scenario>', 'scenario name (see lockstep list)')
    .option('--seed <n>', 'the run seed (required)')
    .option('--design <name>', 'safe, unsafe, or a named design', 'safe')
    .option('--out <dir>', 'run folder (default: a new store/<scenario>/<timestamp>/)')
    .option('--schedule <file>', 'a fault schedule (JSON) to run instead of the seed\'s random one')
    .option('--save-schedule <file>', 'write the schedule the run followed (the seed\'s random one) as an editable file')
    .option('--check-determinism', 'run twice and compare the trace hashes')
    .option('--json', 'print one JSON document')
    .addHelpText('after', SCHEDULE_HELP)
    .action((scenario: string, opts: Record<string, string | boolean | undefined>) => {
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
    .option('--json', 'print one JSON document')
    .addHelpText('after', SHARD_HELP)
    .action(async (scenarios: string[], opts: Record<string, string | boolean | undefined>) => {
      setExit(
        await sweepCommand({
          scenarios,
          all: Boolean(opts.all),
          seeds: opts.seeds as string | undefined,
          designs: opts.designs as string | undefined,
          jobs: opts.jobs as string | undefined,
          shard: opts.shard as string | undefined,
          out: opts.out as string | undefined,
          json: Boolean(opts.json),
        }),
      );
    });

  program
    .command('check')
    .description('check a history file for linearizability (lockstep history.jsonl or Jepsen history.edn)')
    .argument('<history>', 'the history file')
    .option('--model <m>', 'register, cas-register, kv, mutex, fenced-mutex or ttl-lock (required)')
    .option('--format <f>', 'jsonl or edn (default: from the file name, else the text)')
    .option('--time-limit <s>', 'give up with "unknown" (exit 2) after this many seconds')
    .option('--independent', 'EDN values are jepsen.independent [key value] tuples: check each key on its own')
    .option('--untimed', 'EDN ops without :time are ordered by position (as Knossos test data)')
    .option('--json', 'print one JSON document')
    .action((file: string, opts: { model?: string; format?: string; timeLimit?: string; independent?: boolean; untimed?: boolean; json?: boolean }) => {
      setExit(
        checkCommand({
          file,
          model: opts.model,
          format: opts.format,
          timeLimit: opts.timeLimit,
          independent: Boolean(opts.independent),
          missingTimeByPosition: Boolean(opts.untimed),
          json: Boolean(opts.json),
        }),
      );
    });

  program
    .command('report')
    .description('render report.html again from a run folder (or index.html from a sweep folder)')
    .argument('<run-dir>', 'a run folder (with result.json) or a sweep folder (with summary.json)')
    .action((dir: string) => {
      setExit(reportCommand(dir));
    });

  program
    .command('merge')
    .description('merge the summary.json files of sweep shards into one summary and sweep report')
    .argument('<summaries...>', 'summary.json files')
    .option('--out <dir>', 'output folder (default: a new store/<name>/<timestamp>/)')
    .option('--json', 'print one JSON document')
    .action((files: string[], opts: { out?: string; json?: boolean }) => {
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
    .option('--out <dir>', 'folder for schedule.json and the run of it (default: a new store/<scenario>/<timestamp>/)')
    .option('--json', 'print one JSON document')
    .addHelpText('after', SCHEDULE_HELP)
    .action((scenario: string, opts: Record<string, string | boolean | undefined>) => {
      setExit(
        shrinkCommand({
          scenario,
          seed: opts.seed as string | undefined,
          design: opts.design as string | undefined,
          schedule: opts.schedule as string | undefined,
          maxRuns: opts.maxRuns as string | undefined,
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
      setExit(await serveCommand({ ...(dir !== undefined ? { dir } : {}), ...(opts.port !== undefined ? { port: opts.port } : {}) }));
    });
  refuseRepeatedOptions(program);
  return program;
}


export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.valid;
  const program = buildProgram((c) => {
    code = c;
  });
  // With --json, a failure is also a JSON document on stdout, so a script reading stdout sees it.
  const fail = (exit: number, message: string): number => {
    process.stderr.write(`lockstep: ${message}\n`);
    if (wantsJson(argv)) process.stdout.write(errorDocument(exit, message.split('\n')[0] ?? message) + '\n');
    return exit;
  };
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.valid;
      return fail(EXIT.badInput, err.message.replace(/^error: /, ''));
    }
    if (err instanceof BadInputError) return fail(EXIT.badInput, err.message);
    const e = err as Error;
    return fail(EXIT.crash, `internal error: ${e?.stack ?? String(err)}`);
  }
}

quietOnClosedStdout();

const code = await main(process.argv.slice(2));
process.exitCode = code;
