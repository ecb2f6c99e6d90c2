/**
 * The command as a user meets it: the built `lockstep` in a child process. Bad input gets one
 * line and exit 254, never a stack trace.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const bin = join(root, 'bin', 'lockstep.js');

function lockstep(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function expectBadInput(args: string[], mention: string): void {
  const r = lockstep(...args);
  expect(r.code).toBe(254);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).toContain(mention);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('lockstep command', () => {
  it('--help lists the commands', () => {
    const r = lockstep('--help');
    expect(r.code).toBe(0);
    for (const c of ['list', 'run', 'sweep']) expect(r.stdout).toContain(c);
  });

  it('list shows scenarios with their designs', () => {
    const r = lockstep('list', '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { scenarios: { name: string; designs: unknown[] }[] };
    expect(doc.scenarios.map((s) => s.name)).toContain('echo-chaos');
  });

  it('run prints parameters first, then verdict, trace hash and the repro command', () => {
    const out = mkdtempSync(join(tmpdir(), 'lockstep-run-'));
    const r = lockstep('run', 'echo-chaos', '--seed', '3', '--out', out, '--check-determinism');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('lockstep run echo-chaos design=safe seed=3');
    expect(lines[1]).toMatch(/^ {2}\w+ = /);
    expect(r.stdout).toMatch(/trace hash [0-9a-f]{16}/);
    expect(r.stdout).toContain('determinism: a second run gave the same trace hash');
    expect(r.stdout).toContain('reproduce: npx lockstep run echo-chaos --design safe --seed 3');
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as { seed: number; traceHash: string };
    expect(result.seed).toBe(3);
    expect(r.stdout).toContain(result.traceHash);
  });

  it('the same seed gives the same trace hash across processes', () => {
    const a = JSON.parse(lockstep('run', 'echo-chaos', '--seed', '11', '--json', '--out', mkdtempSync(join(tmpdir(), 'ls-'))).stdout);
    const b = JSON.parse(lockstep('run', 'echo-chaos', '--seed', '11', '--json', '--out', mkdtempSync(join(tmpdir(), 'ls-'))).stdout);
    expect(a.traceHash).toBe(b.traceHash);
  });

  it('sweep runs seeds on workers and writes a summary', () => {
    const out = mkdtempSync(join(tmpdir(), 'lockstep-sweep-'));
    const r = lockstep('sweep', 'echo-chaos', '--seeds', '1..6', '--jobs', '2', '--out', out);
    expect(r.code).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { ok: boolean; results: unknown[] };
    expect(summary.ok).toBe(true);
    expect(summary.results).toHaveLength(6);
  });

  it('shards of a sweep merge into the whole', () => {
    const a = mkdtempSync(join(tmpdir(), 'lockstep-shard-'));
    const b = mkdtempSync(join(tmpdir(), 'lockstep-shard-'));
    const m = mkdtempSync(join(tmpdir(), 'lockstep-merged-'));
    expect(lockstep('sweep', 'echo-chaos', '--seeds', '1..5', '--shard', '1/2', '--jobs', '1', '--out', a).code).toBe(0);
    expect(lockstep('sweep', 'echo-chaos', '--seeds', '1..5', '--shard', '2/2', '--jobs', '1', '--out', b).code).toBe(0);
    expect(lockstep('merge', join(a, 'summary.json'), join(b, 'summary.json'), '--out', m).code).toBe(0);
    const merged = JSON.parse(readFileSync(join(m, 'summary.json'), 'utf8')) as { results: { seed: number }[] };
    expect(merged.results.map((r) => r.seed).sort()).toEqual([1, 2, 3, 4, 5]);
  });

  describe('bad input: one line, exit 254', () => {
    it('an unknown scenario', () => expectBadInput(['run', 'no-such-case', '--seed', '1'], 'unknown scenario "no-such-case"'));
    it('a missing seed', () => expectBadInput(['run', 'echo-chaos'], '--seed'));
    it('a seed that is not a number', () => expectBadInput(['run', 'echo-chaos', '--seed', 'abc'], '--seed must be a non-negative integer'));
    it('an unknown design', () => expectBadInput(['run', 'echo-chaos', '--seed', '1', '--design', 'wobbly'], 'no design "wobbly"'));
    it('a bad seed range', () => expectBadInput(['sweep', '--all', '--seeds', '9..2'], '--seeds range is empty'));
    it('a malformed seed range', () => expectBadInput(['sweep', '--all', '--seeds', 'one-to-ten'], '--seeds must look like 1..100'));
    it('a bad shard', () => expectBadInput(['sweep', '--all', '--seeds', '1..4', '--shard', '3/2'], '--shard 3/2'));
    it('an unknown command', () => expectBadInput(['frobnicate'], "unknown command 'frobnicate'"));
    it('a schedule for a scenario that takes none', () => {
      const f = join(mkdtempSync(join(tmpdir(), 'ls-')), 'bad.json');
      writeFileSync(f, '{ "faults": [] }');
      expectBadInput(['run', 'echo-chaos', '--seed', '1', '--schedule', f], 'does not take a --schedule');
    });
    it('a missing summary file for merge', () => expectBadInput(['merge', '/nonexistent/summary.json'], 'no such summary file'));
  });
});

describe('lockstep check', () => {
  const jepsen = join(root, 'checker', 'io', 'fixtures', 'etcd-cas-register.edn');

  it('checks a Jepsen history.edn of independent keys: exit 0 when linearizable', () => {
    const r = lockstep('check', jepsen, '--model', 'cas-register', '--independent');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^VALID/);
  });

  it('exit 1 with an explanation when a read is stale', () => {
    const f = join(mkdtempSync(join(tmpdir(), 'ls-')), 'stale.jsonl');
    const ops = [
      { index: 0, process: 0, type: 'invoke', f: 'write', value: 1, time: 0 },
      { index: 1, process: 0, type: 'ok', f: 'write', value: 1, time: 10 },
      { index: 2, process: 1, type: 'invoke', f: 'read', value: null, time: 20 },
      { index: 3, process: 1, type: 'ok', f: 'read', value: 0, time: 30 },
    ];
    writeFileSync(f, ops.map((o) => JSON.stringify(o)).join('\n') + '\n');
    const r = lockstep('check', f, '--model', 'register');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('[LIN]');
  });

  it('a missing history file is bad input', () => expectBadInput(['check', '/nonexistent/history.jsonl', '--model', 'register'], 'cannot read history file'));
  it('an unknown model is bad input', () => expectBadInput(['check', jepsen, '--model', 'queue'], 'unknown model "queue"'));
  it('a malformed history names the line and field', () => {
    const f = join(mkdtempSync(join(tmpdir(), 'ls-')), 'bad.jsonl');
    writeFileSync(f, JSON.stringify({ index: 0, process: 0, type: 'done', f: 'read', value: null, time: 0 }) + '\n');
    expectBadInput(['check', f, '--model', 'register'], 'line 1');
  });
});

describe('lockstep report', () => {
  it('renders a run folder again', () => {
    const out = mkdtempSync(join(tmpdir(), 'lockstep-report-'));
    expect(lockstep('run', 'echo-chaos', '--seed', '4', '--out', out).code).toBe(0);
    const before = readFileSync(join(out, 'report.html'), 'utf8');
    writeFileSync(join(out, 'report.html'), '');
    const r = lockstep('report', out);
    expect(r.code).toBe(0);
    expect(readFileSync(join(out, 'report.html'), 'utf8')).toBe(before);
  });

  it('a folder that is not a run is bad input', () => expectBadInput(['report', tmpdir()], 'has no result.json'));
  it('a missing folder is bad input', () => expectBadInput(['report', '/nonexistent/run'], 'no such run folder'));
});

describe('determinism end to end', () => {
  it.each(['raft-chaos', 'lock-chaos'])('%s gives the same trace hash twice', (scenario) => {
    const r = lockstep('run', scenario, '--seed', '2', '--check-determinism', '--out', mkdtempSync(join(tmpdir(), 'ls-det-')));
    expect(r.stdout).toContain('determinism: a second run gave the same trace hash');
  });
});
