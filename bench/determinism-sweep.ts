/**
 * `npm run determinism -- [--scenario=lock-chaos] [--minutes=15] [--chunk=50] [--jobs=2] [--from=1] [--to=N]`:
 * as many seeds of a scenario as fit in the time (from `--from`, at most up to `--to`), each run
 * twice (`sweep --check-determinism`), in chunks of seeds so that the budget is kept; prints the
 * seeds checked, the wall time, every mismatch and every seed whose run was not valid.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { SweepSummary } from '../cli/sweep/types.js';

const MAIN = join(import.meta.dirname, '..', 'cli', 'main.js');

function option(name: string, fallback: string): string {
  const a = process.argv.slice(2).find((x) => x.startsWith(`--${name}=`));
  return a ? a.slice(name.length + 3) : fallback;
}

const scenario = option('scenario', 'lock-chaos');
const budgetMs = Number(option('minutes', '15')) * 60_000;
const chunk = Number(option('chunk', '50'));
const jobs = option('jobs', '2');
const first = Number(option('from', '1'));
const last = Number(option('to', String(Number.MAX_SAFE_INTEGER)));
const scratch = mkdtempSync(join(tmpdir(), 'lockstep-determinism-'));
const started = performance.now();
let next = first;
let checked = 0;
let lastChunkMs = 0;
const mismatches: string[] = [];
const notValid: string[] = [];
while (next <= last && performance.now() - started + lastChunkMs <= budgetMs) {
  const from = next;
  const to = Math.min(last, next + chunk - 1);
  const out = join(scratch, `${from}-${to}`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [MAIN, 'sweep', scenario, '--seeds', `${from}..${to}`, '--jobs', jobs, '--check-determinism', '--out', out, '--json'], { encoding: 'utf8', env: { ...process.env, CI: '1' }, maxBuffer: 1 << 28 });
  lastChunkMs = performance.now() - t0;
  const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as SweepSummary;
  checked += summary.determinism?.checked ?? 0;
  for (const m of summary.determinism?.mismatches ?? []) mismatches.push(`${m.scenario} [${m.design}] seed ${m.seed}: ${m.first} then ${m.again}; ${m.repro}`);
  for (const run of summary.results) if (run.valid !== true) notValid.push(`${run.scenario} [${run.design}] seed ${run.seed}: ${String(run.valid)}`);
  process.stdout.write(`seeds ${from}..${to}: exit ${r.status}, ${summary.determinism?.checked ?? 0} runs checked, ${summary.determinism?.mismatches.length ?? 0} mismatches, ${(lastChunkMs / 1000).toFixed(0)} s\n`);
  next = to + 1;
}
const wall = (performance.now() - started) / 1000;
process.stdout.write(`${scenario}: seeds ${first}..${next - 1} (${checked} runs, each run twice) in ${wall.toFixed(0)} s wall: ${mismatches.length} mismatches\n`);
for (const m of mismatches) process.stdout.write(`  ${m}\n`);
process.stdout.write(`runs not valid: ${notValid.length}\n`);
for (const m of notValid) process.stdout.write(`  ${m}\n`);
process.exit(mismatches.length > 0 ? 1 : 0);
