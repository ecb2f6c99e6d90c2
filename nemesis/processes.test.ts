import { describe, expect, it, vi } from 'vitest';
import { isTorn } from '../sim/disk.js';
import { EchoServer, Pinger } from '../sim/testing/echo.js';
import { MS, SEC } from '../sim/time.js';
import { World } from '../sim/world.js';
import { installSchedule } from './interpret.js';
import { ScheduleError, type FaultSpec } from './schedule.js';
import { chatterWorld, FIXED_LATENCY, heardCount, testContext, type Chatter } from './testing/probes.js';

/** A server s1, a resource `store` (an echo server too) and a pinger c1 that logs pongs to disk. */
function echoWorld(fsync: 'always' | 'everysec' = 'everysec', peer = 's1'): World {
  const world = new World({ seed: 5, network: FIXED_LATENCY(1 * MS) });
  world.addProcess('s1', (env) => new EchoServer(env));
  world.addProcess('store', (env) => new EchoServer(env));
  world.addProcess('c1', (env) => new Pinger(env, { peer, intervalNs: 100 * MS }), { fsync });
  return world;
}

function install(world: World, faults: FaultSpec[], extra = {}) {
  const ctx = testContext(['s1'], ['c1'], { resource: 'store', ...extra });
  return { ctx, run: installSchedule(world, { faults }, ctx) };
}

const pongs = (world: World) => world.process<Pinger>('c1')?.pongs ?? [];

describe('pause', () => {
  it('a paused server hears nothing and says nothing; on resume what waited arrives at once', () => {
    const world = chatterWorld(1, ['n1', 'n2', 'n3']);
    installSchedule(world, { faults: [{ at: 100 * MS, fault: 'pause', targets: ['n2'], duration: 200 * MS }] }, testContext(['n1', 'n2', 'n3']));
    world.runUntil(400 * MS);
    const n2 = world.process<Chatter>('n2')!;
    expect(n2.heard.filter((h) => h.at > 100 * MS && h.at < 300 * MS)).toEqual([]);
    expect(n2.heard.filter((h) => h.at === 300 * MS && h.from === 'n1')).toHaveLength(20);
    expect(heardCount(world, 'n1', 'n2', 102 * MS, 300 * MS)).toBe(0);
  });

  it('pausing the resource defers the pongs, pausing the client defers the pings', () => {
    const resource = echoWorld('always', 'store');
    install(resource, [{ at: 250 * MS, fault: 'pause', targets: ['resource'], duration: 300 * MS }]);
    resource.runUntil(549 * MS);
    expect(pongs(resource)).toEqual([1, 2]);
    resource.runUntil(560 * MS);
    expect(pongs(resource)).toEqual([1, 2, 3, 4, 5]);

    const client = echoWorld('always');
    install(client, [{ at: 250 * MS, fault: 'pause', targets: ['clients'], duration: 300 * MS }]);
    client.runUntil(549 * MS);
    expect(client.process<EchoServer>('s1')!.received).toEqual([1, 2]);
  });
});

