/**
 * `lockstep sweep --system ./my-lock.ts --hazards all --seeds 1..100 [--name s,...] [--jobs n]
 * [--out dir]`: every catalogue hazard whose needs the system meets, over the seeds, against each
 * system the module exports, on the built-in sweep's worker pool (piscina, `--jobs` threads).
 * Writes `scorecard.json` and `scorecard.html` to a new `store/<system>/<timestamp>/` (with the
 * `latest` links), or to `--out`; prints one line per hazard. Exit 0 when no hazard caught the
 * system, 1 when one did or its code crashed, 2 when only unknowns remain; 254 for a module that
 * does not load, exports no system, breaks the contract, or reaches for the real world.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { renderScorecard } from '../../reports/scorecard/render.js';
import { BadInputError, EXIT } from '../errors.js';
import { parsePositiveInt, parseSeedRange } from '../parse.js';
import { newStoreFolder, refuseFileAsFolder, storeNameFor } from '../store.js';
import { loadSystemModule } from '../system/load.js';
import { scoreLine, selectSystems, sweepSystems } from '../system/scorecard.js';
import type { SeedResult, SeedTask } from '../system/seed-run.js';

export interface SystemSweepArgs {
  system: string;
  hazards?: string;
  seeds?: string;
  name?: string;
  jobs?: string;
  out?: string;
  json?: boolean;
}

export async function systemSweepCommand(args: SystemSweepArgs): Promise<number> {
  if (args.seeds === undefined) throw new BadInputError('sweep needs --seeds <a..b>');
  const seeds = parseSeedRange(args.seeds);
  const jobs = args.jobs !== undefined ? parsePositiveInt('--jobs', args.jobs) : availableParallelism();
  const hazards = (args.hazards ?? 'all').split(',').map((h) => h.trim()).filter((h) => h.length > 0);
  const names = args.name?.split(',').map((n) => n.trim()).filter((n) => n.length > 0);
  if (args.out !== undefined) refuseFileAsFolder(args.out);
  const module = loadSystemModule(args.system);
  const chosen = selectSystems(module, names);
  const out = args.out ?? newStoreFolder(storeNameFor(chosen.map((s) => s.name), false));
  mkdirSync(out, { recursive: true });
  if (!args.json) process.stdout.write(`lockstep sweep --system ${args.system}: ${chosen.map((s) => s.name).join(', ')}, seeds ${seeds.from}..${seeds.to} on ${jobs} worker(s)\n`);

  const here = dirname(fileURLToPath(import.meta.url));
  const pool = jobs === 1 ? null : new Piscina({ filename: join(here, '..', 'system', 'worker.js'), maxThreads: jobs, minThreads: jobs, idleTimeout: 1000 });
  let card;
  try {
    card = await sweepSystems(module, {
      seeds,
      hazards,
      ...(names ? { systems: names } : {}),
      ...(pool ? { runSeed: (task: SeedTask) => pool.run(task) as Promise<SeedResult>, parallel: jobs } : {}),
      progress: (system, score) => {
        if (!args.json) process.stdout.write(scoreLine(system, score) + '\n');
      },
      // Hazards are decided near the end (seeds go out lowest first across all of them): say how far it got.
      seedDone: (done, total, result) => {
        if (args.json || (done % Math.max(1, Math.floor(total / 20)) !== 0 && done !== total)) return;
        const last = result ? ` (${result.system} ${result.hazard} seed ${result.seed}: ${result.verdict})` : '';
        process.stdout.write(`  ${done}/${total} seeds${last}\n`);
      },
    });
  } finally {
    await pool?.destroy();
  }
  writeFileSync(join(out, 'scorecard.json'), JSON.stringify({ ...card, jobs }, null, 2) + '\n');
  writeFileSync(join(out, 'scorecard.html'), renderScorecard(card));
  if (args.json) process.stdout.write(JSON.stringify({ ...card, jobs, out }) + '\n');
  else process.stdout.write(`scorecard: ${join(out, 'scorecard.html')} (${join(out, 'scorecard.json')}), ${(card.wallMs / 1000).toFixed(1)} s\n`);
  const verdicts = card.systems.flatMap((s) => s.hazards.map((h) => h.verdict));
  if (verdicts.includes('caught') || verdicts.includes('crashed')) return EXIT.invalid;
  if (verdicts.includes('unknown')) return EXIT.unknown;
  return EXIT.valid;
}
