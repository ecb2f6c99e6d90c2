/** Rules every command's flags follow, applied once to the whole program. */
import type { Command } from 'commander';
import { BadInputError } from './errors.js';

/**
 * A flag given twice (`--seed 1 --seed 2`) is refused: commander would keep the last one in
 * silence, and a CI line edited by hand would then run something else than it says.
 */
export function refuseRepeatedOptions(program: Command): void {
  const walk = (cmd: Command): void => {
    for (const option of cmd.options) {
      if (option.isBoolean() || option.variadic) continue;
      let seen = false;
      cmd.on(`option:${option.name()}`, () => {
        if (seen) throw new BadInputError(`${option.long ?? option.flags} was given more than once; give it once`);
        seen = true;
      });
    }
    for (const sub of cmd.commands) walk(sub);
  };
  walk(program);
}
