/**
 * live/: real processes and real time; exempt from the determinism rules (see live/watchdog.ts).
 *
 * Every process a live run starts belongs to the run: when lockstep is killed mid-run with
 * SIGKILL (no handler can run), its watchdog stops every server and client and removes the run's
 * folder. Missing servers and bad input get one line and exit 254.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, IN_CI, lockstep, REPO, unavailable } from './testing/run-cli.js';

/** Every live descendant of a process, by walking /proc (pid with its start time, against reuse). */
function descendants(root: number): Map<number, string> {
  const parent = new Map<number, number>();
  const started = new Map<number, string>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(name), Number(fields[1]));
      started.set(Number(name), fields[19]!);
    } catch {
      // Gone while we looked.
    }
  }
  const out = new Map<number, string>();
  let frontier = [root];
  while (frontier.length > 0) {
    const next: number[] = [];
    for (const [pid, ppid] of parent) if (frontier.includes(ppid) && !out.has(pid)) (out.set(pid, started.get(pid)!), next.push(pid));
    frontier = next;
  }
  return out;
}

function stillAlive(pids: Map<number, string>): number[] {
  return [...pids].filter(([pid, start]) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
      return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] === start && state !== 'Z';
    } catch {
      return false;
    }
  }).map(([pid]) => pid);
}

const why = unavailable('etcd');

describe('a live run owns its processes', () => {
  it.skipIf(why !== null && !IN_CI)('leaves nothing behind when lockstep is SIGKILLed mid-run', { timeout: 90_000 }, async () => {
    if (why !== null) throw new Error(`in CI every live server must be installed: ${why}`);
    const out = mkdtempSync(join(tmpdir(), 'lockstep-live-kill-'));
    const child = spawn(process.execPath, [BIN, 'live', 'run', 'etcd', '--recipe', 'lock', '--hazard', 'paused-holder', '--seed', '1', '--out', join(out, 'run')], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    const running = new Promise<void>((resolve) => {
      child.stdout.on('data', (d) => {
        text += String(d);
        if (text.includes('running:')) resolve();
      });
    });
    await Promise.race([running, new Promise((r) => setTimeout(r, 60_000))]);
    expect(text).toContain('running:');
    const dataDir = /data in (\S+)\)/.exec(text)?.[1];
    expect(dataDir && existsSync(dataDir)).toBe(true);
    await new Promise((r) => setTimeout(r, 1500));
    const owned = descendants(child.pid!);
    // Three servers, two clients and the watchdog at least.
    expect(owned.size).toBeGreaterThanOrEqual(6);
    // As root the servers run in network namespaces of the run, which must go too.
    const bridge = /namespace of the run on (\S+) /.exec(text)?.[1];
    const namespaces = () => spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout ?? '';
    const k = bridge?.replace('lockstep-br', '');
    if (bridge) expect(namespaces()).toContain(`lockstep-${k}-n1`);
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    let left = stillAlive(owned);
    const netnsLeft = () => bridge !== undefined && namespaces().includes(`lockstep-${k}-`);
    for (let i = 0; i < 50 && (left.length > 0 || existsSync(dataDir!) || netnsLeft()); i++) {
      await new Promise((r) => setTimeout(r, 200));
      left = stillAlive(owned);
    }
    expect(left, `processes left behind: ${left.join(', ')}`).toEqual([]);
    expect(existsSync(dataDir!)).toBe(false);
    if (bridge) {
      expect(namespaces()).not.toContain(`lockstep-${k}-`);
      expect(spawnSync('ip', ['-o', 'link'], { encoding: 'utf8' }).stdout).not.toMatch(new RegExp(`: ${bridge}[:@]`));
    }
    rmSync(out, { recursive: true, force: true });
  });

  it('a missing server binary is one line and exit 254, naming it and the install command', async () => {
    const child = spawn(process.execPath, [BIN, 'live', 'run', 'etcd', '--recipe', 'lock', '--hazard', 'paused-holder', '--seed', '1', '--out', join(tmpdir(), 'lockstep-never')], {
      cwd: REPO,
      env: { ...process.env, PATH: '/nonexistent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    const code = await new Promise((r) => child.on('exit', r));
    expect(code).toBe(254);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('etcd');
    expect(stderr).toContain('apt-get install -y etcd-server');
  });

  it('bad input is one line and exit 254', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lockstep-live-bad-'));
    const file = join(dir, 's.json');
    writeFileSync(file, JSON.stringify({ faults: [{ at: 1000, fault: 'clock-jump', targets: ['n1'], params: { deltaNs: 5 } }] }));
    const cases = [
      ['live', 'run', 'mysql', '--recipe', 'x', '--seed', '1'],
      ['live', 'run', 'etcd', '--recipe', 'nope', '--seed', '1'],
      ['live', 'run', 'etcd', '--recipe', 'lock', '--hazard', 'nope', '--seed', '1'],
      ['live', 'run', 'etcd', '--recipe', 'lock', '--seed', 'x'],
      ['live', 'run', 'etcd', '--recipe', 'lock', '--seed', '1', '--duration', 'forever'],
      // etcd is Go: a clock fault cannot reach it, and the run says so instead of pretending.
      ['live', 'run', 'etcd', '--recipe', 'lock', '--seed', '1', '--schedule', file],
    ];
    for (const args of cases) {
      const r = await lockstep(args, 30_000);
      expect(r.code, args.join(' ')).toBe(254);
      expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
    }
    const r = await lockstep(['live', 'run', 'etcd', '--recipe', 'lock', '--seed', '1', '--schedule', file], 30_000);
    expect(r.stderr).toContain('libfaketime cannot skew it');
    rmSync(dir, { recursive: true, force: true });
  });

  it('live list names every target, its recipes, and where clock faults cannot work', async () => {
    const r = await lockstep(['live', 'list', '--json'], 30_000);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { target: string; clockFaults: { servers: boolean; why: string }; recipes: unknown[] }[];
    expect(doc.map((t) => t.target)).toEqual(['etcd', 'zookeeper', 'redlock', 'redis-sentinel']);
    expect(doc.find((t) => t.target === 'etcd')!.clockFaults.servers).toBe(false);
    expect(doc.every((t) => t.recipes.length === 2)).toBe(true);
  });
});
