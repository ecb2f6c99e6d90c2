/**
 * `npm run bench -- porcupine <porcupine-checkout> [porcupine-times.tsv] [--no-long]`: lockstep's
 * checker on Porcupine's own test data, side by side with Porcupine.
 *
 * For each of `test_data/jepsen/etcd_*.log` (converted to EDN by porcupine-convert.ts) and
 * `test_data/kv/*.txt` (already EDN): the verdict, lockstep's in-process check time and the
 * whole-process time of `lockstep check` on the file.
 *
 * What each side times, in process, median of 5 after one warm-up, parsing excluded on both (and
 * lockstep's side after one pass over every dataset, so that its code is compiled):
 * - lockstep: `checkLinearizable` with explanations on (for a failing part: the first illegal
 *   return, a minimal core, the states there and the words), as `lockstep check` runs it;
 * - Porcupine, "explained": `CheckEventsVerbose` (the check plus the longest partial
 *   linearizations) and `computeVisualizationData` (every op and every state along every partial
 *   linearization described), which is what its visualization shows a person; and "verbose":
 *   `CheckEventsVerbose` alone.
 * The ratio is lockstep / Porcupine explained, of wall time and of CPU time (the process's user +
 * system time, which a loaded machine disturbs less; Porcupine's counts its goroutines).
 * Porcupine's plain check (`CheckEventsTimeout`: no partial linearizations, it stops at the first
 * illegal partition) is timed too; when its verbose check does not finish within a minute (the
 * c50 kv logs), the verdicts are compared with the plain check's.
 *
 * Porcupine's times come from bench/porcupine-go/lockstep_timing_test.go (lockstep's code), run
 * with `go test` in a temporary copy of the checkout (Debian's golang-go is enough), or from a TSV
 * given as the second argument (`file, explained ms, verdict, CPU ms, verbose ms, plain ms, plain
 * verdict, plain CPU ms` per line).
 * Then a long generated history (1,000,000 ops, at most 5 concurrent) is checked once, valid and
 * with one stale read.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseHistory } from '../checker/io/index.js';
import { checkLinearizable, makeModel, type LinResult } from '../checker/lin/index.js';
import type { Op } from '../checker/history.js';
import { longRegisterHistory } from './long-history.js';
import { convertJepsenLog } from './porcupine-convert.js';

interface Dataset {
  name: string;
  file: string;
  model: 'cas-register' | 'kv';
  history: Op[];
}

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'lockstep.js');

export function runPorcupineBench(args: readonly string[]): string {
  const [checkout, goTimes, ...rest] = args;
  if (checkout === undefined) throw new Error('usage: npm run bench -- porcupine <porcupine-checkout> [porcupine-times.tsv] [--no-long]');
  const work = mkdtempSync(join(tmpdir(), 'lockstep-porcupine-'));
  const lines: string[] = [];
  try {
    const porcupine = goTimes !== undefined && goTimes !== '--no-long' ? readPorcupineTimes(goTimes) : timePorcupine(checkout, work, lines);
    const datasets = loadDatasets(checkout, work);
    lines.push(`load average before lockstep's side: ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
    lines.push(`dataset\tevents\tverdict\tlockstep ms (median of 5)\tlockstep CPU ms\twhole-process ms\tporcupine explained ms\tporcupine CPU ms\tporcupine verbose ms\tporcupine plain CPU ms\tratio (wall)\tratio (CPU)\tagrees`);
    const ratios: number[] = [];
    const cpuRatios: number[] = [];
    let disagreements = 0;
    const checkOf = (d: Dataset) => (): LinResult =>
      // Porcupine's etcd model reads nil as "the key holds nil"; so does lockstep with nilRead 'value'.
      checkLinearizable(d.history, makeModel(d.model, { nilRead: 'value' }), { stopAtFirstViolation: true, explain: true, explainCostRatio: 1, maxConfigurations: Number.MAX_SAFE_INTEGER });
    // One pass over every dataset first, so that the times are those of a process whose code is
    // compiled (a check in a test suite or a service); a cold process is the whole-process column.
    for (const d of datasets) if (d.history.length > 0) checkOf(d)();
    for (const d of datasets) {
      if (d.history.length === 0) {
        lines.push(`${d.name}\t0\tempty file: lockstep check refuses it (exit 254), it is left out`);
        continue;
      }
      const check = checkOf(d);
      check();
      const times: number[] = [];
      const cpuTimes: number[] = [];
      let result = check();
      for (let i = 0; i < 5; i++) {
        const t = performance.now();
        const c = process.cpuUsage();
        result = check();
        const used = process.cpuUsage(c);
        cpuTimes.push((used.user + used.system) / 1000);
        times.push(performance.now() - t);
      }
      const ms = median(times);
      const cpuMs = median(cpuTimes);
      const whole = wholeProcessMs(d);
      const theirs = porcupine.get(basename(d.name));
      const verdict = result.valid === true ? 'Ok' : result.valid === false ? 'Illegal' : 'Unknown';
      const ratio = theirs ? ms / theirs.ms : null;
      const cpuRatio = theirs?.cpuMs !== undefined ? cpuMs / Math.max(theirs.cpuMs, 0.001) : null;
      // Porcupine's explained time is only a lower bound when it did not finish: shown as an upper
      // bound on the ratio, and left out of the medians.
      const bound = theirs?.verdict === 'Unknown' ? '< ' : '';
      if (ratio !== null && bound === '') ratios.push(ratio);
      if (cpuRatio !== null && bound === '') cpuRatios.push(cpuRatio);
      // A verbose check that ran out of time is compared through the plain check's verdict.
      const theirVerdict = theirs === undefined ? undefined : theirs.verdict === 'Unknown' && theirs.plainVerdict !== undefined ? theirs.plainVerdict : theirs.verdict;
      const agrees = theirVerdict !== undefined ? theirVerdict === verdict : null;
      if (agrees === false) disagreements++;
      lines.push(
        `${d.name}\t${d.history.length}\t${verdict}\t${ms.toFixed(2)}\t${cpuMs.toFixed(2)}\t${whole.toFixed(0)}\t${theirs ? theirs.ms.toFixed(2) : '-'}\t${theirs?.cpuMs !== undefined ? theirs.cpuMs.toFixed(2) : '-'}\t${theirs?.verboseMs !== undefined ? theirs.verboseMs.toFixed(2) : '-'}\t${theirs?.plainCpuMs !== undefined ? `${theirs.plainCpuMs.toFixed(2)} (${theirs.plainVerdict})` : '-'}\t${ratio === null ? '-' : bound + ratio.toFixed(2)}\t${cpuRatio === null ? '-' : bound + cpuRatio.toFixed(2)}\t${agrees === null ? '-' : agrees ? 'yes' : 'NO'}`,
      );
    }
    for (const [what, rs] of [['wall', ratios], ['CPU', cpuRatios]] as const) {
      if (rs.length === 0) continue;
      lines.push(
        `ratio lockstep/porcupine (${what}) over ${rs.length} datasets: median ${median(rs).toFixed(2)}, max ${Math.max(...rs).toFixed(2)}, ${rs.filter((r) => r > 1).length} above 1.0; verdicts disagree on ${disagreements}`,
      );
    }
    lines.push(`load average after lockstep's side: ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
    if (!rest.includes('--no-long') && goTimes !== '--no-long') lines.push(...longHistoryFigures());
    lines.push(`peak memory of this process (max RSS): ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return lines.join('\n');
}

function loadDatasets(checkout: string, work: string): Dataset[] {
  const out: Dataset[] = [];
  const jepsen = join(checkout, 'test_data', 'jepsen');
  const kv = join(checkout, 'test_data', 'kv');
  for (const name of readdirSync(jepsen).filter((n) => n.endsWith('.log')).sort()) {
    const file = join(work, name.replace(/\.log$/, '.edn'));
    writeFileSync(file, convertJepsenLog(readFileSync(join(jepsen, name), 'utf8')));
    out.push({ name, file, model: 'cas-register', history: parseHistory(readFileSync(file, 'utf8'), { source: file }) });
  }
  for (const name of readdirSync(kv).filter((n) => n.endsWith('.txt')).sort()) {
    const file = join(kv, name);
    out.push({ name, file, model: 'kv', history: parseHistory(readFileSync(file, 'utf8'), { source: file, format: 'edn' }) });
  }
  return out;
}

/** `lockstep check` on the file, start to exit (one run: the figure is dominated by start-up). */
function wholeProcessMs(d: Dataset): number {
  const t = performance.now();
  const args = [BIN, 'check', d.file, '--model', d.model, '--nil-read', 'value', ...(d.file.endsWith('.txt') ? ['--format', 'edn'] : [])];
  const r = spawnSync(process.execPath, args, { encoding: 'utf8' });
  const ms = performance.now() - t;
  if (r.status !== 0 && r.status !== 1) throw new Error(`lockstep check ${d.file} exited ${r.status}: ${r.stderr}`);
  return ms;
}

