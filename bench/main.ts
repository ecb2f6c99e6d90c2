/**
 * `npm run bench`: the speed figures of the simulator and the main job, as one table, also written
 * to bench/results.md with the commit and the machine. Figures are measurements, not tests.
 *
 *   npm run bench                      loop, chaos ratios, whole runs, one worker's memory
 *   npm run bench -- --main-job[=N]    also the main job (sweep --all --seeds 1..N, default 100) at --jobs 1 and 2
 *   npm run bench -- --memory-runs=N   runs for the worker memory probe (default 600)
 *   npm run bench -- --lin             also the linearizability checker figures
 *   npm run bench -- --before=<results.md>   also a "before" column: the values another run of the
 *                                      bench wrote (e.g. on the base commit, just before this one)
 *   npm run bench -- porcupine <checkout> [times.tsv]   only the comparison with Porcupine on its own data
 *
 * CPU time (user + sys) is given next to wall time: on a shared machine it is the steadier figure.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { benchScenario, type ClusterFigures } from './cluster.js';
import { benchFacade, benchFacadeEcho } from './facade.js';
import { runLinBench } from './lin.js';
import { benchMainJob, type MainJobFigures } from './main-job.js';
import type { MemoryFigures } from './memory-probe.js';
import { benchBareAgenda, benchEventLoop } from './sim-loop.js';
import { benchWholeRun } from './whole-run.js';

const ROOT = join(import.meta.dirname, '..', '..');

interface Row {
  figure: string;
  value: string;
  detail: string;
}

function option(name: string): string | true | undefined {
  for (const a of process.argv.slice(2)) {
    if (a === `--${name}`) return true;
    if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
  }
  return undefined;
}

const seconds = (s: number): string => `${s.toFixed(2)} s`;

function ratioRow(label: string, f: ClusterFigures): Row {
  return {
    figure: `${label}: true-time ratio, trace off`,
    value: `${(f.simSeconds / f.cpuSeconds).toFixed(0)}x CPU, ${(f.simSeconds / f.wallSeconds).toFixed(0)}x wall`,
    detail: `${f.runs} seeds, ${f.simSeconds.toFixed(0)} simulated s in ${seconds(f.cpuSeconds)} CPU / ${seconds(f.wallSeconds)} wall; ${(f.events / f.cpuSeconds / 1e6).toFixed(2)} M events per CPU s`,
  };
}

function mainJobRow(f: MainJobFigures): Row {
  return {
    figure: `main job, --jobs ${f.jobs} (seeds 1..${f.seeds})`,
    value: `${(f.runs / f.wallSeconds).toFixed(1)} runs/s, ${seconds(f.wallSeconds)} wall`,
    detail: `${f.runs} runs, ${seconds(f.cpuSeconds)} CPU (${(f.runs / f.cpuSeconds).toFixed(1)} runs per CPU s), peak RSS ${f.maxRssMb.toFixed(0)} MB, ${f.ok ? 'every expectation met' : 'SOME EXPECTATIONS NOT MET'}`,
  };
}

function memoryProbe(runs: number): MemoryFigures {
  const child = spawnSync(process.execPath, ['--expose-gc', join(import.meta.dirname, 'memory-probe.js'), String(runs)], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`memory probe failed: ${child.stderr.split('\n')[0]}`);
  return JSON.parse(child.stdout) as MemoryFigures;
}

function machine(): string {
  const c = cpus();
  return `${c.length} x ${c[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`;
}

function commit(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' }).trim();
    return dirty ? `${head} (with uncommitted changes)` : head;
  } catch {
    return 'unknown';
  }
}

/** An earlier bench's results.md: its commit and the value of each figure. */
interface Before {
  commit: string;
  values: Map<string, string>;
}

function readBefore(file: string): Before {
  const text = readFileSync(file, 'utf8');
  const values = new Map<string, string>();
  for (const line of text.split('\n')) {
    const cells = line.split(' | ');
    if (line.startsWith('| ') && cells.length >= 3 && cells[0] !== '| figure' && !line.startsWith('|---')) {
      values.set(cells[0]!.slice(2), cells.length === 3 ? cells[1]! : cells[cells.length - 2]!);
    }
  }
  return { commit: /^- commit: (\S+)/m.exec(text)?.[1] ?? 'before', values };
}

