/**
 * `lockstep sweep --system ./my-lock.ts --hazards all --seeds 1..100 [--name s,...] [--out dir]`:
 * every catalogue hazard whose needs the system meets, over the seeds, against each system the
 * module exports. Writes `scorecard.json` and `scorecard.html`; prints one line per hazard. Exit 0
 * when no hazard caught the system, 1 when one did, 2 when only unknowns remain; 254 for a module
 * that does not load, exports no system, breaks the contract, or reaches for the real world.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderScorecard } from '../../reports/scorecard/render.js';
import { BadInputError, EXIT } from '../errors.js';
import { parseSeedRange } from '../parse.js';
import { loadSystemModule } from '../system/load.js';
import { scoreLine, sweepSystems } from '../system/scorecard.js';

export interface SystemSweepArgs {
  system: string;
  hazards?: string;
  seeds?: string;
  name?: string;
  out?: string;
  json?: boolean;
}

export function systemSweepCommand(args: SystemSweepArgs): number {
  if (args.seeds === undefined) throw new BadInputError('sweep needs --seeds <a..b>');
  const seeds = parseSeedRange(args.seeds);
  const hazards = (args.hazards ?? 'all').split(',').map((h) => h.trim()).filter((h) => h.length > 0);
  const names = args.name?.split(',').map((n) => n.trim()).filter((n) => n.length > 0);
  const module = loadSystemModule(args.system);
  const out = args.out ?? 'out';
  const card = sweepSystems(module, {
    seeds,
    hazards,
    ...(names ? { systems: names } : {}),
    progress: (system, score) => {
      if (!args.json) process.stdout.write(scoreLine(system, score) + '\n');
    },
  });
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'scorecard.json'), JSON.stringify(card, null, 2) + '\n');
  writeFileSync(join(out, 'scorecard.html'), renderScorecard(card));
  if (args.json) process.stdout.write(JSON.stringify(card) + '\n');
  else process.stdout.write(`scorecard: ${join(out, 'scorecard.html')} (${join(out, 'scorecard.json')})\n`);
  const verdicts = card.systems.flatMap((s) => s.hazards.map((h) => h.verdict));
  if (verdicts.includes('caught') || verdicts.includes('error')) return EXIT.invalid;
  if (verdicts.includes('unknown')) return EXIT.unknown;
  return EXIT.valid;
}