function longHistoryFigures(): string[] {
  const lines: string[] = [];
  for (const stale of [false, true]) {
    const history = longRegisterHistory({ ops: 1_000_000, clients: 5, stale });
    const cpu = process.cpuUsage();
    const t = performance.now();
    const r = checkLinearizable(history, 'register', { stopAtFirstViolation: true, explainCostRatio: 1, maxSteps: 1e9, maxConfigurations: Number.MAX_SAFE_INTEGER });
    const ms = performance.now() - t;
    const used = process.cpuUsage(cpu);
    const part = r.partitions[0]!;
    lines.push(
      `1,000,000-op register history, at most 5 concurrent${stale ? ', one stale read' : ''}: ${r.valid === true ? 'valid' : r.valid === false ? 'not linearizable' : 'unknown'} in ${(ms / 1000).toFixed(2)} s wall, ${((used.user + used.system) / 1e6).toFixed(2)} s CPU; ` +
        `${part.configurations} configurations, cache ${(part.cacheBytes / 2 ** 20).toFixed(1)} MiB${part.forgot ? ' (forgot entries behind the mark)' : ''}`,
    );
  }
  return lines;
}

interface TheirTimes {
  /** CheckEventsVerbose plus computeVisualizationData, wall ms. */
  ms: number;
  verdict: string;
  cpuMs?: number;
  /** CheckEventsVerbose alone, wall ms. */
  verboseMs?: number;
  /** CheckEventsTimeout (no partial linearizations), wall ms, verdict, CPU ms. */
  plainMs?: number;
  plainVerdict?: string;
  plainCpuMs?: number;
}

