/**
 * live/: real processes and real time; exempt from the determinism rules (see live/watchdog.ts).
 *
 * Random live schedules aim clock faults where libfaketime can reach them: the servers' clocks,
 * never a client's; and for a quorum of independent servers (Redlock), mostly a majority at once.
 */
import { describe, expect, it } from 'vitest';
import { randomSchedule } from '../nemesis/generate.js';
import { RandomStreams } from '../sim/random.js';
import { findTarget } from './catalogue.js';
import { randomLiveSchedule } from './schedules.js';

const SEC = 1_000_000_000;
const CLOCK = new Set(['clock-offset', 'clock-jump', 'clock-drift', 'clock-strobe']);

function clockFaults(target: string, seeds: number) {
  const t = findTarget(target)!;
  return Array.from({ length: seeds }, (_, i) => randomLiveSchedule(t, i + 1, 8 * SEC).faults.filter((f) => CLOCK.has(f.fault))).flat();
}

describe('random live schedules', () => {
  it('aim every clock fault at servers of the targets whose servers run under libfaketime', () => {
    for (const target of ['zookeeper', 'redlock', 'redis-sentinel']) {
      const faults = clockFaults(target, 40);
      expect(faults.length, target).toBeGreaterThan(10);
      for (const f of faults) expect(f.targets!.every((n) => /^n\d+$/.test(n)), `${target}: ${JSON.stringify(f)}`).toBe(true);
    }
  });

  it('hit a majority of the independent Redlock servers with most clock faults, and one ZooKeeper server with each', () => {
    const redlock = clockFaults('redlock', 40);
    const majorities = redlock.filter((f) => f.targets!.length >= 3).length;
    expect(majorities / redlock.length).toBeGreaterThan(0.6);
    expect(redlock.every((f) => f.targets!.length === 1 || f.targets!.length === 3)).toBe(true);
    expect(clockFaults('zookeeper', 40).every((f) => f.targets!.length === 1)).toBe(true);
  });

  it('a generator asked for no clock victims of their own draws the very schedule it drew before', () => {
    const opts = { servers: ['n1', 'n2', 'n3'], clients: ['c1'], kinds: ['clock-jump' as const, 'pause' as const], endNs: 10 * SEC };
    const clientClocks = [];
    for (let seed = 1; seed <= 10; seed++) {
      const plain = randomSchedule(new RandomStreams(seed).stream('s'), opts);
      expect(randomSchedule(new RandomStreams(seed).stream('s'), { ...opts, clockMajorityP: 0 })).toEqual(plain);
      clientClocks.push(...plain.schedule.faults.filter((f) => f.fault === 'clock-jump' && f.targets![0] === 'c1'));
    }
    // By default a clock fault may still hit a client: the live targets are what ask otherwise.
    expect(clientClocks.length).toBeGreaterThan(0);
  });
});
