/**
 * `node dist/bench/catch-rates.js <summary.json>...`: the power table of one or more sweeps (their
 * summaries, or a merged one): per unsafe design, on how many seeds it was caught, the first
 * catching seed and the kinds; per safe design, the seeds it ran and every seed that was not
 * clean. Summaries of different seed blocks are joined (each seed once) and judged again with the
 * sweep's own rules, as `lockstep merge` does.
 */
import { readFileSync } from 'node:fs';
import { summarise, type DesignExpectation } from '../cli/sweep/summarise.js';
import type { SweepResultLine, SweepRow, SweepSummary } from '../cli/sweep/types.js';

const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write('usage: catch-rates <summary.json>...\n');
  process.exit(254);
}
// The summaries' result lines, each seed once, judged again as one sweep (as `lockstep merge` does).
const expectations = new Map<string, DesignExpectation>();
const results = new Map<string, SweepResultLine>();
for (const file of files) {
  let summary: SweepSummary;
  try {
    summary = JSON.parse(readFileSync(file, 'utf8')) as SweepSummary;
  } catch (e) {
    process.stderr.write(`catch-rates: cannot read ${file}: ${(e as Error).message.split('\n')[0]}\n`);
    process.exit(254);
  }
  for (const r of summary.rows) expectations.set(`${r.scenario}/${r.design}`, { scenario: r.scenario, design: r.design, designKind: r.designKind, expectKinds: r.expectKinds });
  for (const line of summary.results) {
    const key = `${line.scenario}/${line.design}/${line.seed}`;
    if (!results.has(key)) results.set(key, line);
  }
}
const rows = summarise([...results.values()], [...expectations.values()]);
const pct = (a: number, b: number): string => (b === 0 ? '-' : `${((100 * a) / b).toFixed(0)}%`);
const kindsOf = (row: SweepRow): string => Object.keys(row.violationsByKind).sort().join(', ');
const notClean = (row: SweepRow): number[] => row.failing.map((f) => f.seed).sort((a, b) => a - b);
const out: string[] = ['| scenario | design | kind | seeds | caught | rate | first | kinds |', '| --- | --- | --- | --- | --- | --- | --- | --- |'];
for (const r of rows) {
  if (r.designKind === 'unsafe') out.push(`| ${r.scenario} | ${r.design} | unsafe | ${r.seedsRun} | ${r.seedsWithViolations} | ${pct(r.seedsWithViolations, r.seedsRun)} | ${r.firstCatch ?? 'never'} | ${kindsOf(r)} |`);
  else out.push(`| ${r.scenario} | ${r.design} | safe | ${r.seedsRun} | ${notClean(r).length === 0 ? 'clean' : `not clean: ${notClean(r).join(' ')}`} | | | ${kindsOf(r)} |`);
}
const unsafe = rows.filter((r) => r.designKind === 'unsafe');
const rates = unsafe.map((r) => r.seedsWithViolations / Math.max(1, r.seedsRun)).sort((a, b) => a - b);
const safe = rows.filter((r) => r.designKind === 'safe');
out.push('');
out.push(`unsafe designs: ${unsafe.length}, caught on some seed: ${unsafe.filter((r) => r.seedsWithViolations > 0).length}; lowest rates: ${rates.slice(0, 3).map((r) => `${(100 * r).toFixed(0)}%`).join(', ')}`);
out.push(`safe designs: ${safe.length}, clean on every seed: ${safe.filter((r) => notClean(r).length === 0).length}`);
process.stdout.write(`${out.join('\n')}\n`);
