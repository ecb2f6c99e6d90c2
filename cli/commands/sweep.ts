/**
 * `lockstep sweep`: many seeds over one or more scenarios, on worker threads. Failing runs keep
 * their whole run folder; passing runs keep only their result line in `summary.json`.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import cliProgress from 'cli-progress';
import { Piscina } from 'piscina';
import { SCENARIOS, getScenario } from '../../scenarios/registry.js';
import { UnknownScenarioError, type Scenario } from '../../scenarios/scenario.js';
import { BadInputError, EXIT } from '../errors.js';
import { parsePositiveInt, parseSeedRange, parseShard } from '../parse.js';
import { renderSweep } from '../render.js';
import { keepRun, runTask } from '../sweep/run-task.js';
import { summarise, type DesignExpectation } from '../sweep/summarise.js';
import type { SweepResultLine, SweepSummary, SweepTask } from '../sweep/types.js';

export interface SweepArgs {
  scenarios: string[];
  all?: boolean;
  seeds?: string;
  jobs?: string;
  shard?: string;
  out?: string;
  json?: boolean;
  designs?: string;
}

/** How many catching runs of an unsafe design keep their full run folder. */
const KEEP_CATCHES = 3;

function pickScenarios(args: SweepArgs): Scenario[] {
  if (args.all && args.scenarios.length > 0) throw new BadInputError('give scenario names or --all, not both');
  if (args.all) return SCENARIOS.filter((s) => s.unsupported === undefined);
  if (args.scenarios.length === 0) throw new BadInputError('sweep needs scenario names or --all');
  return args.scenarios.map((name) => {
    try {
      const s = getScenario(name);
      if (s.unsupported) throw new BadInputError(`scenario ${name} is not yet supported: ${s.unsupported}`);
      return s;
    } catch (err) {
      if (err instanceof UnknownScenarioError) throw new BadInputError(err.message);
      throw err;
    }
  });
}

function renderSummaryText(summary: SweepSummary): string[] {
  const lines: string[] = [];
  for (const r of summary.rows) {
    const mark = r.met ? 'ok  ' : 'FAIL';
    const kinds = Object.entries(r.violationsByKind).map(([k, n]) => `${k}x${n}`).join(' ') || 'none';
    const detail =
      r.designKind === 'safe'
        ? `${r.seedsWithViolations}/${r.seedsRun} seeds with violations (${kinds})`
        : `caught on ${Math.round(r.catchFraction * 100)}% of ${r.seedsRun} seeds, first seed ${r.firstCatch ?? '-'} (${kinds})`;
    lines.push(`${mark} ${r.scenario} [${r.design}] expected ${r.expectation}: ${detail}`);
    for (const c of r.crashes.slice(0, 3)) lines.push(`     crash on seed ${c.seed}: ${c.error}`);
  }
  return lines;
}