/**
 * Porcupine's side: lockstep's Go timing harness in a temporary copy of the checkout, run with
 * `go test`; no times (and a line saying why) when Go is missing or the run fails.
 */
function timePorcupine(checkout: string, work: string, lines: string[]): Map<string, TheirTimes> {
  const copy = join(work, 'porcupine');
  cpSync(checkout, copy, { recursive: true, filter: (src) => !src.includes(`${join(checkout, '.git')}`) });
  copyFileSync(join(import.meta.dirname, '..', '..', 'bench', 'porcupine-go', 'lockstep_timing_test.go'), join(copy, 'lockstep_timing_test.go'));
  const tsv = join(work, 'porcupine-times.tsv');
  lines.push(`load average before Porcupine's side: ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  const r = spawnSync('go', ['test', '-run', '^TestLockstepTiming$', '-count=1', '-timeout', '60m', '.'], {
    cwd: copy,
    encoding: 'utf8',
    env: { ...process.env, LOCKSTEP_TIMES: tsv, GOFLAGS: '-mod=mod' },
  });
  if (r.error !== undefined || r.status !== 0) {
    lines.push(`porcupine not timed: go test ${r.error !== undefined ? `could not start (${r.error.message}; apt-get install golang-go)` : `exited ${r.status}: ${(r.stdout + r.stderr).trim().split('\n').slice(-3).join(' / ')}`}`);
    return new Map();
  }
  return readPorcupineTimes(tsv);
}

function readPorcupineTimes(file: string): Map<string, TheirTimes> {
  const m = new Map<string, TheirTimes>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [name, ms, verdict, cpu, verbose, plain, plainVerdict, plainCpu] = line.split('\t');
    if (name && ms && verdict) {
      m.set(name.trim(), {
        ms: Number(ms),
        verdict: verdict.trim(),
        ...(cpu ? { cpuMs: Number(cpu) } : {}),
        ...(verbose ? { verboseMs: Number(verbose) } : {}),
        ...(plain && plainVerdict ? { plainMs: Number(plain), plainVerdict: plainVerdict.trim(), plainCpuMs: Number(plainCpu) } : {}),
      });
    }
  }
  return m;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}
