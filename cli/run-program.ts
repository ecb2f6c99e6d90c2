/**
 * Runs a parsed command line and turns every way it can end into an exit code: commander's own
 * errors and bad input are one line and 254, anything else an internal error (255). With --json a
 * failure is also a JSON document on stdout, so a script reading stdout sees it. Shared by the full
 * command line (main.ts) and the light `check` entry (check-entry.ts).
 */
import { CommanderError, type Command } from 'commander';
import { BadInputError, EXIT } from './errors.js';
import { errorDocument, wantsJson } from './output.js';

export async function runProgram(program: Command, argv: string[], exitCode: () => number): Promise<number> {
  const fail = (exit: number, message: string): number => {
    process.stderr.write(`lockstep: ${message}\n`);
    if (wantsJson(argv)) process.stdout.write(errorDocument(exit, message.split('\n')[0] ?? message) + '\n');
    return exit;
  };
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode();
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
