import { describe, expect, it } from 'vitest';
import { MS, SEC } from '../sim/time.js';
import { installSchedule } from './interpret.js';
import type { Schedule } from './schedule.js';
import { chatterWorld, testContext } from './testing/probes.js';

const SERVERS = ['n1', 'n2', 'n3', 'n4', 'n5'];

const MIXED: Schedule = {
  healAt: 3 * SEC,
  faults: [
    { at: 100 * MS, fault: 'pause', targets: ['random-minority'], duration: 300 * MS },
    { at: 200 * MS, fault: 'loss', targets: ['random-server', 'c1'], duration: 1 * SEC, params: { p: 0.3 } },
    { at: 300 * MS, fault: 'partition-random-halves', duration: 500 * MS },
    { at: 900 * MS, fault: 'crash', targets: ['leader'], duration: 400 * MS, params: { mode: 'clean' } },
    { at: 1 * SEC, fault: 'clock-jump', targets: ['random-majority'], params: { deltaNs: -2 * SEC } },
  ],
};

function runMixed(seed: number) {
  const world = chatterWorld(seed, SERVERS, ['c1']);
  const ctx = testContext(SERVERS, ['c1']);
  ctx.setLeader('n2');
  const run = installSchedule(world, MIXED, ctx);
  world.runUntil(4 * SEC);
  return { world, ctx, run };
}

describe('the interpreter', () => {
  it('records each fault as a Jepsen nemesis invoke/info pair: as written, then as done', () => {
    const { ctx } = runMixed(1);
    const crash = ctx.ops.filter((o) => o.f === 'crash' || o.f === 'stop-crash');
    expect(crash).toEqual([
      { process: 'nemesis', type: 'invoke', f: 'crash', value: { targets: ['leader'], params: { mode: 'clean' } }, time: 900 * MS },
      { process: 'nemesis', type: 'info', f: 'crash', value: { targets: ['n2'], mode: 'clean', duration: 400 * MS }, time: 900 * MS },
      { process: 'nemesis', type: 'invoke', f: 'stop-crash', value: { targets: ['n2'] }, time: 1300 * MS },
      { process: 'nemesis', type: 'info', f: 'stop-crash', value: { targets: ['n2'] }, time: 1300 * MS },
    ]);
    // Every invoke is followed by its info, at the same time, on the nemesis process.
    for (let i = 0; i < ctx.ops.length; i += 2) {
      expect([ctx.ops[i]?.type, ctx.ops[i + 1]?.type]).toEqual(['invoke', 'info']);
      expect(ctx.ops[i]?.f).toBe(ctx.ops[i + 1]?.f);
    }
  });

  it('keeps an interval per fault, and traces its start and end', () => {
    const { run, world } = runMixed(1);
    expect(run.intervals().map((i) => [i.fault, i.start / MS, i.end === null ? null : i.end / MS])).toEqual([
      ['pause', 100, 400],
      ['loss', 200, 1200],
      ['partition-random-halves', 300, 800],
      ['crash', 900, 1300],
      ['clock-jump', 1000, 3000],
    ]);
    const faults = world.trace.events.filter((e) => e.kind === 'fault' || e.kind === 'fault-end');
    expect(faults.map((e) => [e.kind, e.data?.fault, e.t / MS])).toEqual([
      ['fault', 'pause', 100],
      ['fault', 'loss', 200],
      ['fault', 'partition-random-halves', 300],
      ['fault-end', 'pause', 400],
      ['fault-end', 'partition-random-halves', 800],
      ['fault', 'crash', 900],
      ['fault', 'clock-jump', 1000],
      ['fault-end', 'loss', 1200],
      ['fault-end', 'crash', 1300],
      ['fault-end', 'clock-jump', 3000],
    ]);
  });

  it('resolves selectors from the seed when the fault fires: the same seed, the same nodes', () => {
    const targets = (seed: number) => runMixed(seed).run.intervals().map((i) => i.targets.join(','));
    expect(targets(4)).toEqual(targets(4));
    const pauses = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((seed) => targets(seed)[0]));
    expect(pauses.size).toBeGreaterThan(2);
    for (const seed of [1, 2, 3]) {
      const [pause, loss, , crash, jump] = runMixed(seed).run.intervals();
      expect(pause?.targets.length).toBeGreaterThanOrEqual(1);
      expect(pause?.targets.length).toBeLessThanOrEqual(2);
      expect(loss?.targets).toHaveLength(2);
      expect(loss?.targets).toContain('c1');
      expect(crash?.targets).toEqual(['n2']);
      expect(jump?.targets).toHaveLength(3);
    }
  });

  it('runs the same way twice: the same seed and schedule give the same trace hash', () => {
    expect(runMixed(9).world.traceHash()).toBe(runMixed(9).world.traceHash());
    expect(runMixed(9).world.traceHash()).not.toBe(runMixed(10).world.traceHash());
  });

  it('refuses a schedule that names a node the run does not have', () => {
    const world = chatterWorld(1, SERVERS);
    expect(() => installSchedule(world, { faults: [{ at: 0, fault: 'pause', targets: ['n7'] }] }, testContext(SERVERS))).toThrow(
      /^schedule: faults\[0\]\.targets\[0\]: unknown target "n7"/,
    );
  });
});
