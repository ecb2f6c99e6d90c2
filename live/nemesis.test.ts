/**
 * live/: real processes and real time; exempt from the determinism rules (see live/watchdog.ts).
 *
 * The live nemesis: clock drift and strobe drive the libfaketime file of each target (and a real
 * process under libfaketime reads the time the file says); partitions between servers that dial
 * each other cut the run's namespace routes; holds, delays and loss reach the proxied links between
 * them, and what cannot reach them is listed as not applied.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Op } from '../checker/history.js';
import { RandomStreams } from '../sim/random.js';
import { FakeClock, libfaketimePath } from './faketime.js';
import { LiveNemesis, scheduleProblem, type LiveWorld } from './nemesis.js';
import { Links } from './proxy.js';

const SEC = 1_000_000_000;
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function clockFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'lockstep-clock-'));
  dirs.push(dir);
  return join(dir, 'n1.faketime');
}

/** The offset, in seconds, that libfaketime reads from the file. */
const fileOffset = (file: string) => Number(readFileSync(file, 'utf8').trim());

type ServerLinks = NonNullable<LiveWorld['serverLinks']>;

function nemesisOver(clocks: Record<string, FakeClock>, serverLinks?: ServerLinks, more: Partial<LiveWorld> = {}) {
  const ops: Omit<Op, 'index' | 'time'>[] = [];
  const origin = process.hrtime.bigint();
  const world: LiveWorld = {
    topology: { servers: Object.keys(clocks), clients: ['c1'] },
    links: new Links(),
    ...(serverLinks ? { serverLinks } : {}),
    ...more,
    clockOf: (node) => clocks[node],
    pause: () => false,
    resume: () => false,
    crash: async () => false,
    restart: async () => false,
  };
  const nemesis = new LiveNemesis(
    world,
    { now: () => Number(process.hrtime.bigint() - origin), op: (op) => ops.push(op), trace: () => undefined },
    new RandomStreams(1).stream('live-nemesis'),
  );
  return { nemesis, ops };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the live nemesis', () => {
  it('a drifting clock ramps its offset, keeps what it drifted when the drift ends, and the heal sets it right', async () => {
    const clock = new FakeClock(clockFile());
    const { nemesis } = nemesisOver({ n1: clock });
    // 20% fast for 0.6 s: about 0.12 s ahead when it ends.
    await nemesis.applyOpening({ faults: [{ at: 0, fault: 'clock-drift', targets: ['n1'], duration: 0.6 * SEC, params: { ppm: 200_000 } }] });
    await sleep(350);
    const mid = fileOffset(clock.file);
    expect(mid).toBeGreaterThan(0.04);
    expect(mid).toBeLessThan(0.11);
    await sleep(450);
    expect(clock.driftPpm).toBe(0);
    expect(clock.offset / 1e9).toBeGreaterThan(0.1);
    expect(clock.offset / 1e9).toBeLessThan(0.2);
    await nemesis.heal();
    expect(fileOffset(clock.file)).toBe(0);
  });

  it('a strobe flips the offset and steps back when it ends; a period under a second is stretched and says so', async () => {
    const clock = new FakeClock(clockFile());
    const { nemesis, ops } = nemesisOver({ n1: clock });
    await nemesis.applyOpening({ faults: [{ at: 0, fault: 'clock-strobe', targets: ['n1'], duration: 0.3 * SEC, params: { deltaNs: 5 * SEC, periodNs: 0.1 * SEC } }] });
    expect(fileOffset(clock.file)).toBe(5);
    const info = ops.find((o) => o.type === 'info' && o.f === 'clock-strobe')!;
    expect(JSON.stringify(info.value)).toMatch(/stretched to 1000 ms/);
    await sleep(400);
    expect(fileOffset(clock.file)).toBe(0);
    await nemesis.heal();
  });

  it('clock faults aimed at a client are refused before the run, drift and strobe as offsets are', () => {
    for (const fault of ['clock-drift', 'clock-strobe', 'clock-offset'] as const) {
      const params = fault === 'clock-drift' ? { ppm: 100 } : fault === 'clock-strobe' ? { deltaNs: SEC, periodNs: SEC } : { offsetNs: SEC };
      expect(scheduleProblem({ faults: [{ at: 0, fault, targets: ['c1'], params }] }, ['n1'], 'client clocks are not under libfaketime')).toMatch(/client clocks are not under libfaketime/);
      expect(scheduleProblem({ faults: [{ at: 0, fault, targets: ['n1'], params }] }, ['n1'], '')).toBeNull();
    }
  });

  it.skipIf(libfaketimePath() === null)('a real process under libfaketime reads the time the clock file says', () => {
    const clock = new FakeClock(clockFile());
    clock.shift(100.25 * SEC);
    const faked = Number(execFileSync('date', ['+%s.%N'], { env: { ...process.env, ...clock.env() } }).toString()) * 1000;
    expect(faked - Date.now()).toBeGreaterThan(99_000);
    expect(faked - Date.now()).toBeLessThan(101_500);
  });

  it('a partition between servers cuts each direction in the namespaces until it ends; without proxies between them, a clog there is not applied, and says why', async () => {
    const { serverLinks, cut } = routeCuts();
    const clocks = { n1: new FakeClock(clockFile()), n2: new FakeClock(clockFile()), n3: new FakeClock(clockFile()) };
    const { nemesis, ops } = nemesisOver(clocks, serverLinks, { serverLinkGaps: { shape: NO_NFT } });
    await nemesis.applyOpening({
      faults: [
        { at: 0, fault: 'isolate', targets: ['n1'], duration: 0.2 * SEC, params: { from: ['servers'] } },
        { at: 0, fault: 'clog', duration: 0.2 * SEC, params: { from: ['n2'], to: ['n3'], extraNs: SEC } },
      ],
    });
    expect([...cut].sort()).toEqual(['n1->n2', 'n1->n3', 'n2->n1', 'n3->n1']);
    expect(nemesis.executed[0]!.links).toEqual(['n1->n2', 'n2->n1', 'n1->n3', 'n3->n1']);
    expect(nemesis.executed[1]!.notApplied).toEqual([`n2->n3: ${NO_NFT}`]);
    await sleep(300);
    expect(cut.size).toBe(0);
    expect(ops.filter((o) => o.f === 'stop-isolate')).toHaveLength(2);
    await nemesis.heal();
  });

  it('with proxies between servers, a simulated schedule\'s delay, loss, clog and hold on their links are applied, each on its own direction, and partitions still cut routes', async () => {
    const { serverLinks, cut } = routeCuts();
    const links = new Links();
    const servers = ['n1', 'n2', 'n3'];
    for (const a of servers) for (const b of servers) if (a !== b) links.direction(a, b);
    const clocks = { n1: new FakeClock(clockFile()), n2: new FakeClock(clockFile()), n3: new FakeClock(clockFile()) };
    const { nemesis } = nemesisOver(clocks, serverLinks, { links });
    await nemesis.applyOpening({
      faults: [
        { at: 0, fault: 'clog', duration: 0.2 * SEC, params: { from: ['n2'], to: ['n3'], extraNs: SEC } },
        { at: 0, fault: 'delay', targets: ['n1'], duration: 0.2 * SEC, params: { minNs: 0, meanNs: 0.5 * SEC } },
        { at: 0, fault: 'swizzle-clog', duration: 0.2 * SEC, params: { from: ['n3'], to: ['n1'] } },
        { at: 0, fault: 'isolate', targets: ['n2'], duration: 0.2 * SEC, params: { from: ['servers'] } },
      ],
    });
    const [clog, delay, hold, isolate] = nemesis.executed;
    expect(nemesis.executed.flatMap((f) => f.notApplied ?? [])).toEqual([]);
    expect(clog!.links).toEqual(['n2->n3']);
    expect(links.direction('n2', 'n3').extraMs()).toBe(1000);
    expect(links.direction('n3', 'n2').extraMs()).toBe(0);
    expect(delay!.links).toEqual(['n1->n2', 'n1->n3', 'n2->n1', 'n3->n1']);
    expect(links.direction('n1', 'n2').extraMs()).toBe(500);
    expect(hold!.links).toEqual(['n3->n1']);
    expect(links.direction('n3', 'n1').held).toBe(true);
    expect(links.direction('n1', 'n3').held).toBe(false);
    // A partition is a real cut (routes), not a hold of the proxy.
    expect(isolate!.links).toEqual(['n2->n1', 'n1->n2', 'n2->n3', 'n3->n2']);
    expect([...cut].sort()).toEqual(['n1->n2', 'n2->n1', 'n2->n3', 'n3->n2']);
    expect(links.direction('n2', 'n1').held).toBe(false);
    await nemesis.heal();
    expect(links.all().every((d) => !d.held && d.extraMs() === 0)).toBe(true);
    expect(cut.size).toBe(0);
  });
});

const NO_NFT = 'delays, holds and loss between servers need nftables (apt-get install -y nftables)';

/** Server-to-server cuts as the run's namespaces make them, recorded instead of routed. */
function routeCuts(): { serverLinks: ServerLinks; cut: Set<string> } {
  const cut = new Set<string>();
  const serverLinks: ServerLinks = {
    has: (from, to) => from !== to && from.startsWith('n') && to.startsWith('n'),
    cut: (from, to) => {
      cut.add(`${from}->${to}`);
      return () => cut.delete(`${from}->${to}`);
    },
    healAll: () => cut.clear(),
  };
  return { serverLinks, cut };
}
