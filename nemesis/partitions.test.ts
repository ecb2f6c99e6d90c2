import { describe, expect, it } from 'vitest';
import { MS } from '../sim/time.js';
import { installSchedule } from './interpret.js';
import type { FaultSpec } from './schedule.js';
import { chatterWorld, heardCount, silentLinks, testContext } from './testing/probes.js';

const SERVERS = ['n1', 'n2', 'n3', 'n4', 'n5'];

/** Runs one fault from 100 ms to 300 ms; returns the links silent during it and after it. */
function underFault(fault: Omit<FaultSpec, 'at' | 'duration'>, opts: { clients?: string[]; leader?: string | null; seed?: number } = {}) {
  const clients = opts.clients ?? [];
  const world = chatterWorld(opts.seed ?? 1, SERVERS, clients);
  const ctx = testContext(SERVERS, clients);
  ctx.setLeader(opts.leader ?? null);
  const run = installSchedule(world, { faults: [{ at: 100 * MS, duration: 200 * MS, ...fault }] }, ctx);
  world.runUntil(450 * MS);
  const everyone = [...SERVERS, ...clients];
  return {
    world,
    run,
    ctx,
    during: silentLinks(world, everyone, 110 * MS, 295 * MS),
    after: silentLinks(world, everyone, 310 * MS, 450 * MS),
  };
}

function both(a: string[], b: string[]): string[] {
  return a.flatMap((x) => b.flatMap((y) => [`${x}>${y}`, `${y}>${x}`]));
}

describe('partition faults cut exactly the links their shape says, then heal', () => {
  it('partition-halves: the smaller first half cannot talk to the rest', () => {
    const { during, after } = underFault({ fault: 'partition-halves' });
    expect(during.sort()).toEqual(both(['n1', 'n2'], ['n3', 'n4', 'n5']).sort());
    expect(after).toEqual([]);
  });

  it('isolate: one node hears no one and no one hears it', () => {
    const { during, after } = underFault({ fault: 'isolate', targets: ['n3'] });
    expect(during.sort()).toEqual(both(['n3'], ['n1', 'n2', 'n4', 'n5']).sort());
    expect(after).toEqual([]);
  });

  it('isolate from the servers only: the isolated server still hears its clients', () => {
    const { during } = underFault({ fault: 'isolate', targets: ['n3'], params: { from: ['servers'] } }, { clients: ['c1'] });
    expect(during.sort()).toEqual(both(['n3'], ['n1', 'n2', 'n4', 'n5']).sort());
  });

  it('isolate-leader: whoever leads when it fires is cut off', () => {
    const { during, run } = underFault({ fault: 'isolate-leader' }, { leader: 'n4' });
    expect(during.sort()).toEqual(both(['n4'], ['n1', 'n2', 'n3', 'n5']).sort());
    expect(run.intervals()).toEqual([
      expect.objectContaining({ fault: 'isolate-leader', targets: ['n4'], start: 100 * MS, end: 300 * MS }),
    ]);
  });

  it('isolate-leader with no leader does nothing, and says so', () => {
    const { during, run, ctx } = underFault({ fault: 'isolate-leader' }, { leader: null });
    expect(during).toEqual([]);
    expect(run.intervals()).toEqual([]);
    expect(ctx.ops.map((o) => [o.type, o.f, (o.value as { noop?: string }).noop])).toEqual([
      ['invoke', 'isolate-leader', undefined],
      ['info', 'isolate-leader', 'there is no leader'],
    ]);
  });

  it('bridge: two halves apart, and the middle node sees both', () => {
    const { during, world } = underFault({ fault: 'bridge' });
    expect(during.sort()).toEqual(both(['n1', 'n2'], ['n4', 'n5']).sort());
    for (const other of ['n1', 'n2', 'n4', 'n5']) expect(heardCount(world, 'n3', other, 110 * MS, 295 * MS)).toBeGreaterThan(10);
  });

  it('majorities-ring: every node hears a majority, and no two hear the same one', () => {
    const { world, after } = underFault({ fault: 'majorities-ring' });
    const views = SERVERS.map((to) => [to, ...SERVERS.filter((from) => from !== to && heardCount(world, to, from, 110 * MS, 295 * MS) > 0)].sort().join(','));
    for (const v of views) expect(v.split(',')).toHaveLength(3);
    expect(new Set(views).size).toBe(5);
    expect(after).toEqual([]);
  });

  it('one-way: packets from n1 to n2 are dropped while n2 still reaches n1', () => {
    const { during } = underFault({ fault: 'one-way', params: { from: ['n1'], to: ['n2'] } });
    expect(during).toEqual(['n1>n2']);
  });

  it('client-to-leader: the clients lose the leader only', () => {
    const { during } = underFault({ fault: 'client-to-leader' }, { clients: ['c1', 'c2'], leader: 'n2' });
    expect(during.sort()).toEqual(both(['c1', 'c2'], ['n2']).sort());
  });

  it('grudge: exactly the listed directed links', () => {
    const { during } = underFault({ fault: 'grudge', params: { pairs: [['n1', 'n5'], ['n5', 'n2']] } });
    expect(during.sort()).toEqual(['n1>n5', 'n5>n2']);
  });

  it('partition-random-halves: a 2|3 split drawn from the seed, the same for the same seed', () => {
    const split = (seed: number) => {
      const { run } = underFault({ fault: 'partition-random-halves' }, { seed });
      const components = run.intervals()[0]?.params?.components as string[][];
      expect(components.map((c) => c.length)).toEqual([2, 3]);
      return components;
    };
    expect(split(7)).toEqual(split(7));
    const seen = new Set([1, 2, 3, 4, 5, 6, 7, 8].map((s) => JSON.stringify(split(s))));
    expect(seen.size).toBeGreaterThan(1);
  });

  it('a later partition replaces the earlier one, and ending it restores none', () => {
    const world = chatterWorld(1, SERVERS);
    const ctx = testContext(SERVERS);
    const run = installSchedule(
      world,
      {
        faults: [
          { at: 100 * MS, fault: 'partition-halves', duration: 400 * MS },
          { at: 200 * MS, fault: 'isolate', targets: ['n5'], duration: 100 * MS },
        ],
      },
      ctx,
    );
    world.runUntil(600 * MS);
    expect(silentLinks(world, SERVERS, 210 * MS, 295 * MS).sort()).toEqual(both(['n5'], ['n1', 'n2', 'n3', 'n4']).sort());
    // The halves would have lasted until 500 ms, but the isolation replaced them and then healed.
    expect(silentLinks(world, SERVERS, 310 * MS, 600 * MS)).toEqual([]);
    expect(run.intervals().map((i) => [i.fault, i.start / MS, (i.end ?? -1) / MS])).toEqual([
      ['partition-halves', 100, 200],
      ['isolate', 200, 300],
    ]);
    const stops = ctx.ops.filter((o) => o.f.startsWith('stop-'));
    expect(stops.map((o) => [o.type, o.f, o.time / MS, (o.value as { supersededBy?: number }).supersededBy])).toEqual([
      ['invoke', 'stop-partition-halves', 200, 1],
      ['info', 'stop-partition-halves', 200, 1],
      ['invoke', 'stop-isolate', 300, undefined],
      ['info', 'stop-isolate', 300, undefined],
    ]);
  });
});
