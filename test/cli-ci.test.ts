/**
 * The command as CI and its users meet it: shards that fail only for what they can decide, a
 * merge that judges the rest and whose links work, the results store, serve, and bad input.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');
const bin = join(root, 'bin', 'lockstep.js');

function lockstep(cwd: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const scratch = (): string => mkdtempSync(join(tmpdir(), 'lockstep-ci-'));

interface Summary {
  seeds: string;
  range?: string;
  shard?: string;
  ok: boolean;
  shards?: { shard: string; seeds: string }[];
  folders?: { kept: number; failing: number };
  rows: { met: boolean; pending: boolean; failing: { seed: number; repro: string; report: string | null }[] }[];
  results: { seed: number; repro?: string; report?: string }[];
}

const summaryOf = (dir: string): Summary => JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Summary;

describe('sweep shards and merge', () => {
  // Seeds 25..28 of lease-skew's 2x-wait design: only seed 27 catches it, in the second shard.
  const sweepShard = (cwd: string, i: number): ReturnType<typeof lockstep> =>
    lockstep(cwd, 'sweep', 'lease-skew', '--designs', 'unsafe-2x-wait', '--seeds', '25..28', '--shard', `${i}/2`, '--jobs', '1', '--out', `shard-${i}`);

  it('a shard without the catching seed passes, and merge judges the design caught over both', () => {
    const cwd = scratch();
    const first = sweepShard(cwd, 1);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('merge decides');
    expect(sweepShard(cwd, 2).code).toBe(0);

    const s1 = summaryOf(join(cwd, 'shard-1'));
    expect(s1).toMatchObject({ seeds: '25..26', range: '25..28', shard: '1/2', ok: true });
    expect(s1.rows[0]).toMatchObject({ pending: true });
    expect(summaryOf(join(cwd, 'shard-2')).seeds).toBe('27..28');

    const merged = lockstep(cwd, 'merge', 'shard-1/summary.json', 'shard-2/summary.json', '--out', 'merged');
    expect(merged.code).toBe(0);
    expect(merged.stdout).toContain('shard 1/2: seeds 25..26');
    expect(merged.stdout).toContain('shard 2/2: seeds 27..28');
    const m = summaryOf(join(cwd, 'merged'));
    expect(m.seeds).toBe('25..28');
    expect(m.shards?.map((s) => s.seeds)).toEqual(['25..26', '27..28']);
    expect(m.rows[0]).toMatchObject({ met: true, pending: false });
    // The catching run's folder came along, so the merged index links a real file.
    const catching = m.rows[0]?.failing[0];
    expect(catching?.seed).toBe(27);
    expect(catching?.repro).toBe('npx lockstep run lease-skew --design unsafe-2x-wait --seed 27');
    expect(existsSync(join(cwd, 'merged', catching?.report as string))).toBe(true);
    const index = readFileSync(join(cwd, 'merged', 'index.html'), 'utf8');
    expect(index).toContain(`href="${catching?.report}"`);
    expect(index).toContain('Shard 1/2 ran seeds 25..26');
  });

  it('merge refuses a missing shard: its seeds were never run', () => {
    const cwd = scratch();
    expect(sweepShard(cwd, 2).code).toBe(0);
    const r = lockstep(cwd, 'merge', 'shard-2/summary.json');
    expect(r.code).toBe(254);
    expect(r.stderr).toContain('shard(s) 1/2 of seeds 25..28 missing');
  });
});

describe('the results store', () => {
  it('gives each run and sweep its own timestamped folder with latest links', () => {
    const cwd = scratch();
    expect(lockstep(cwd, 'run', 'echo-chaos', '--seed', '1').code).toBe(0);
    expect(lockstep(cwd, 'sweep', 'echo-chaos', '--seeds', '1..2', '--jobs', '1').code).toBe(0);
    const folders = readdirSync(join(cwd, 'store', 'echo-chaos')).filter((n) => n !== 'latest').sort();
    expect(folders).toHaveLength(2);
    for (const f of folders) expect(f).toMatch(/^\d{8}T\d{6}\.\d{3}Z(-\d+)?$/);
    expect(readlinkSync(join(cwd, 'store', 'echo-chaos', 'latest'))).toBe(folders[1]);
    expect(existsSync(join(cwd, 'store', 'latest', 'summary.json'))).toBe(true);
    expect(existsSync(join(cwd, 'store', 'echo-chaos', folders[0] as string, 'result.json'))).toBe(true);
  });

  it('a second sweep into the same --out leaves none of the first one\'s run folders', () => {
    const cwd = scratch();
    expect(lockstep(cwd, 'sweep', 'lease-skew', '--designs', 'unsafe-2x-wait', '--seeds', '27', '--jobs', '1', '--out', 'o').code).toBe(0);
    expect(existsSync(join(cwd, 'o', 'lease-skew', 'unsafe-2x-wait', '27'))).toBe(true);
    expect(lockstep(cwd, 'sweep', 'echo-chaos', '--seeds', '1', '--jobs', '1', '--out', 'o').code).toBe(0);
    expect(readdirSync(join(cwd, 'o')).sort()).toEqual(['index.html', 'summary.json']);
  });

  it('--out refuses a folder of other files before running', () => {
    const cwd = scratch();
    writeFileSync(join(cwd, 'notes.txt'), 'mine');
    const r = lockstep(cwd, 'sweep', 'echo-chaos', '--seeds', '1', '--out', '.');
    expect(r.code).toBe(254);
    expect(readFileSync(join(cwd, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('serve browses the store on 127.0.0.1 and prints its URL', async () => {
    const cwd = scratch();
    expect(lockstep(cwd, 'run', 'echo-chaos', '--seed', '2').code).toBe(0);
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let text = '';
        child.stdout.on('data', (b: Buffer) => {
          text += b.toString();
          const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(text);
          if (m) resolve(m[0]);
        });
        child.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
      });
      const listing = await fetch(url);
      expect(listing.status).toBe(200);
      expect(await listing.text()).toContain('echo-chaos');
      const report = await fetch(`${url}echo-chaos/latest/result.json`);
      expect(report.status).toBe(200);
      expect(((await report.json()) as { seed: number }).seed).toBe(2);
      const escape = await fetch(`${url}..%2F..%2Fetc%2Fpasswd`);
      expect([400, 404]).toContain(escape.status);
      expect(await escape.text()).not.toContain('root:');
    } finally {
      child.kill('SIGTERM');
    }
    const code = await new Promise<number | null>((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once('exit', (c) => resolve(c))));
    expect(code).toBe(0);
  });
});

describe('bad input, as CI scripts meet it', () => {
  it('run --out naming an existing file: one line, 254, before running', () => {
    const cwd = scratch();
    writeFileSync(join(cwd, 'taken'), 'keep me');
    const r = lockstep(cwd, 'run', 'echo-chaos', '--seed', '1', '--out', 'taken');
    expect(r.code).toBe(254);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stdout).toBe('');
    expect(readFileSync(join(cwd, 'taken'), 'utf8')).toBe('keep me');
  });

  it('a seed range beyond the cap is refused, naming the cap', () => {
    const r = lockstep(scratch(), 'sweep', 'echo-chaos', '--seeds', '1..9999999999');
    expect(r.code).toBe(254);
    expect(r.stderr).toMatch(/at most 200000/);
  });

  it('a flag given twice is refused', () => {
    const r = lockstep(scratch(), 'run', 'echo-chaos', '--seed', '1', '--seed', '2');
    expect(r.code).toBe(254);
    expect(r.stderr.trim()).toBe('lockstep: --seed was given more than once; give it once');
  });

  it('with --json, an error is also a JSON document on stdout', () => {
    const r = lockstep(scratch(), 'run', 'no-such-scenario', '--seed', '1', '--json');
    expect(r.code).toBe(254);
    expect(JSON.parse(r.stdout)).toEqual({ error: { exit: 254, kind: 'bad-input', message: expect.stringContaining('unknown scenario') } });
  });

  it('--version prints the package version', () => {
    const r = lockstep(scratch(), '--version');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version);
  });

  it('list names no internal documents, and survives a reader that stops early', () => {
    const r = lockstep(scratch(), 'list', '--json');
    expect(r.stdout).not.toMatch(/cases\.md|shared\/|seed 00\d/);
    const text = lockstep(scratch(), 'list').stdout;
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
    const piped = spawnSync('sh', ['-c', `"${process.execPath}" "${bin}" list | head -1`], { encoding: 'utf8' });
    expect(piped.status).toBe(0);
    expect(piped.stderr).toBe('');
    expect(piped.stdout.split('\n')[0]).toMatch(/^echo-chaos /);
  });
});
