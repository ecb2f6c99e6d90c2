import { describe, expect, it } from 'vitest';
import { WALL_EPOCH_NS } from '../sim/clock.js';
import { MS, SEC } from '../sim/time.js';
import type { World } from '../sim/world.js';
import { installSchedule } from './interpret.js';
import type { FaultSpec } from './schedule.js';
import { chatterWorld, heardCount, testContext } from './testing/probes.js';

function clockWorld(faults: FaultSpec[]): World {
  const world = chatterWorld(1, ['n1', 'n2']);
  installSchedule(world, { faults }, testContext(['n1', 'n2']));
  return world;
}

/** How far the node's wall clock is from true time (on the wall clock's default epoch). */
const wallSkew = (world: World, id: string): number => world.clock(id).wall(world.now) - WALL_EPOCH_NS - world.now;

describe('clock faults', () => {
  it('clock-offset sets the wall clock away from true time, and puts it back at the end', () => {
    const world = clockWorld([{ at: 1 * SEC, fault: 'clock-offset', targets: ['n1'], duration: 2 * SEC, params: { offsetNs: -5 * SEC } }]);
    const mono0 = world.clock('n1').mono(0);
    world.runUntil(2 * SEC);
    expect(wallSkew(world, 'n1')).toBe(-5 * SEC);
    expect(wallSkew(world, 'n2')).toBe(0);
    expect(world.clock('n1').mono(world.now) - mono0).toBe(2 * SEC);
    world.runUntil(4 * SEC);
    expect(wallSkew(world, 'n1')).toBe(0);
  });

  it('clock-jump steps the wall clock forward or back and leaves the monotonic clock alone', () => {
    const world = clockWorld([
      { at: 1 * SEC, fault: 'clock-jump', targets: ['n1'], params: { deltaNs: 30 * SEC } },
      { at: 1 * SEC, fault: 'clock-jump', targets: ['n2'], duration: 1 * SEC, params: { deltaNs: -30 * SEC } },
    ]);
    world.runUntil(1500 * MS);
    expect(wallSkew(world, 'n1')).toBe(30 * SEC);
    expect(wallSkew(world, 'n2')).toBe(-30 * SEC);
    world.runUntil(3 * SEC);
    // A jump without a duration lasts until the final heal; one with a duration steps back.
    expect(wallSkew(world, 'n1')).toBe(30 * SEC);
    expect(wallSkew(world, 'n2')).toBe(0);
  });

  it('clock-drift on the monotonic clock makes its timers fire early in true time', () => {
    const world = clockWorld([{ at: 0, fault: 'clock-drift', targets: ['n1'], duration: 1 * SEC, params: { ppm: 250_000, clock: 'monotonic' } }]);
    world.runUntil(2 * SEC);
    // n1's 10 ms greeting timer runs 25% fast for the first second (a greeting every 8 ms), then
    // keeps time; n2's keeps time throughout. Each greeting takes 1 ms to arrive.
    expect(heardCount(world, 'n2', 'n1', 0, 1 * SEC)).toBeGreaterThanOrEqual(124);
    expect(heardCount(world, 'n2', 'n1', 1010 * MS, 2 * SEC)).toBe(99);
    expect(heardCount(world, 'n1', 'n2', 0, 1 * SEC)).toBe(99);
    expect(wallSkew(world, 'n1')).toBe(0);
  });

  it('clock-drift on the wall clock only: the wall clock gains, the timers keep time', () => {
    const world = clockWorld([{ at: 0, fault: 'clock-drift', targets: ['n1'], duration: 1 * SEC, params: { ppm: 100_000, clock: 'wall' } }]);
    world.runUntil(2 * SEC);
    expect(wallSkew(world, 'n1')).toBe(100 * MS);
    expect(heardCount(world, 'n2', 'n1', 0, 1 * SEC)).toBe(99);
  });

  it('overlapping drifts: the later one sets the rate, and ending it uncovers the earlier one', () => {
    const world = clockWorld([
      { at: 0, fault: 'clock-drift', targets: ['n1'], duration: 3 * SEC, params: { ppm: 100_000 } },
      { at: 1 * SEC, fault: 'clock-drift', targets: ['n1'], duration: 1 * SEC, params: { ppm: -100_000 } },
    ]);
    world.runUntil(999 * MS);
    expect(world.clock('n1').driftPpm).toBeCloseTo(100_000);
    world.runUntil(1500 * MS);
    expect(world.clock('n1').driftPpm).toBeCloseTo(-100_000);
    world.runUntil(2500 * MS);
    expect(world.clock('n1').driftPpm).toBeCloseTo(100_000);
    world.runUntil(3500 * MS);
    expect(world.clock('n1').driftPpm).toBe(0);
  });

  it('clock-strobe flips the wall clock back and forth, then stops at the end', () => {
    const world = clockWorld([{ at: 1 * SEC, fault: 'clock-strobe', targets: ['n1'], duration: 1 * SEC, params: { deltaNs: 200 * MS, periodNs: 10 * MS } }]);
    const skews: number[] = [];
    for (let t = 1 * SEC; t < 1100 * MS; t += 5 * MS) {
      world.runUntil(t);
      skews.push(wallSkew(world, 'n1'));
    }
    expect(skews.slice(0, 6)).toEqual([200 * MS, 200 * MS, 0, 0, 200 * MS, 200 * MS]);
    world.runUntil(2 * SEC);
    expect(wallSkew(world, 'n1')).toBe(0);
  });
});
