/**
 * `lockstep sweep`: many seeds over one or more scenarios, on worker threads. Every run that is not
 * clean keeps its result line and repro command in `summary.json`; the failing runs the keep rule
 * names (cli/sweep/folders.ts) keep their whole run folder too.
 *
 * A shard (`--shard i/n`) runs one contiguous block of the seeds and fails only for what it alone
 * can decide: a safe design violated, or a crash. Whether an unsafe design was caught is decided
 * by `lockstep merge` over all the shards.
 */
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import cliProgress from 'cli-progress';
import { Piscina } from 'piscina';
import { SCENARIOS, getScenario } from '../../scenarios/registry.js';
import { UnknownScenarioError, type Scenario } from '../../scenarios/scenario.js';
import { checkDeterminism, mismatchMessage, mismatchOf } from '../determinism.js';
import { BadInputError, EXIT } from '../errors.js';
import { MAX_RUNS } from '../limits.js';
import { parsePositiveInt, parseSeedRange } from '../parse.js';
import { renderSweep } from '../render.js';
import { NO_SHARD, parseShard, rangeText, shardSeeds } from '../shard.js';
import { storeNameFor } from '../store.js';
import { describeFolders, keepRule } from '../sweep/folders.js';
import { sweepOutFolder } from '../sweep/out-folder.js';
import { keepRun, runTask } from '../sweep/run-task.js';
import { summarise, type DesignExpectation } from '../sweep/summarise.js';
import { renderSummaryText } from '../sweep/summary-text.js';
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
  /** Run every seed twice (the second pass in reverse order, each run in a fresh world) and compare trace hashes. */
  checkDeterminism?: boolean;
}

/**
 * For tests only: runs a task inline (with --jobs 1) instead of `runTask`, so that a test can plant
 * a nondeterministic run and see the sweep report it.
 */
export interface SweepHooks {
  runTask?: typeof runTask;
}

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

