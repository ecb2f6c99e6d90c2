/**
 * `npm run shrink-table`: the shrink table of docs/schedules.md. For every unsafe design of the
 * catalogue and of raft-chaos and lock-chaos: its first catching seed in 1..100 (caught as the
 * sweep counts it: invalid, with a kind the design is expected to show), then `lockstep shrink` on
 * that seed as a user runs it (a child process, with a run and a time budget), and whether the
 * minimal schedule's replay shows the same kind. Rewrites the table between the markers in
 * docs/schedules.md and prints it.
 *
 *   npm run shrink-table -- [--jobs=2] [--max-runs=300] [--max-seconds=600] [--only=name,name]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CATALOGUE } from '../scenarios/catalogue/index.js';
import { lockChaos } from '../scenarios/lock-chaos/scenario.js';
import { raftChaos } from '../scenarios/raft-chaos/scenario.js';
import type { DesignSpec, Scenario } from '../scenarios/scenario.js';

const ROOT = join(import.meta.dirname, '..', '..');
const MAIN = join(import.meta.dirname, '..', 'cli', 'main.js');
const DOC = join(ROOT, 'docs', 'schedules.md');
const START = '<!-- shrink-table:start -->';
const END = '<!-- shrink-table:end -->';

function option(name: string, fallback: string): string {
  const a = process.argv.slice(2).find((x) => x.startsWith(`--${name}=`));
  return a ? a.slice(name.length + 3) : fallback;
}

interface Target {
  scenario: Scenario;
  design: DesignSpec;
  seed: number | null;
}

interface ShrinkDoc {
  kind: string;
  faultsBefore: number;
  faultsAfter: number;
  runs: number;
  minimal: boolean;
  stoppedBy?: string;
  wallMs: number;
  replayShowsKind: boolean;
}

interface Row {
  target: Target;
  doc?: ShrinkDoc;
  problem?: string;
}

/** The first seed in 1..100 on which the design is caught with a kind it is expected to show. */
function firstCatchingSeed(scenario: Scenario, design: DesignSpec): number | null {
  const expected = design.expectKinds ?? [];
  for (let seed = 1; seed <= 100; seed++) {
    const o = scenario.run({ seed, design: design.name, traceLevel: 'none' });
    if (o.valid === false && (expected.length === 0 || o.violations.some((v) => expected.includes(v.kind)))) return seed;
  }
  return null;
}

function shrinkInChild(t: Target, scratch: string, maxRuns: string, maxSeconds: string): Promise<Row> {
  const out = join(scratch, `${t.scenario.name}--${t.design.name}`);
  const args = [MAIN, 'shrink', t.scenario.name, '--design', t.design.name, '--seed', String(t.seed), '--out', out, '--max-runs', maxRuns, '--max-seconds', maxSeconds, '--json'];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { env: { ...process.env, CI: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => {
      try {
        resolve({ target: t, doc: JSON.parse(stdout) as ShrinkDoc });
      } catch {
        resolve({ target: t, problem: `exit ${code}: ${stderr.trim().split('\n')[0] ?? ''}` });
      }
    });
  });
}

async function pool<T, R>(items: readonly T[], jobs: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, items.length) }, worker));
  return results;
}

function tableOf(rows: readonly Row[], budget: string): string {
  const lines = [
    `| scenario | design | first catching seed | kind kept | faults before | faults after | runs | wall s | replays to the kind |`,
    `|---|---|---|---|---|---|---|---|---|`,
  ];
  for (const r of rows) {
    const name = `| ${r.target.scenario.name} | ${r.target.design.name} | ${r.target.seed ?? 'none in 1..100'} |`;
    if (!r.doc) {
      lines.push(`${name} | | | | | | ${r.problem ?? 'not shrunk'} |`);
      continue;
    }
    const d = r.doc;
    const after = `${d.faultsAfter}${d.minimal ? '' : ` (${d.stoppedBy === 'time' ? 'time' : 'run'} budget ended)`}`;
    lines.push(`${name} ${d.kind} | ${d.faultsBefore} | ${after} | ${d.runs} | ${(d.wallMs / 1000).toFixed(0)} | ${d.replayShowsKind ? 'yes' : 'NO'} |`);
  }
  const shrunk = rows.filter((r) => r.doc);
  const atMost10 = shrunk.filter((r) => (r.doc as ShrinkDoc).faultsAfter <= 10).length;
  lines.push('', `${atMost10} of ${rows.length} designs end at 10 faults or fewer; budget per design: ${budget}.`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  const jobs = Number(option('jobs', '2'));
  const maxRuns = option('max-runs', '300');
  const maxSeconds = option('max-seconds', '600');
  const only = option('only', '').split(',').filter(Boolean);
  const scenarios = [raftChaos, lockChaos, ...CATALOGUE].filter((s) => !s.unsupported && s.takesSchedule && (only.length === 0 || only.includes(s.name)));
  const started = performance.now();
  const targets: Target[] = [];
  for (const scenario of scenarios) {
    for (const design of scenario.designs.filter((d) => d.kind === 'unsafe')) {
      const seed = firstCatchingSeed(scenario, design);
      process.stderr.write(`${scenario.name} ${design.name}: first catching seed ${seed ?? 'none'}\n`);
      targets.push({ scenario, design, seed });
    }
  }
  const scratch = mkdtempSync(join(tmpdir(), 'lockstep-shrink-table-'));
  const rows = await pool(targets, jobs, async (t) => {
    if (t.seed === null) return { target: t, problem: 'not caught in 1..100' } as Row;
    const row = await shrinkInChild(t, scratch, maxRuns, maxSeconds);
    process.stderr.write(`${t.scenario.name} ${t.design.name} seed ${t.seed}: ${row.doc ? `${row.doc.faultsBefore} -> ${row.doc.faultsAfter} faults, ${row.doc.runs} runs, ${(row.doc.wallMs / 1000).toFixed(0)} s` : row.problem}\n`);
    return row;
  });
  const table = tableOf(rows, `${maxRuns} runs and ${maxSeconds} s, ${jobs} shrinks at a time`);
  process.stdout.write(`${table}\n\n(${((performance.now() - started) / 1000).toFixed(0)} s wall in all; shrink folders in ${scratch})\n`);
  if (only.length === 0) {
    const doc = readFileSync(DOC, 'utf8');
    const a = doc.indexOf(START);
    const b = doc.indexOf(END);
    if (a >= 0 && b > a) writeFileSync(DOC, `${doc.slice(0, a + START.length)}\n${table}\n${doc.slice(b)}`);
  }
}

await main();
