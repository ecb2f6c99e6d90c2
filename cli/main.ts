/**
 * The `lockstep` command. Exit codes follow the contract in shared/design/architecture.md:
 * 0 valid, 1 invalid, 2 unknown, 254 bad arguments or input (one line, no stack trace), 255 crash.
 */
import { Command, CommanderError } from 'commander';
import { checkCommand } from './commands/check.js';
import { listScenarios } from './commands/list.js';
import { reportCommand } from './commands/report.js';
import { runCommand } from './commands/run.js';
import { mergeCommand, sweepCommand } from './commands/sweep.js';
import { systemRunCommand } from './commands/system-run.js';
import { systemSweepCommand } from './commands/system-sweep.js';
import { BadInputError, EXIT } from './errors.js';

function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command();
  program
    .name('lockstep')
    .description('Deterministic simulator and Jepsen-style safety harness for distributed lock services')
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
    .argument('[scenario]', 'scenario name (see lockstep list); omit with --system')
    .option('--seed <n>', 'the run seed (required)')
    .option('--system <module>', "a user's system module (.js or .ts) to run a catalogue hazard against")
    .option('--hazard <name>', 'with --system: the catalogue hazard')
    .option('--name <system>', 'with --system: which system of the module')
    .option('--shrink', 'with --system: cut the failing seed\'s fault schedule down to the fewest faults')
    .option('--design <name>', 'safe, unsafe, or a named design', 'safe')
    .option('--out <dir>', 'run folder (default out/<scenario>/<design>/<seed>)')
    .option('--schedule <file>', 'a fault schedule (JSON) to run instead of the seed\'s random one')
    .option('--check-determinism', 'run twice and compare the trace hashes')
    .option('--json', 'print one JSON document')
    .action((scenario: string | undefined, opts: Record<string, string | boolean | undefined>) => {
      if (opts.system !== undefined) {
        const str = (k: string): Record<string, string> => (typeof opts[k] === 'string' ? { [k]: opts[k] as string } : {});
        setExit(systemRunCommand({ system: opts.system as string, ...str('name'), ...str('hazard'), ...str('seed'), ...str('schedule'), ...str('out'), shrink: Boolean(opts.shrink), json: Boolean(opts.json) }));
        return;
      }
      if (scenario === undefined) throw new BadInputError('run needs a scenario (see lockstep list) or --system <module>');
      setExit(
        runCommand({
          scenario,
          seed: opts.seed as string | undefined,
          design: opts.design as string | undefined,
          out: opts.out as string | undefined,
          schedule: opts.schedule as string | undefined,
          checkDeterminism: Boolean(opts.checkDeterminism),
          json: Boolean(opts.json),
        }),
      );
    });

  program
    .command('sweep')
    .description('run many seeds over scenarios on worker threads; writes out/index.html and out/summary.json')
    .argument('[scenarios...]', 'scenario names (or --all)')
    .option('--all', 'every supported scenario')
    .option('--seeds <a..b>', 'the seed range, inclusive (required)')
    .option('--designs <list>', 'only these designs (comma-separated names, or safe/unsafe)')
    .option('--jobs <n>', 'worker threads (default: the number of cores)')
    .option('--shard <i/n>', 'run only shard i of n of the seed range (merge the summaries with lockstep merge)')
    .option('--out <dir>', 'output folder', 'out')
    .option('--json', 'print one JSON document')
    .option('--system <module>', "a user's system module (.js or .ts): writes scorecard.html and scorecard.json")
    .option('--hazards <list>', 'with --system: hazard names, comma-separated, or all', 'all')
    .option('--name <list>', 'with --system: only these systems of the module')
    .action(async (scenarios: string[], opts: Record<string, string | boolean | undefined>) => {
      if (opts.system !== undefined) {
        const str = (k: string): Record<string, string> => (typeof opts[k] === 'string' ? { [k]: opts[k] as string } : {});
        setExit(systemSweepCommand({ system: opts.system as string, ...str('hazards'), ...str('seeds'), ...str('name'), ...str('out'), json: Boolean(opts.json) }));
        return;
      }
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
    .option('--out <dir>', 'output folder', 'out')
    .option('--json', 'print one JSON document')
    .action((files: string[], opts: { out?: string; json?: boolean }) => {
      setExit(mergeCommand(files, opts.out, Boolean(opts.json)));
    });
  return program;
}

export async function main(argv: string[]): Promise<number> {
  let code: number = EXIT.valid;
  const program = buildProgram((c) => {
    code = c;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.valid;
      process.stderr.write(`lockstep: ${err.message.replace(/^error: /, '')}\n`);
      return EXIT.badInput;
    }
    if (err instanceof BadInputError) {
      process.stderr.write(`lockstep: ${err.message}\n`);
      return EXIT.badInput;
    }
    const e = err as Error;
    process.stderr.write(`lockstep: internal error: ${e?.stack ?? String(err)}\n`);
    return EXIT.crash;
  }
}

const code = await main(process.argv.slice(2));
process.exitCode = code;
