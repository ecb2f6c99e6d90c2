/**
 * The `check` command's flags, defined once: the full command line (main.ts) and the light entry
 * that `lockstep check` starts through (check-entry.ts) both add it with `addCheckCommand`.
 */
import type { Command } from 'commander';

export function addCheckCommand(program: Command, setExit: (code: number) => void): void {
  program
    .command('check')
    .description('check a history file: linearizability against a model, or lock safety with --checker locks')
    .argument('<history>', 'the history file (lockstep history.jsonl, or Jepsen/Knossos/Porcupine EDN)')
    .option('--model <m>', 'register, cas-register, multi-register, kv, mutex, owner-free-mutex, fenced-mutex, ttl-lock, set, unordered-queue, fifo-queue or counter')
    .option('--checker <c>', 'lin (linearizability against --model) or locks (mutual exclusion, fencing, lost updates)', 'lin')
    .option('--format <f>', 'jsonl or edn (default: from the file name, else the text)')
    .option('--initial <edn>', 'the initial value (registers, kv keys, counter) or map (multi-register), as EDN; default nil (0 for counter)')
    .option('--nil-read <any|value>', 'an ok read of nil: any (saw nothing in particular, as Knossos; default for EDN) or value (the register held nil; default for JSONL)')
    .option('--f <list>', 'only ops with these functions (comma-separated)')
    .option('--key <list>', 'only ops on these keys (comma-separated)')
    .option('--all', 'judge every part (key) even after one is not linearizable')
    .option('--no-explain', 'skip the explanation of a failure')
    .option('--time-limit <s>', 'give up with "unknown" (exit 2) after this many seconds')
    .option('--memory <bytes>', 'memory the search may use, e.g. 512M or 2G (default: a quarter of the machine\'s)')
    .option('--max-steps <n>', 'search steps before "unknown" (default 200 million)')
    .option('--independent', 'EDN values are jepsen.independent [key value] tuples: check each key on its own')
    .option('--leases', 'with --checker locks: a held lock may expire at any moment (a lease)')
    .option('--json', 'print one JSON document')
    .action(async (file: string, opts: Record<string, string | boolean | undefined>) => {
      const { checkCommand } = await import('./commands/check.js');
      setExit(
        await checkCommand({
          file,
          checker: opts.checker as string | undefined,
          model: opts.model as string | undefined,
          format: opts.format as string | undefined,
          initial: opts.initial as string | undefined,
          nilRead: opts.nilRead as string | undefined,
          f: opts.f as string | undefined,
          key: opts.key as string | undefined,
          all: Boolean(opts.all),
          explain: opts.explain !== false,
          timeLimit: opts.timeLimit as string | undefined,
          memory: opts.memory as string | undefined,
          maxSteps: opts.maxSteps as string | undefined,
          independent: Boolean(opts.independent),
          leases: Boolean(opts.leases),
          json: Boolean(opts.json),
        }),
      );
    });
}