export async function sweepCommand(args: SweepArgs, renderIndex: (s: SweepSummary) => string = renderSweep, hooks: SweepHooks = {}): Promise<number> {
  const runInline = hooks.runTask ?? runTask;
  const scenarios = pickScenarios(args);
  if (args.seeds === undefined) throw new BadInputError('sweep needs --seeds <a>..<b>');
  const range = parseSeedRange(args.seeds);
  const jobs = args.jobs !== undefined ? parsePositiveInt('--jobs', args.jobs) : availableParallelism();
  const shard = args.shard !== undefined ? parseShard(args.shard) : NO_SHARD;
  const own = shardSeeds(range, shard);
  const designFilter = args.designs?.split(',').map((d) => d.trim());

  const expectations: DesignExpectation[] = [];
  for (const s of scenarios) {
    for (const d of s.designs) {
      if (designFilter && !designFilter.includes(d.name) && !designFilter.includes(d.kind)) continue;
      expectations.push({ scenario: s.name, design: d.name, designKind: d.kind, expectKinds: d.expectKinds ?? [] });
    }
  }
  if (expectations.length === 0) throw new BadInputError(`no design matches --designs ${args.designs}`);
  const seedCount = own === null ? 0 : own.to - own.from + 1;
  if (seedCount * expectations.length > MAX_RUNS) {
    throw new BadInputError(
      `--seeds ${args.seeds}${shard.count > 1 ? ` (shard ${shard.index}/${shard.count}: ${rangeText(own)})` : ''} × ${expectations.length} design(s) is ${seedCount * expectations.length} runs; one sweep takes at most ${MAX_RUNS} (split it with --shard or into smaller ranges)`,
    );
  }
  const tasks: SweepTask[] = [];
  if (own !== null) {
    for (const e of expectations) {
      for (let seed = own.from; seed <= own.to; seed++) {
        tasks.push({ scenario: e.scenario, design: e.design, seed, runDir: join(e.scenario, e.design, String(seed)), keepIfInvalid: false });
      }
    }
  }
  const name = storeNameFor(scenarios.map((s) => s.name), Boolean(args.all));
  const out = sweepOutFolder(args.out, name);

  const interactive = Boolean(process.stderr.isTTY) && !process.env.CI && !args.json;
  const say = (line: string): void => {
    if (!args.json) process.stdout.write(line + '\n');
  };
  const shardNote = shard.count > 1 ? ` shard ${shard.index}/${shard.count} (seeds ${rangeText(own)})` : '';
  say(
    `lockstep sweep: ${scenarios.length} scenario(s), ${expectations.length} design(s), seeds ${range.from}..${range.to}${shardNote}, ${tasks.length} runs on ${jobs} worker(s)${args.checkDeterminism ? ', each run twice (--check-determinism)' : ''}`,
  );
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

  // First pass: every run with the trace off, nothing written. Then only the failing runs whose
  // folders the keep rule names are replayed with full recording (same seed, same run).
  const here = dirname(fileURLToPath(import.meta.url));
  const pool = jobs === 1 || tasks.length === 0 ? null : new Piscina({ filename: join(here, '..', 'sweep', 'worker.js'), maxThreads: jobs, minThreads: jobs, idleTimeout: 1000 });
  const keyOf = (t: { scenario: string; design: string; seed: number }): string => `${t.scenario}/${t.design}/${t.seed}`;
  const taskOf = new Map(tasks.map((t) => [keyOf(t), t]));
  let determinism: SweepSummary['determinism'];
  try {
    if (!pool) for (const task of tasks) onResult(runInline(task, out));
    else await Promise.all(tasks.map((task) => pool.run({ task, outRoot: out }).then((line: SweepResultLine) => onResult(line))));
    bar?.stop();

    results.sort((a, b) => a.scenario.localeCompare(b.scenario) || a.design.localeCompare(b.design) || a.seed - b.seed);
    if (args.checkDeterminism) {
      // The second run of every task, in reverse order, so that each worker reaches it after other
      // runs than the first time: hidden state carried between runs shows as a different hash.
      say(`checking determinism: running all ${tasks.length} runs again`);
      const again = new Map<string, string>();
      const second = [...tasks].reverse();
      if (!pool) for (const task of second) again.set(keyOf(task), runInline(task, out).traceHash);
      else await Promise.all(second.map((task) => pool.run({ task, outRoot: out }).then((line: SweepResultLine) => again.set(keyOf(task), line.traceHash))));
      determinism = { checked: 0, mismatches: [] };
      for (let i = 0; i < results.length; i++) {
        const line = results[i]!;
        if (line.crashed !== undefined) continue;
        const check = checkDeterminism(line.traceHash, () => again.get(keyOf(line)) ?? '');
        determinism.checked++;
        if (check.same) continue;
        determinism.mismatches.push(mismatchOf(line, line.traceHash, check.again));
        results[i] = { ...line, crashed: mismatchMessage(line.seed, line.traceHash, check.again) };
      }
    }
    const keeps = keepRule();
    const keep = results.flatMap((line, i) => (keeps(line) ? [i] : []));
    await Promise.all(
      keep.map(async (i) => {
        const first = results[i]!;
        const task = taskOf.get(keyOf(first))!;
        results[i] = pool ? ((await pool.run({ task, outRoot: out, keep: first })) as SweepResultLine) : keepRun(task, first, out);
      }),
    );
  } finally {
    await pool?.destroy();
  }
  const folders = describeFolders(results);
  const rows = summarise(results, expectations, shard.count > 1);
  const summary: SweepSummary = {
    name,
    seeds: rangeText(own),
    range: `${range.from}..${range.to}`,
    ...(shard.count > 1 ? { shard: `${shard.index}/${shard.count}` } : {}),
    folders,
    ...(determinism ? { determinism } : {}),
    jobs,
    wallMs: Math.round(performance.now() - started),
    rows,
    results,
    ok: rows.every((r) => r.met),
  };
  writeFileSync(join(out, 'summary.json'), JSON.stringify(summary, null, 1) + '\n');
  writeFileSync(join(out, 'index.html'), renderIndex(summary));

  if (args.json) process.stdout.write(JSON.stringify(summary) + '\n');
  else for (const l of renderSummaryText(summary, join(out, 'summary.json'))) say(l);
  return summary.ok ? EXIT.valid : EXIT.invalid;
}
