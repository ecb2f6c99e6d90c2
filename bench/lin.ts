/**
 * The linearizability checker's benchmark: Jepsen-style cas-register histories (5 clients, ~80 ops,
 * ~10 info) x 102, and 10-key histories of ~2000 ops, valid and with planted stale reads. The anchor
 * is Porcupine (Go): ~0.5 s for 102 etcd register histories, ~0.14 s for a 2000-op 10-key history.
 *
 * Run: `npx tsc -p tsconfig.build.json && node dist/bench/lin.js`, or `npx vite-node bench/lin.ts`.
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { Op } from '../checker/history.js';
import { checkLinearizable, type LinOptions, type LinResult } from '../checker/lin/index.js';
import { simulatedHistory } from './lin-histories.js';

export interface LinBenchOptions {
  registerHistories?: number;
  kvOps?: number;
  kvHistories?: number;
  /** Per-check time limit in ms (the verdict becomes 'unknown' past it). */
  timeLimitMs?: number;
}

interface Timed {
  ms: number;
  result: LinResult;
  ops: number;
}

function timed(history: Op[], model: 'cas-register' | 'kv', opts: LinOptions): Timed {
  const start = performance.now();
  const result = checkLinearizable(history, model, { now: () => performance.now(), ...opts });
  return { ms: performance.now() - start, result, ops: history.filter((e) => e.type === 'invoke').length };
}

function summary(label: string, runs: Timed[]): string {
  const ms = runs.map((r) => r.ms).sort((a, b) => a - b);
  const total = ms.reduce((a, b) => a + b, 0);
  const count = (v: true | false | 'unknown') => runs.filter((r) => r.result.valid === v).length;
  const pct = (p: number) => ms[Math.min(ms.length - 1, Math.floor(p * ms.length))];
  const ops = runs.reduce((a, r) => a + r.ops, 0) / runs.length;
  const info = runs.reduce((a, r) => a + r.result.partitions.reduce((b, p) => b + p.unknownOps + p.unknownReadsLeftOut, 0), 0) / runs.length;
  return (
    `${label}: ${runs.length} histories (~${ops.toFixed(0)} ops, ~${info.toFixed(1)} info each) in ${total.toFixed(1)} ms total; ` +
    `per history median ${pct(0.5).toFixed(2)} ms, p90 ${pct(0.9).toFixed(2)} ms, max ${ms[ms.length - 1].toFixed(2)} ms; ` +
    `verdicts valid ${count(true)}, invalid ${count(false)}, unknown ${count('unknown')}`
  );
}

export async function runLinBench(opts: LinBenchOptions = {}): Promise<string> {
  const n = opts.registerHistories ?? 102;
  const kvOps = opts.kvOps ?? 2000;
  const kvRuns = opts.kvHistories ?? 5;
  const limits: LinOptions = { timeLimitMs: opts.timeLimitMs ?? 10_000 };
  const lines: string[] = [];

  const register = (seed: number, stale: number) =>
    simulatedHistory({ seed, clients: 5, ops: 80, keys: 1, staleReadChance: stale });
  const kv = (seed: number, stale: number) =>
    simulatedHistory({
      seed: `kv${seed}`,
      clients: 10,
      ops: kvOps,
      keys: 10,
      timeoutChance: 0.005,
      faultWindows: [[0.5, 0.505]],
      staleReadChance: stale,
    });

  // Warm the JIT on a few histories that are not measured.
  for (let s = 1000; s < 1010; s++) checkLinearizable(register(s, 0.05), 'cas-register');

  const valid = Array.from({ length: n }, (_, i) => register(i + 1, 0));
  const bad = Array.from({ length: n }, (_, i) => register(i + 1, 0.05));
  lines.push(summary('cas-register, valid', valid.map((h) => timed(h, 'cas-register', limits))));
  lines.push(summary('cas-register, stale reads, verdict only', bad.map((h) => timed(h, 'cas-register', { ...limits, explain: false }))));
  lines.push(summary('cas-register, stale reads, explained', bad.map((h) => timed(h, 'cas-register', limits))));
  const heavy = Array.from({ length: n }, (_, i) =>
    simulatedHistory({ seed: i + 1, faultWindows: [[0.3, 0.45], [0.6, 0.75]] }),
  );
  lines.push(summary('cas-register, two fault windows, valid', heavy.map((h) => timed(h, 'cas-register', limits))));

  const kvValid = Array.from({ length: kvRuns }, (_, i) => kv(i + 1, 0));
  const kvBad = Array.from({ length: kvRuns }, (_, i) => kv(i + 1, 0.01));
  lines.push(summary(`kv 10 keys, valid`, kvValid.map((h) => timed(h, 'kv', limits))));
  lines.push(summary(`kv 10 keys, stale reads, verdict only`, kvBad.map((h) => timed(h, 'kv', { ...limits, explain: false }))));
  lines.push(summary(`kv 10 keys, stale reads, explained`, kvBad.map((h) => timed(h, 'kv', limits))));
  lines.push('anchor (Porcupine, Go): 102 register histories ~500 ms total; one 2000-op 10-key history ~140 ms');
  return lines.join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runLinBench().then(
    (report) => console.log(report),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