export async function sweepCommand(args: SweepArgs, renderIndex: (s: SweepSummary) => string = renderSweep): Promise<number> {
  const scenarios = pickScenarios(args);
  if (args.seeds === undefined) throw new BadInputError('sweep needs --seeds <a>..<b>');
  const range = parseSeedRange(args.seeds);
  const jobs = args.jobs !== undefined ? parsePositiveInt('--jobs', args.jobs) : availableParallelism();
  const shard = args.shard !== undefined ? parseShard(args.shard) : { index: 1, count: 1 };
  const designFilter = args.designs?.split(',').map((d) => d.trim());
  const out = args.out ?? 'out';

  const expectations: DesignExpectation[] = [];
  const tasks: SweepTask[] = [];
  for (const s of scenarios) {
    for (const d of s.designs) {
      if (designFilter && !designFilter.includes(d.name) && !designFilter.includes(d.kind)) continue;
      expectations.push({ scenario: s.name, design: d.name, designKind: d.kind, expectKinds: d.expectKinds ?? [] });
      for (let seed = range.from; seed <= range.to; seed++) {
        // Seeds are dealt round-robin to shards so each shard gets a fair share of every scenario.
        if ((seed - range.from) % shard.count !== shard.index - 1) continue;
        tasks.push({ scenario: s.name, design: d.name, seed, runDir: join(s.name, d.name, String(seed)), keepIfInvalid: false });
      }
    }
  }
  if (expectations.length === 0) throw new BadInputError(`no design matches --designs ${args.designs}`);
  mkdirSync(out, { recursive: true });

  const interactive = Boolean(process.stderr.isTTY) && !process.env.CI && !args.json;
  const say = (line: string): void => {
    if (!args.json) process.stdout.write(line + '\n');
  };
  say(`lockstep sweep: ${scenarios.length} scenario(s), ${expectations.length} design(s), seeds ${range.from}..${range.to}${shard.count > 1 ? ` shard ${shard.index}/${shard.count}` : ''}, ${tasks.length} runs on ${jobs} worker(s)`);
  say(`report: ${join(out, 'index.html')}`);

  const started = performance.now();
  const results: SweepResultLine[] = [];
  const bar = interactive ? new cliProgress.SingleBar({ format: 'sweep [{bar}] {value}/{total} runs | {eta_formatted} left | {last}', stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic) : null;
  bar?.start(tasks.length, 0, { last: '' });
  let done = 0;
  const step = Math.max(1, Math.floor(tasks.length / 20));
  const onResult = (line: SweepResultLine): void => {
    results.push(line);
    done++;
    const label = `${line.scenario}/${line.design}/${line.seed} ${line.crashed ? 'CRASH' : line.valid === true ? 'clean' : line.kinds.join(',')}`;
    if (bar) bar.update(done, { last: label });
    else if (!args.json && (done % step === 0 || done === tasks.length)) say(`  ${done}/${tasks.length} runs (${label})`);
  };

  // First pass: every run, trace off, nothing written. Then the kept failing runs are replayed in full.
  const here = dirname(fileURLToPath(import.meta.url));
  const pool = jobs === 1 ? null : new Piscina({ filename: join(here, '..', 'sweep', 'worker.js'), maxThreads: jobs, minThreads: jobs, idleTimeout: 1000 });
  const taskOf = new Map(tasks.map((t) => [`${t.scenario}/${t.design}/${t.seed}`, t]));
  try {
    if (!pool) for (const task of tasks) onResult(runTask(task, out));
    else await Promise.all(tasks.map((task) => pool.run({ task, outRoot: out }).then((line: SweepResultLine) => onResult(line))));
    bar?.stop();

    // Keep the folders of failing runs: every one of a safe design, the first few catches of an unsafe one.
    results.sort((a, b) => a.scenario.localeCompare(b.scenario) || a.design.localeCompare(b.design) || a.seed - b.seed);
    const kept = new Map<string, number>();
    const keep: number[] = [];
    results.forEach((line, i) => {
      if (line.valid === true || line.crashed !== undefined) return;
      const key = `${line.scenario}/${line.design}`;
      const n = kept.get(key) ?? 0;
      if (line.designKind === 'unsafe' && n >= KEEP_CATCHES) return;
      kept.set(key, n + 1);
      keep.push(i);
    });
    await Promise.all(
      keep.map(async (i) => {
        const first = results[i]!;
        const task = taskOf.get(`${first.scenario}/${first.design}/${first.seed}`)!;
        results[i] = pool ? ((await pool.run({ task, outRoot: out, keep: first })) as SweepResultLine) : keepRun(task, first, out);
      }),
    );
  } finally {
    await pool?.destroy();
  }

  const rows = summarise(results, expectations);
  const summary: SweepSummary = {
    seeds: `${range.from}..${range.to}`,
    ...(shard.count > 1 ? { shard: `${shard.index}/${shard.count}` } : {}),
    jobs,
    wallMs: Math.round(performance.now() - started),
    rows,
    results,
    ok: rows.every((r) => r.met),
  };
  writeFileSync(join(out, 'summary.json'), JSON.stringify(summary, null, 1) + '\n');
  writeFileSync(join(out, 'index.html'), renderIndex(summary));

  if (args.json) process.stdout.write(JSON.stringify(summary) + '\n');
  else {
    for (const l of renderSummaryText(summary)) say(l);
    say(`${summary.ok ? 'every expectation met' : 'SOME EXPECTATIONS NOT MET'} in ${(summary.wallMs / 1000).toFixed(1)} s; summary: ${join(out, 'summary.json')}`);
    for (const r of rows) {
      if (r.designKind === 'safe') {
        for (const f of r.failing.slice(0, 3)) say(`  reproduce: npx lockstep run ${r.scenario} --design ${r.design} --seed ${f.seed}`);
      }
    }
  }
  return summary.ok ? EXIT.valid : EXIT.invalid;
}

/** `lockstep merge`: joins the summaries of shards into one. */
export function mergeCommand(files: string[], out: string | undefined, json: boolean, renderIndex: (s: SweepSummary) => string = renderSweep): number {
  if (files.length === 0) throw new BadInputError('merge needs summary.json files');
  const parts: SweepSummary[] = files.map((f) => {
    if (!existsSync(f)) throw new BadInputError(`no such summary file: ${f}`);
    try {
      const doc = JSON.parse(readFileSync(f, 'utf8')) as SweepSummary;
      if (!Array.isArray(doc.results) || !Array.isArray(doc.rows)) throw new Error('missing results or rows');
      return doc;
    } catch (err) {
      throw new BadInputError(`${f} is not a lockstep summary.json: ${(err as Error).message}`);
    }
  });
  const expectations = new Map<string, DesignExpectation>();
  for (const p of parts) {
    for (const r of p.rows) expectations.set(`${r.scenario}/${r.design}`, { scenario: r.scenario, design: r.design, designKind: r.designKind, expectKinds: r.expectKinds });
  }
  const seen = new Set<string>();
  const results = parts.flatMap((p) => p.results).filter((l) => {
    const key = `${l.scenario}/${l.design}/${l.seed}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const rows = summarise(results, [...expectations.values()]);
  const summary: SweepSummary = {
    seeds: [...new Set(parts.map((p) => p.seeds))].join(','),
    jobs: Math.max(...parts.map((p) => p.jobs)),
    wallMs: parts.reduce((a, p) => a + p.wallMs, 0),
    rows,
    results,
    ok: rows.every((r) => r.met),
  };
  const dir = out ?? 'out';
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary, null, 1) + '\n');
  writeFileSync(join(dir, 'index.html'), renderIndex(summary));
  if (json) process.stdout.write(JSON.stringify(summary) + '\n');
  else for (const l of renderSummaryText(summary)) process.stdout.write(l + '\n');
  return summary.ok ? EXIT.valid : EXIT.invalid;
}
