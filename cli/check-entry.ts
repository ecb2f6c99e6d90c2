/**
 * `lockstep check` starts here (bin/lockstep.js sends it here when the first argument is `check`):
 * a command line with only the check command, which `npm run build` bundles with the checker and
 * the history readers into one file (dist/check.mjs), so that checking a small file costs Node's
 * start-up and little more: no module resolution over dozens of files, no simulator, no
 * catalogue. Flags, errors and exit codes are those of the full command line (main.ts).
 */
import { Command, CommanderError } from 'commander';
import { addCheckCommand } from './check-command.js';
import { BadInputError, EXIT } from './errors.js';
import { refuseRepeatedOptions } from './options.js';
import { errorDocument, quietOnClosedStdout, wantsJson } from './output.js';

export async function checkMain(argv: string[]): Promise<number> {
  let code: number = EXIT.valid;
  const program = new Command()
    .name('lockstep')
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({
      writeErr: (text) => {
        if (!text.startsWith('error:')) process.stderr.write(text);
      },
    });
  addCheckCommand(program, (c) => {
    code = c;
  });
  refuseRepeatedOptions(program);
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
process.exitCode = await checkMain(process.argv.slice(2));
