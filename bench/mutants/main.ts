/**
 * `npm run mutants`: the project measures its own power. Each planted bug of `mutants.ts` is
 * applied to a scratch copy of the built project and the safe designs of the general sweeps
 * (lock-chaos and raft-chaos) are run over a seed range; the table says which seed first caught
 * it, on what fraction of the seeds run it was caught, and with which violation kinds.
 *
 *   npm run mutants -- [--seeds 1..200] [--first] [--budget-s 300] [--only id,id] [--out file.json]
 *
 * `--first` stops each mutant at its first catch (the fraction is then over the seeds run);
 * `--budget-s` bounds each mutant's wall time (the row says how far it got). Run it niced: it is
 * long (two scenarios × the seed range × the mutants).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MUTANTS, type Mutant } from './mutants.js';
import { makeBase, makeScratch } from './scratch.js';
import type { SweepOneResult } from './sweep-one.js';
import { formatTable, type MutantRow } from './table.js';

function arg(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

function fail(message: string): never {
  process.stderr.write(`mutants: ${message}\n`);
  process.exit(254);
}

function runMutant(root: string, base: string, mutant: Mutant, sweepArgs: string[]): MutantRow {
  const scratch = makeScratch(root, base, mutant);
  const started = Date.now();
  try {
    const child = spawnSync(process.execPath, [join(scratch.dir, 'dist/bench/mutants/sweep-one.js'), ...sweepArgs], {
      cwd: scratch.dir,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const wallS = Math.round((Date.now() - started) / 1000);
    const line = child.stdout.trim().split('\n').pop() ?? '';
    if (child.status !== 0 || !line.startsWith('{')) {
      // The mutated project could not even load or run: a crash is a catch at the first seed.
      const why = (child.stderr || child.stdout || `exit ${child.status}`).trim().split('\n')[0] ?? '';
      return { mutant, result: null, wallS, error: why };
    }
    return { mutant, result: JSON.parse(line) as SweepOneResult, wallS };
  } finally {
    scratch.remove();
  }
}

function main(): void {
  const root = resolve(fileURLToPath(import.meta.url), '../../../..');
  const seeds = arg('seeds') ?? '1..200';
  const m = /^(\d+)\.\.(\d+)$/.exec(seeds);
  if (!m || Number(m[1]) < 1 || Number(m[2]) < Number(m[1])) fail(`bad seed range "${seeds}" (expected a..b with 1 <= a <= b)`);
  const only = arg('only')?.split(',');
  const unknown = only?.filter((id) => !MUTANTS.some((x) => x.id === id)) ?? [];
  if (unknown.length > 0) fail(`unknown mutant ${unknown.join(', ')}`);
  const chosen = only ? MUTANTS.filter((x) => only.includes(x.id)) : MUTANTS;
  const sweepArgs = ['--from', m[1]!, '--to', m[2]!];
  if (process.argv.includes('--first')) sweepArgs.push('--first');
  const budget = arg('budget-s');
  if (budget !== undefined) sweepArgs.push('--budget-s', budget);
  const scenarios = arg('scenarios');
  if (scenarios !== undefined) sweepArgs.push('--scenarios', scenarios);

  const base = makeBase(root);
  const rows: MutantRow[] = [];
  try {
    for (const mutant of chosen) {
      const row = runMutant(root, base, mutant, sweepArgs);
      rows.push(row);
      process.stderr.write(`${formatTable([row], false)}\n`);
    }
  } finally {
    spawnSync('rm', ['-rf', base]);
  }
  process.stdout.write(`${formatTable(rows, true)}\n`);
  const out = arg('out');
  if (out !== undefined) writeFileSync(out, JSON.stringify({ seeds, args: sweepArgs, rows: rows.map((r) => ({ id: r.mutant.id, area: r.mutant.area, wallS: r.wallS, error: r.error, ...r.result })) }, null, 2) + '\n');
}

main();
