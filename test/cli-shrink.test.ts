/** A failing seed's schedule, saved, replayed and shrunk, as a user does it from a sweep's repro line. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '..', 'bin', 'lockstep.js');
function lockstep(cwd: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
/** The same, without blocking the test worker: a long shrink must not starve vitest's own messages. */
function lockstepAsync(cwd: string, ...args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd, env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('close', (code) => resolve({ code, stdout }));
  });
}
const hashOf = (stdout: string): string => /trace hash ([0-9a-f]{16})/.exec(stdout)?.[1] ?? 'none';

describe('schedules from seeds', () => {
  it('run --save-schedule writes the seed\'s schedule, and replaying the file gives the same run', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'lockstep-sched-'));
    const saved = lockstep(cwd, 'run', 'lease-skew', '--design', 'unsafe-2x-wait', '--seed', '27', '--out', 'a', '--save-schedule', 'seed27.json');
    expect(saved.code).toBe(1);
    const text = readFileSync(join(cwd, 'seed27.json'), 'utf8');
    expect(JSON.parse(text)).toMatchObject({ healAt: 20_000_000_000, description: expect.stringContaining('lease-skew seed 27') });
    const replay = lockstep(cwd, 'run', 'lease-skew', '--design', 'unsafe-2x-wait', '--seed', '27', '--out', 'b', '--schedule', 'seed27.json');
    expect(replay.code).toBe(1);
    expect(hashOf(replay.stdout)).toBe(hashOf(saved.stdout));
  });

  it('the printed fault phase is the schedule\'s own heal time', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'lockstep-sched-'));
    const r = lockstep(cwd, 'run', 'failover-lease-reset', '--seed', '1', '--out', 'a', '--schedule', join(import.meta.dirname, '..', 'scenarios', 'catalogue', 'leases', 'schedules', 'failover-lease-reset.json'));
    expect(r.stdout).toContain('faultPhaseS = 14');
  });

  it('shrink keeps the violation kind with fewer faults and prints the replay command', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'lockstep-shrink-'));
    const r = await lockstepAsync(cwd, 'shrink', 'lease-skew', '--design', 'unsafe-2x-wait', '--seed', '27', '--out', 'min', '--max-runs', '60', '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { kind: string; faultsBefore: number; faultsAfter: number; replay: string };
    expect(doc.kind).toBe('ME-belief');
    expect(doc.faultsAfter).toBeLessThan(doc.faultsBefore);
    expect(doc.faultsAfter).toBeLessThanOrEqual(10);
    const schedule = JSON.parse(readFileSync(join(cwd, 'min', 'schedule.json'), 'utf8')) as { description: string; faults: unknown[] };
    expect(schedule.faults).toHaveLength(doc.faultsAfter);
    expect(schedule.description).toMatch(/^Shrunk from the random schedule of seed 27 \(\d+ faults\) to \d+ faults? that still leads? to ME-belief/);
    const replay = lockstep(cwd, ...doc.replay.replace(/^npx lockstep /, '').split(' '));
    expect(replay.code).toBe(1);
    expect(replay.stdout).toContain('[ME-belief]');
    // About 35 runs of a 20 s scenario: 20-40 s on an idle machine, past a minute under heavy load.
  }, 180_000);

  it('shrink refuses a seed that does not fail', () => {
    const r = lockstep(mkdtempSync(join(tmpdir(), 'lockstep-shrink-')), 'shrink', 'lease-skew', '--design', 'unsafe-2x-wait', '--seed', '25', '--out', 'x');
    expect(r.code).toBe(254);
    expect(r.stderr).toContain('finds no violation: nothing to shrink');
  });
});
