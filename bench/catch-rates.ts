/**
 * `node dist/bench/catch-rates.js <summary.json>...`: the power table of one or more sweeps (their
 * summaries, or a merged one): per unsafe design, on how many seeds it was caught, the first
 * catching seed and the kinds; per safe design, the seeds it ran and every seed that was not
 * clean. Summaries of the same design over different seed blocks are added up.
 */
import { readFileSync } from 'node:fs';
import type { SweepRow, SweepSummary } from '../cli/sweep/types.js';

interface Tally {
  scenario: string;
  design: string;
  kind: SweepRow['designKind'];
  seeds: number;
  caught: number;
  firstCatch: number | null;
  kinds: Set<string>;
  notClean: number[];
  ranges: string[];
}

const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write('usage: catch-rates <summary.json>...\n');
  process.exit(254);
}
const tallies = new Map<string, Tally>();
for (const file of files) {
  let summary: SweepSummary;
  try {
    summary = JSON.parse(readFileSync(file, 'utf8')) as SweepSummary;
  } catch (e) {
    process.stderr.write(`catch-rates: cannot read ${file}: ${(e as Error).message.split('\n')[0]}\n`);
    process.exit(254);
  }
  for (const row of summary.rows) {
    const key = `${row.scenario}\u0000${row.design}`;
    const t = tallies.get(key) ?? { scenario: row.scenario, design: row.design, kind: row.designKind, seeds: 0, caught: 0, firstCatch: null, kinds: new Set<string>(), notClean: [], ranges: [] };
    t.seeds += row.seedsRun;
    t.caught += row.seedsWithViolations;
    if (row.firstCatch !== null && (t.firstCatch === null || row.firstCatch < t.firstCatch)) t.firstCatch = row.firstCatch;
    for (const k of Object.keys(row.violationsByKind)) t.kinds.add(k);
    for (const f of row.failing) if (row.designKind === 'safe') t.notClean.push(f.seed);
    t.ranges.push(summary.seeds);
    tallies.set(key, t);
  }
}
const rows = [...tallies.values()];
const pct = (a: number, b: number): string => (b === 0 ? '-' : `${((100 * a) / b).toFixed(0)}%`);
const out: string[] = ['| scenario | design | kind | seeds | caught | rate | first | kinds |', '| --- | --- | --- | --- | --- | --- | --- | --- |'];
for (const t of rows) {
  const kinds = [...t.kinds].sort().join(', ');
  if (t.kind === 'unsafe') out.push(`| ${t.scenario} | ${t.design} | unsafe | ${t.seeds} | ${t.caught} | ${pct(t.caught, t.seeds)} | ${t.firstCatch ?? 'never'} | ${kinds} |`);
  else out.push(`| ${t.scenario} | ${t.design} | safe | ${t.seeds} | ${t.notClean.length === 0 ? 'clean' : `not clean: ${t.notClean.sort((a, b) => a - b).join(' ')}`} | | | ${kinds} |`);
}
const unsafe = rows.filter((t) => t.kind === 'unsafe');
const rates = unsafe.map((t) => t.caught / Math.max(1, t.seeds)).sort((a, b) => a - b);
const safe = rows.filter((t) => t.kind === 'safe');
out.push('');
out.push(`unsafe designs: ${unsafe.length}, caught on some seed: ${unsafe.filter((t) => t.caught > 0).length}; lowest rates: ${rates.slice(0, 3).map((r) => `${(100 * r).toFixed(0)}%`).join(', ')}`);
out.push(`safe designs: ${safe.length}, clean on every seed: ${safe.filter((t) => t.notClean.length === 0).length}`);
process.stdout.write(`${out.join('\n')}\n`);