describe('crash', () => {
  // Pongs arrive every 100 ms from 101 ms on; `everysec` makes them durable once a second.
  const crashAt = (mode: string, duration?: number): FaultSpec => ({
    at: 1450 * MS,
    fault: 'crash',
    targets: ['c1'],
    params: { mode },
    ...(duration !== undefined ? { duration } : {}),
  });

  it('lose-unsynced loses the writes since the last flush; clean keeps them', () => {
    const lossy = echoWorld();
    install(lossy, [crashAt('lose-unsynced', 100 * MS)]);
    lossy.runUntil(1500 * MS);
    expect(lossy.status('c1')).toBe('down');
    lossy.runUntil(1560 * MS);
    expect(lossy.status('c1')).toBe('up');
    const kept = pongs(lossy).length;
    expect(kept).toBeLessThan(14);
    expect(kept).toBeGreaterThan(0);

    const clean = echoWorld();
    install(clean, [crashAt('clean', 100 * MS)]);
    clean.runUntil(1560 * MS);
    expect(pongs(clean)).toHaveLength(14);
  });

  it('torn leaves a torn record at the end of the file; wipe leaves nothing', () => {
    const torn = echoWorld();
    install(torn, [crashAt('torn')]);
    torn.runUntil(1500 * MS);
    expect(isTorn(torn.disk('c1').read('pongs').at(-1))).toBe(true);

    const wiped = echoWorld();
    install(wiped, [crashAt('wipe', 100 * MS)]);
    wiped.runUntil(1560 * MS);
    expect(pongs(wiped)).toEqual([]);
  });

  it('without a duration the node stays down until the final heal restarts it', () => {
    const world = echoWorld();
    const { run } = install(world, [crashAt('clean')]);
    world.runUntil(5 * SEC);
    expect(world.status('c1')).toBe('down');
    run.heal();
    expect(world.status('c1')).toBe('up');
  });

  it('a node crashed by two overlapping faults restarts when the last one ends', () => {
    const world = echoWorld();
    install(world, [
      { at: 100 * MS, fault: 'crash', targets: ['s1'], duration: 300 * MS, params: { mode: 'clean' } },
      { at: 200 * MS, fault: 'crash', targets: ['s1'], duration: 400 * MS, params: { mode: 'clean' } },
    ]);
    world.runUntil(500 * MS);
    expect(world.status('s1')).toBe('down');
    world.runUntil(600 * MS);
    expect(world.status('s1')).toBe('up');
  });

  it('a crash that finds its node already down (stopped by someone else) does not restart it when it ends', () => {
    const world = echoWorld();
    install(world, [{ at: 200 * MS, fault: 'crash', targets: ['s1'], duration: 100 * MS, params: { mode: 'clean' } }]);
    world.at(100 * MS, 'the run stops s1', () => world.crash('s1', 'clean'));
    world.runUntil(500 * MS);
    expect(world.status('s1')).toBe('down');
  });

  it('a crash ends the pause of the node it kills: the restarted process runs', () => {
    const world = echoWorld();
    install(world, [
      { at: 100 * MS, fault: 'pause', targets: ['s1'], duration: 1000 * MS },
      { at: 200 * MS, fault: 'crash', targets: ['s1'], duration: 100 * MS, params: { mode: 'clean' } },
    ]);
    world.runUntil(400 * MS);
    expect(world.status('s1')).toBe('up');
    world.runUntil(1200 * MS);
    expect(world.status('s1')).toBe('up');
  });
});

describe('aimed faults', () => {
  it('a fault injected while the run goes is applied, recorded and undone like a scheduled one, and not after the heal', () => {
    const world = echoWorld();
    const { run } = install(world, []);
    world.at(100 * MS, 'aim', () => run.inject({ fault: 'pause', targets: ['s1'], duration: 200 * MS }));
    world.runUntil(150 * MS);
    expect(world.status('s1')).toBe('paused');
    world.runUntil(350 * MS);
    expect(world.status('s1')).toBe('up');
    expect(run.intervals()).toEqual([expect.objectContaining({ fault: 'pause', targets: ['s1'], start: 100 * MS, end: 300 * MS })]);
    run.heal();
    run.inject({ fault: 'pause', targets: ['s1'] });
    expect(world.status('s1')).toBe('up');
  });

  it('an injected fault is validated like a scheduled one', () => {
    const world = echoWorld();
    const { run } = install(world, []);
    expect(() => run.inject({ fault: 'crash', targets: ['s1'], params: { mode: 'melt' } })).toThrow(ScheduleError);
  });
});

describe('membership', () => {
  it('calls the scenario back to remove a voter, and to add it again when the duration ends', () => {
    const world = echoWorld();
    const addVoter = vi.fn();
    const removeVoter = vi.fn();
    install(world, [{ at: 100 * MS, fault: 'membership', targets: ['s1'], duration: 200 * MS, params: { action: 'remove' } }], { addVoter, removeVoter });
    world.runUntil(200 * MS);
    expect(removeVoter.mock.calls).toEqual([['s1']]);
    expect(addVoter).not.toHaveBeenCalled();
    world.runUntil(400 * MS);
    expect(addVoter.mock.calls).toEqual([['s1']]);
  });

  it('is refused when the scenario has no membership callbacks', () => {
    const world = echoWorld();
    expect(() => install(world, [{ at: 0, fault: 'membership', targets: ['s1'], params: { action: 'add' } }])).toThrow(ScheduleError);
    expect(() => install(world, [{ at: 0, fault: 'membership', targets: ['s1'], params: { action: 'add' } }])).toThrow(/needs the scenario's addVoter callback/);
  });
});
