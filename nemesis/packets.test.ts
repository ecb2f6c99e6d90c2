import { describe, expect, it } from 'vitest';
import { MS } from '../sim/time.js';
import { installSchedule } from './interpret.js';
import type { FaultSpec } from './schedule.js';
import { chatterWorld, heardCount, type Chatter, type Heard } from './testing/probes.js';

// Greetings leave at multiples of 10 ms and take 1 ms, and a fault at t acts before the greeting
// sent at t: so a fault over [a, b) affects exactly the arrivals in the window [a, b).
const SERVERS = ['n1', 'n2', 'n3', 'n4', 'n5'];

function run(faults: FaultSpec[], until = 600 * MS, seed = 1) {
  const world = chatterWorld(seed, SERVERS);
  const nemesis = installSchedule(world, { faults }, { servers: SERVERS, clients: [], leader: () => null });
  world.runUntil(until);
  /** What `to` heard from `from`, with each greeting's send time (greeting n leaves at n * 10 ms). */
  const heard = (to: string, from: string): (Heard & { sentAt: number; latency: number })[] =>
    world
      .process<Chatter>(to)!
      .heard.filter((h) => h.from === from)
      .map((h) => ({ ...h, sentAt: h.n * 10 * MS, latency: h.at - h.n * 10 * MS }));
  return { world, nemesis, heard };
}

const sentIn = (t0: number, t1: number) => (h: { sentAt: number }) => h.sentAt >= t0 && h.sentAt < t1;

