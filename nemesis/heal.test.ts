import { describe, expect, it } from 'vitest';
import { WALL_EPOCH_NS } from '../sim/clock.js';
import { MS, SEC } from '../sim/time.js';
import { finalHeal, runLivenessPhase } from './heal.js';
import { installSchedule } from './interpret.js';
import type { Schedule } from './schedule.js';
import { chatterWorld, heardCount, silentLinks, testContext } from './testing/probes.js';

const SERVERS = ['n1', 'n2', 'n3'];
const NODES = [...SERVERS, 'c1'];

/** Faults of every family, none with a duration: they all last until the heal at 1 s. */
const EVERYTHING: Schedule = {
  healAt: 1 * SEC,
  faults: [
    { at: 100 * MS, fault: 'partition-halves' },
    { at: 110 * MS, fault: 'swizzle-clog', params: { from: ['c1'], to: ['n3'] } },
    { at: 120 * MS, fault: 'loss', targets: ['n3'], params: { p: 1 } },
    { at: 130 * MS, fault: 'delay', targets: ['c1'], params: { minNs: 70 * MS, meanNs: 90 * MS } },
    { at: 140 * MS, fault: 'pause', targets: ['n2'] },
    { at: 150 * MS, fault: 'crash', targets: ['c1'], params: { mode: 'lose-unsynced' } },
    { at: 160 * MS, fault: 'clock-offset', targets: ['n1'], params: { offsetNs: 7 * SEC } },
    { at: 170 * MS, fault: 'clock-drift', targets: ['n1', 'n3'], params: { ppm: 50_000 } },
    { at: 180 * MS, fault: 'clock-strobe', targets: ['n3'], params: { deltaNs: 1 * SEC, periodNs: 3 * MS } },
    { at: 190 * MS, fault: 'clock-jump', targets: ['n2'], params: { deltaNs: -9 * SEC } },
    // Its end falls after the heal, which has already ended it.
    { at: 200 * MS, fault: 'loss', targets: ['n1'], duration: 5 * SEC, params: { p: 0.5 } },
  ],
};

describe('the final heal', () => {
  it('undoes every fault at once, and the nodes talk to each other again', () => {
    const world = chatterWorld(1, SERVERS, ['c1']);
    const healthyLink = world.network.link('n1', 'n2');
    const ctx = testContext(SERVERS, ['c1']);
    const run = installSchedule(world, EVERYTHING, ctx);
    world.runUntil(999 * MS);
    expect(run.active()).toHaveLength(11);
    world.runUntil(1 * SEC);

    expect(run.healedAt()).toBe(1 * SEC);
    expect(world.network.grudgePairs()).toEqual([]);
    expect(world.network.heldPairs()).toEqual([]);
    for (const a of NODES) for (const b of NODES) if (a !== b) expect(world.network.link(a, b)).toEqual(healthyLink);
    for (const id of NODES) {
      expect(world.status(id)).toBe('up');
      expect(world.clock(id).driftPpm).toBe(0);
      expect(world.clock(id).wall(world.now)).toBe(WALL_EPOCH_NS + world.now);
    }
    expect(run.active()).toEqual([]);
    expect(run.intervals().every((i) => i.end === 1 * SEC)).toBe(true);

    world.runUntil(6 * SEC);
    expect(silentLinks(world, NODES, 1100 * MS, 6 * SEC)).toEqual([]);
    expect(heardCount(world, 'n1', 'n3', 1100 * MS, 2100 * MS)).toBe(100);
    // Nothing after the heal: no stop of the loss whose duration ran past it.
    expect(ctx.ops.filter((o) => o.time > 1 * SEC)).toEqual([]);
    expect(ctx.ops.slice(-2).map((o) => [o.type, o.f])).toEqual([
      ['invoke', 'heal'],
      ['info', 'heal'],
    ]);
    expect(ctx.ops.at(-1)?.value).toEqual({ resumed: ['n2'], restarted: ['c1'], releasedLinks: 1 });
    expect(world.trace.events.filter((e) => e.kind === 'heal')).toEqual([expect.objectContaining({ t: 1 * SEC })]);
  });

  it('restores the network and the clocks the scenario designed, not a blank one', () => {
    const world = chatterWorld(1, SERVERS);
    world.setDrift('n1', -30_000);
    finalHeal(world, {
      ...testContext(SERVERS),
      healedNetwork: { loss: 0.25 },
      designedClock: (id) => (id === 'n1' ? { driftPpm: -30_000 } : undefined),
    });
    expect(world.network.link('n2', 'n3').loss).toBe(0.25);
    expect(world.clock('n1').driftPpm).toBeCloseTo(-30_000);
    expect(world.clock('n2').driftPpm).toBe(0);
  });

  it('leaves down a node the scenario keeps down by design', () => {
    const world = chatterWorld(1, SERVERS);
    world.crash('n1', 'clean');
    world.crash('n3', 'clean');
    finalHeal(world, { ...testContext(SERVERS), keepDown: (id) => id === 'n3' });
    expect(SERVERS.map((id) => world.status(id))).toEqual(['up', 'up', 'down']);
  });

  it('is followed by a liveness phase with a bound: recovery is measured from the heal', () => {
    const world = chatterWorld(1, SERVERS);
    const run = installSchedule(world, { healAt: 1 * SEC, faults: [{ at: 0, fault: 'isolate', targets: ['n3'] }] }, testContext(SERVERS));
    world.runUntil(1 * SEC);
    const heardBefore = heardCount(world, 'n1', 'n3', 0, 1 * SEC);
    const outcome = runLivenessPhase(world, run.healedAt()!, 100 * MS, () => heardCount(world, 'n1', 'n3', 0, world.now + 1) > heardBefore);
    expect(outcome).toEqual({ recovered: true, healAt: 1 * SEC, boundNs: 100 * MS, tookNs: 1 * MS });
    const never = runLivenessPhase(world, world.now, 50 * MS, () => false);
    expect(never.recovered).toBe(false);
    expect(never.tookNs).toBeNull();
  });
});