function table(rows: readonly Row[], before?: Before): string {
  if (!before) {
    const lines = ['| figure | value | detail |', '|---|---|---|'];
    for (const r of rows) lines.push(`| ${r.figure} | ${r.value} | ${r.detail} |`);
    return lines.join('\n');
  }
  const lines = [`| figure | before (${before.commit}) | after | detail (after) |`, '|---|---|---|---|'];
  for (const r of rows) lines.push(`| ${r.figure} | ${before.values.get(r.figure) ?? '-'} | ${r.value} | ${r.detail} |`);
  return lines.join('\n');
}

async function main(): Promise<void> {
  // Needs a Porcupine checkout, so it runs only when asked, and alone.
  if (process.argv[2] === 'porcupine') {
    const { runPorcupineBench } = await import('./porcupine.js');
    console.log(runPorcupineBench(process.argv.slice(3)));
    return;
  }
  // The async facade against the callback style, alone: bench -- facade
  if (process.argv[2] === 'facade') {
    for (const line of [...benchFacadeEcho(), ...(await benchFacade())]) console.log(line);
    return;
  }
  const machineBefore = machine();
  const rows: Row[] = [];
  const add = (row: Row): void => {
    rows.push(row);
    process.stderr.write(`  ${row.figure}: ${row.value}\n`);
  };

  benchBareAgenda(0.05); // warm up the JIT
  const bare = benchBareAgenda();
  add({ figure: 'bare agenda: events/s', value: `${(bare.eventsPerSecond / 1e6).toFixed(2)} M`, detail: '100 self-rescheduling actions, no processes' });
  benchEventLoop(10, 20);
  const echo = benchEventLoop();
  add({ figure: 'echo protocol: events/s', value: `${(echo.eventsPerSecond / 1e6).toFixed(2)} M`, detail: `50 pinger/echo pairs with network, disk, trace hash; ${echo.simSecondsPerWallSecond.toFixed(0)}x true time` });

  const seeds = Array.from({ length: 20 }, (_, i) => i + 1);
  add(ratioRow('echo-chaos', benchScenario('echo-chaos', seeds)));
  add(ratioRow('raft-chaos (5 servers)', benchScenario('raft-chaos', seeds)));
  add(ratioRow('lock-chaos (5 servers, 10+ clients)', benchScenario('lock-chaos', seeds)));

  for (const scenario of ['echo-chaos', 'raft-chaos', 'lock-chaos']) {
    const w = benchWholeRun(scenario, [1, 2, 3]);
    add({
      figure: `lockstep run ${scenario} --seed 1..3: whole process`,
      value: `${(w.simSeconds / w.cpuSeconds).toFixed(0)}x CPU, ${(w.simSeconds / w.wallSeconds).toFixed(0)}x wall`,
      detail: `simulate, judge, write the run folder and report; ${w.simSeconds.toFixed(0)} simulated s in ${seconds(w.cpuSeconds)} CPU / ${seconds(w.wallSeconds)} wall`,
    });
  }

  const mainJob = option('main-job');
  if (mainJob !== undefined) {
    const n = mainJob === true ? 100 : Number(mainJob);
    const one = benchMainJob(n, 1);
    add(mainJobRow(one));
    const two = benchMainJob(n, 2);
    add(mainJobRow(two));
    add({ figure: 'main job: --jobs 2 speed-up over --jobs 1', value: `${(one.wallSeconds / two.wallSeconds).toFixed(2)}x`, detail: 'wall time ratio; needs two idle cores to mean much' });
  }

  const memRuns = Number(option('memory-runs') ?? 600);
  const mem = memoryProbe(memRuns);
  add({
    figure: `one sweep worker over ${mem.runs} runs: memory`,
    value: `peak RSS ${mem.peakRssMb} MB`,
    detail: `heap after full GC at each tenth: ${mem.heapAfterGcMb.join(', ')} MB`,
  });

  const beforeFile = option('before');
  const before = typeof beforeFile === 'string' ? readBefore(beforeFile) : undefined;
  const text = table(rows, before);
  process.stdout.write(`${text}\n`);
  const doc = [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (see bench/main.ts). CPU time is user + sys of the measuring process;',
    'wall-clock figures depend on what else the machine runs.',
    '',
    `- commit: ${commit()}`,
    `- machine: ${machineBefore}`,
    `- load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`,
    // The before file's own path stays out: it is a scratch copy outside the repository.
    `- command: npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).map((a) => (a.startsWith('--before=') ? '--before=<results.md>' : a)).join(' ')}` : ''}`,
    ...(before ? [`- before: the same bench on ${before.commit}, run just before on the same machine`] : []),
    '',
    text,
    '',
  ].join('\n');
  writeFileSync(join(ROOT, 'bench', 'results.md'), doc);

  if (option('lin') !== undefined) console.log(await runLinBench());
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