describe('packet faults change the links to and from their targets', () => {
  it('delay: a latency spike on the target links only, for as long as it lasts', () => {
    const { heard } = run([{ at: 100 * MS, fault: 'delay', targets: ['n1'], duration: 200 * MS, params: { minNs: 50 * MS, meanNs: 50 * MS } }]);
    expect(new Set(heard('n2', 'n1').filter(sentIn(100 * MS, 300 * MS)).map((h) => h.latency))).toEqual(new Set([50 * MS]));
    expect(new Set(heard('n1', 'n2').filter(sentIn(100 * MS, 300 * MS)).map((h) => h.latency))).toEqual(new Set([50 * MS]));
    expect(new Set(heard('n2', 'n3').map((h) => h.latency))).toEqual(new Set([1 * MS]));
    expect(new Set(heard('n2', 'n1').filter(sentIn(400 * MS, 600 * MS)).map((h) => h.latency))).toEqual(new Set([1 * MS]));
  });

  it('loss: with p = 1 nothing gets through, with p = 0.5 about half does', () => {
    const all = run([{ at: 100 * MS, fault: 'loss', targets: ['n1'], duration: 200 * MS, params: { p: 1 } }]);
    expect(heardCount(all.world, 'n2', 'n1', 100 * MS, 300 * MS)).toBe(0);
    expect(heardCount(all.world, 'n1', 'n2', 100 * MS, 300 * MS)).toBe(0);
    expect(heardCount(all.world, 'n2', 'n3', 100 * MS, 300 * MS)).toBe(20);
    expect(heardCount(all.world, 'n2', 'n1', 300 * MS, 500 * MS)).toBe(20);
    const half = run([{ at: 0, fault: 'loss', targets: ['n1'], params: { p: 0.5 } }], 2000 * MS);
    const got = SERVERS.slice(1).reduce((sum, n) => sum + heardCount(half.world, n, 'n1', 0, 2000 * MS), 0);
    expect(got).toBeGreaterThan(0.35 * 4 * 199);
    expect(got).toBeLessThan(0.65 * 4 * 199);
  });

  it('duplicate: with p = 1 every packet arrives twice', () => {
    const { heard } = run([{ at: 100 * MS, fault: 'duplicate', targets: ['n1'], duration: 200 * MS, params: { p: 1 } }]);
    const during = heard('n2', 'n1').filter(sentIn(100 * MS, 300 * MS));
    expect(during).toHaveLength(40);
    expect(new Set(during.map((h) => h.n)).size).toBe(20);
    expect(heard('n2', 'n1').filter(sentIn(300 * MS, 500 * MS))).toHaveLength(20);
  });

  it('reorder: packets with varied latency overtake each other only when reordering is on', () => {
    const spread = { minNs: 1 * MS, meanNs: 30 * MS };
    const inversions = (faults: FaultSpec[]) => {
      const ns = run(faults).heard('n2', 'n1').map((h) => h.n);
      return ns.filter((n, i) => i > 0 && n < (ns[i - 1] as number)).length;
    };
    expect(inversions([{ at: 0, fault: 'delay', targets: ['n1'], params: spread }])).toBe(0);
    // Two packet faults on one link compose: the delay's spread and the reorder both apply.
    expect(inversions([{ at: 0, fault: 'delay', targets: ['n1'], params: spread }, { at: 0, fault: 'reorder', targets: ['n1'], params: { p: 1 } }])).toBeGreaterThan(3);
  });

  it('clog: extra delay on the named directed links, not the way back nor other links', () => {
    const { heard } = run([{ at: 100 * MS, fault: 'clog', duration: 200 * MS, params: { from: ['n1'], to: ['n2'], extraNs: 100 * MS } }]);
    expect(new Set(heard('n2', 'n1').filter(sentIn(100 * MS, 300 * MS)).map((h) => h.latency))).toEqual(new Set([101 * MS]));
    expect(new Set(heard('n1', 'n2').map((h) => h.latency))).toEqual(new Set([1 * MS]));
    expect(new Set(heard('n3', 'n1').map((h) => h.latency))).toEqual(new Set([1 * MS]));
  });

  it('swizzle-clog: held packets wait, then every link is released at once in an order drawn from the seed', () => {
    const swizzle: FaultSpec = { at: 100 * MS, fault: 'swizzle-clog', duration: 200 * MS, params: { from: ['n1', 'n2', 'n4'], to: ['n3'] } };
    const burst = (seed: number) => {
      const { heard, world } = run([swizzle], 600 * MS, seed);
      const held = ['n1', 'n2', 'n4'].map((from) => heard('n3', from).filter(sentIn(100 * MS, 300 * MS)));
      for (const h of held) {
        expect(h.map((x) => x.at)).toEqual(new Array(20).fill(300 * MS));
        expect(h.map((x) => x.n)).toEqual([...h.map((x) => x.n)].sort((a, b) => a - b));
      }
      expect(heardCount(world, 'n3', 'n5', 100 * MS, 300 * MS)).toBe(20);
      return world
        .process<Chatter>('n3')!
        .heard.filter((h) => h.at === 300 * MS && h.from !== 'n5')
        .map((h) => h.from)
        .filter((from, i, all) => all[i - 1] !== from)
        .join(',');
    };
    expect(burst(3)).toEqual(burst(3));
    expect(new Set([1, 2, 3, 4, 5, 6].map(burst)).size).toBeGreaterThan(1);
  });

  it('overlapping packet faults: the later one wins while it lasts, then the earlier one shows again', () => {
    const { world } = run([
      { at: 100 * MS, fault: 'loss', targets: ['n1'], duration: 300 * MS, params: { p: 1 } },
      { at: 200 * MS, fault: 'loss', targets: ['n1'], duration: 100 * MS, params: { p: 0 } },
    ]);
    expect(heardCount(world, 'n2', 'n1', 100 * MS, 200 * MS)).toBe(0);
    expect(heardCount(world, 'n2', 'n1', 200 * MS, 300 * MS)).toBe(10);
    expect(heardCount(world, 'n2', 'n1', 300 * MS, 400 * MS)).toBe(0);
    expect(heardCount(world, 'n2', 'n1', 400 * MS, 500 * MS)).toBe(10);
  });
});
