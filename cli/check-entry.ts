/**
 * `lockstep check` starts here (bin/lockstep.js sends it here when the first argument is `check`):
 * a command line with only the check command, which `npm run build` bundles with the checker and
 * the history readers into one file (dist/check.mjs), so that checking a small file costs Node's
 * start-up and little more: no module resolution over dozens of files, no simulator, no
 * catalogue. Flags, errors and exit codes are those of the full command line (main.ts).
 */
import { Command } from 'commander';
import { addCheckCommand } from './check-command.js';
import { EXIT } from './errors.js';
import { refuseRepeatedOptions } from './options.js';
import { quietOnClosedStdout } from './output.js';
import { runProgram } from './run-program.js';

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
  return runProgram(program, argv, () => code);
}

quietOnClosedStdout();
process.exitCode = await checkMain(process.argv.slice(2));
