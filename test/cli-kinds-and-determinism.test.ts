/**
 * What a user reads beside the verdicts: `list` explains every violation kind (in the words the
 * reports use), `run` and `sweep` explain each kind they printed once, and
 * `sweep --check-determinism` runs every seed twice and lists any run whose hashes differ.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sweepCommand } from '../cli/commands/sweep.js';
import { runTask } from '../cli/sweep/run-task.js';
import type { SweepSummary } from '../cli/sweep/types.js';
import { explainKind, VIOLATION_KINDS } from '../reports/violation-kinds.js';

const bin = join(import.meta.dirname, '..', 'bin', 'lockstep.js');
const scratch = (): string => mkdtempSync(join(tmpdir(), 'lockstep-kinds-'));
function lockstep(cwd: string, ...args: string[]): { code: number | null; stdout: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { code: r.status, stdout: r.stdout };
}

describe('violation kinds explained', () => {
  it('list explains every kind under the scenarios, in text and in --json', () => {
    const text = lockstep(scratch(), 'list').stdout;
    const section = text.slice(text.indexOf('Violation kinds'));
    expect(section.length).toBeLessThan(text.length);
    for (const k of VIOLATION_KINDS) {
      expect(section.split('\n').some((l) => l.startsWith(`  ${k.kind} `) && l.includes(`${k.name}.`))).toBe(true);
      expect(section.replace(/\s+/g, ' ')).toContain(k.promise);
    }
    const doc = JSON.parse(lockstep(scratch(), 'list', '--json').stdout) as { scenarios: unknown[]; violationKinds: { kind: string; promise: string }[] };
    expect(doc.violationKinds.map((k) => k.kind)).toEqual(VIOLATION_KINDS.map((k) => k.kind));
    expect(doc.violationKinds[0]?.promise).toBe(VIOLATION_KINDS[0]?.promise);
  });

  it('run explains each kind it printed once, however many violations of it', () => {
    const cwd = scratch();
    const r = lockstep(cwd, 'run', 'stale-release', '--design', 'unsafe', '--seed', '1', '--out', 'a');
    expect(r.code).toBe(1);
    expect(r.stdout.match(/\[ME-belief\]/g)?.length).toBeGreaterThan(1);
    expect(r.stdout.split('\n').filter((l) => l === `  ${explainKind('ME-belief')}`)).toHaveLength(1);
    expect(r.stdout).toContain('what the kinds mean:');
  });
});

describe('sweep --check-determinism', () => {
  afterEach(() => vi.restoreAllMocks());

  it('runs every seed twice, says how many it checked, and passes when every hash agrees', () => {
    const cwd = scratch();
    const r = lockstep(cwd, 'sweep', 'echo-chaos', '--seeds', '1..3', '--jobs', '2', '--check-determinism', '--out', 's');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('determinism: 3 runs checked, each run twice: every trace hash the same');
    const summary = JSON.parse(readFileSync(join(cwd, 's', 'summary.json'), 'utf8')) as SweepSummary;
    expect(summary.determinism).toEqual({ checked: 3, mismatches: [] });
  });

  it('reports a planted nondeterministic run with its repro command and fails the sweep', async () => {
    const out = join(scratch(), 's');
    const calls = new Map<number, number>();
    // Seed 2 gives another trace hash the second time it runs: what hidden state would do.
    const planted: typeof runTask = (task, root) => {
      const line = runTask(task, root);
      const n = (calls.get(task.seed) ?? 0) + 1;
      calls.set(task.seed, n);
      return task.seed === 2 && n === 2 ? { ...line, traceHash: 'planted0planted0' } : line;
    };
    const printed: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (printed.push(String(chunk)), true));
    const code = await sweepCommand({ scenarios: ['echo-chaos'], seeds: '1..3', jobs: '1', out, checkDeterminism: true }, () => '', { runTask: planted });
    vi.restoreAllMocks();
    expect(code).toBe(1);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as SweepSummary;
    expect(summary.determinism?.checked).toBe(3);
    expect(summary.determinism?.mismatches).toEqual([
      expect.objectContaining({ seed: 2, again: 'planted0planted0', repro: 'npx lockstep run echo-chaos --design safe --seed 2 --check-determinism' }),
    ]);
    expect(summary.ok).toBe(false);
    const text = printed.join('');
    expect(text).toContain('determinism: 3 runs checked, each run twice: 1 NOT DETERMINISTIC');
    expect(text).toContain('reproduce: npx lockstep run echo-chaos --design safe --seed 2 --check-determinism');
  });
});
