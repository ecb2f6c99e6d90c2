import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../sim/random.js';
import { MS, SEC } from '../sim/time.js';
import { maxServersDown } from './crash-bound.js';
import { DEFAULT_BOUNDS, GenerateError, ORDINARY_KINDS, randomSchedule, type GenerateOptions, type IntensityBounds } from './generate.js';
import { installSchedule } from './interpret.js';
import { FAULT_KINDS, type FaultKind } from './kinds.js';
import { parseSchedule, scheduleToJson, validateSchedule, type FaultSpec } from './schedule.js';
import { chatterWorld, silentLinks, testContext } from './testing/probes.js';

const rngFor = (seed: number) => new RandomStreams(seed).stream('nemesis:schedule');

const optionsArb: fc.Arbitrary<GenerateOptions> = fc
  .record({
    servers: fc.integer({ min: 1, max: 7 }),
    clients: fc.integer({ min: 0, max: 3 }),
    resource: fc.boolean(),
    kinds: fc.subarray([...FAULT_KINDS], { minLength: 1 }),
    weighted: fc.subarray([...FAULT_KINDS]),
    startNs: fc.integer({ min: 0, max: 2 * SEC }),
    phaseNs: fc.integer({ min: 1, max: 60 * SEC }),
    maxCrashed: fc.option(fc.integer({ min: 0, max: 7 }), { nil: undefined }),
  })
  .map((r) => {
    const opts: GenerateOptions = {
      servers: Array.from({ length: r.servers }, (_, i) => `n${i + 1}`),
      clients: Array.from({ length: r.clients }, (_, i) => `c${i + 1}`),
      kinds: r.kinds,
      weights: Object.fromEntries(r.weighted.map((k, i) => [k, i + 1])),
      startNs: r.startNs,
      endNs: r.startNs + r.phaseNs,
      membership: r.kinds.includes('membership'),
    };
    if (r.resource) opts.resource = 'store';
    if (r.maxCrashed !== undefined) opts.maxCrashedServers = r.maxCrashed;
    return opts;
  });

const within = (v: unknown, r: { min: number; max: number }) => typeof v === 'number' && Math.abs(v) >= r.min && Math.abs(v) <= r.max;

/** Every intensity a fault carries lies inside the bounds the generator was given. */
function intensityInBounds(f: FaultSpec, b: IntensityBounds): boolean {
  const p = f.params ?? {};
  switch (f.fault) {
    case 'delay':
      return within(p.meanNs, b.delayMeanNs);
    case 'loss':
      return within(p.p, b.lossP);
    case 'duplicate':
    case 'reorder':
      return within(p.p, b.packetP);
    case 'clog':
      return within(p.extraNs, b.clogNs);
    case 'clock-drift':
      return within(p.ppm, b.driftPpm);
    case 'clock-offset':
      return within(p.offsetNs, b.jumpNs);
    case 'clock-jump':
      return within(p.deltaNs, b.jumpNs);
    case 'clock-strobe':
      return within(p.deltaNs, b.jumpNs) && within(p.periodNs, b.strobePeriodNs);
    default:
      return true;
  }
}

describe('random schedules', () => {
  it('the same seed gives the same schedule and swarm; another seed, another', () => {
    const opts: GenerateOptions = { servers: ['n1', 'n2', 'n3'], clients: ['c1'], kinds: ORDINARY_KINDS, endNs: 30 * SEC };
    expect(randomSchedule(rngFor(42), opts)).toEqual(randomSchedule(rngFor(42), opts));
    expect(randomSchedule(rngFor(42), opts)).not.toEqual(randomSchedule(rngFor(43), opts));
  });

  it('respects its bounds: valid, inside the phase, allowed kinds, intensities, crash bound', () => {
    fc.assert(
      fc.property(optionsArb, fc.integer(), (opts, seed) => {
        let generated;
        try {
          generated = randomSchedule(rngFor(seed), opts);
        } catch (err) {
          // The only refusal: no allowed kind can act on this cluster (e.g. a bridge of two servers).
          expect(err).toBeInstanceOf(GenerateError);
          expect((err as Error).message).toMatch(/can act on this cluster/);
          return;
        }
        const { schedule, swarm } = generated;
        const topology = { servers: opts.servers, clients: opts.clients ?? [], resource: opts.resource, canAddVoter: true, canRemoveVoter: true };
        expect(validateSchedule(schedule, { file: 'generated', topology })).toEqual(schedule);
        expect(parseSchedule(scheduleToJson(schedule), 'generated.json', topology)).toEqual(schedule);
        expect(schedule.healAt).toBe(opts.endNs);
        expect(swarm.kinds.length).toBeGreaterThan(0);
        for (const k of swarm.kinds) expect(opts.kinds).toContain(k);
        const bounds = DEFAULT_BOUNDS;
        for (const f of schedule.faults) {
          expect(f.at).toBeGreaterThanOrEqual(opts.startNs ?? 0);
          expect(f.at).toBeLessThan(opts.endNs);
          expect(swarm.kinds).toContain(f.fault);
          expect(intensityInBounds(f, bounds)).toBe(true);
          if (f.duration !== undefined) expect(within(f.duration, f.fault === 'pause' ? bounds.pauseNs : bounds.durationNs)).toBe(true);
        }
        const maxCrashed = opts.maxCrashedServers ?? Math.floor((opts.servers.length - 1) / 2);
        expect(maxServersDown(schedule, opts.servers)).toBeLessThanOrEqual(maxCrashed);
        expect(swarm.meanIntervalNs).toBeGreaterThanOrEqual(bounds.intervalNs.min);
        expect(swarm.meanIntervalNs).toBeLessThanOrEqual(bounds.intervalNs.max);
      }),
      { numRuns: 100 },
    );
  });

  it('crashes never take down a majority of servers unless the scenario allows it', () => {
    const opts: GenerateOptions = {
      servers: ['n1', 'n2', 'n3', 'n4', 'n5'],
      kinds: ['crash'],
      endNs: 120 * SEC,
      bounds: { intervalNs: { min: 100 * MS, max: 200 * MS }, durationNs: { min: 100 * MS, max: 1 * SEC } },
    };
    for (let seed = 0; seed < 20; seed++) {
      const { schedule } = randomSchedule(rngFor(seed), opts);
      expect(maxServersDown(schedule, opts.servers)).toBeLessThanOrEqual(2);
      expect(schedule.faults.length).toBeGreaterThan(100);
    }
    const reckless = randomSchedule(rngFor(1), { ...opts, maxCrashedServers: 5 }).schedule;
    expect(maxServersDown(reckless, opts.servers)).toBeGreaterThan(2);
  });

  it('swarms differ by seed: kinds are a random subset, and weights bias the mix', () => {
    const opts: GenerateOptions = { servers: ['n1', 'n2', 'n3'], clients: ['c1'], kinds: ORDINARY_KINDS, endNs: 10 * SEC };
    const subsets = new Set(Array.from({ length: 20 }, (_, s) => randomSchedule(rngFor(s), opts).swarm.kinds.join(',')));
    expect(subsets.size).toBeGreaterThan(15);
    const biased: GenerateOptions = { ...opts, kinds: ['pause', 'loss'], weights: { pause: 9 }, bounds: { intervalNs: { min: 10 * MS, max: 20 * MS } } };
    let pauses = 0;
    let losses = 0;
    for (let s = 0; s < 20; s++) {
      const { schedule, swarm } = randomSchedule(rngFor(s), biased);
      if (swarm.kinds.length < 2) continue;
      pauses += schedule.faults.filter((f) => f.fault === 'pause').length;
      losses += schedule.faults.filter((f) => f.fault === 'loss').length;
    }
    expect(pauses).toBeGreaterThan(5 * losses);
  });

  it('victim weights choose who pauses, crashes and has clock trouble; a role weighing 0 is spared', () => {
    const servers = ['n1', 'n2', 'n3'];
    const clients = ['c1', 'c2'];
    const opts: GenerateOptions = {
      servers,
      clients,
      resource: 'store',
      kinds: ['pause', 'crash', 'clock-drift', 'loss'],
      weights: { pause: 3, crash: 3, 'clock-drift': 3 },
      endNs: 20 * SEC,
      bounds: { intervalNs: { min: 10 * MS, max: 50 * MS } },
    };
    const victims = (o: GenerateOptions) =>
      Array.from({ length: 10 }, (_, s) => randomSchedule(rngFor(s), o).schedule.faults)
        .flat()
        .filter((f) => f.fault !== 'loss')
        .flatMap((f) => f.targets ?? []);
    const onlyClients = victims({ ...opts, victimWeights: { server: 0, leader: 0, resource: 0 } });
    expect(onlyClients.length).toBeGreaterThan(100);
    expect(onlyClients.every((t) => clients.includes(t))).toBe(true);
    const spareClients = victims({ ...opts, victimWeights: { client: 0 } });
    expect(spareClients.some((t) => t === 'leader' || servers.includes(t))).toBe(true);
    expect(spareClients.some((t) => clients.includes(t))).toBe(false);
    // Only the resource may be hit: it pauses and drifts, but a crash finds nobody and is left out.
    const onlyResource = randomSchedule(rngFor(3), { ...opts, victimWeights: { server: 0, leader: 0, client: 0 } }).schedule.faults;
    expect(onlyResource.filter((f) => f.fault === 'pause' || f.fault === 'clock-drift').every((f) => f.targets?.[0] === 'store')).toBe(true);
    expect(onlyResource.some((f) => f.fault === 'crash')).toBe(false);
    // The defaults draw exactly as before the option existed.
    expect(randomSchedule(rngFor(5), { ...opts, victimWeights: { server: 4, leader: 3, client: 2, resource: 1 } })).toEqual(randomSchedule(rngFor(5), opts));
    expect(() => randomSchedule(rngFor(1), { ...opts, victimWeights: { client: -1 } })).toThrow(/victimWeights\.client/);
    expect(() => randomSchedule(rngFor(1), { ...opts, victimWeights: { clients: 1 } as never })).toThrow(/unknown role/);
  });

  it('pause victim weights let a run freeze the clients its crashes spare', () => {
    const servers = ['n1', 'n2', 'n3'];
    const clients = ['c1', 'c2'];
    const opts: GenerateOptions = {
      servers,
      clients,
      kinds: ['pause', 'crash'],
      endNs: 20 * SEC,
      bounds: { intervalNs: { min: 10 * MS, max: 50 * MS } },
      victimWeights: { client: 0 },
      pauseVictimWeights: { server: 0, leader: 0, client: 1 },
    };
    const faults = Array.from({ length: 5 }, (_, s) => randomSchedule(rngFor(s), opts).schedule.faults).flat();
    const hit = (kind: string) => faults.filter((f) => f.fault === kind).flatMap((f) => f.targets ?? []);
    expect(hit('pause').length).toBeGreaterThan(20);
    expect(hit('pause').every((t) => clients.includes(t))).toBe(true);
    expect(hit('crash').length).toBeGreaterThan(20);
    expect(hit('crash').some((t) => clients.includes(t))).toBe(false);
    expect(() => randomSchedule(rngFor(1), { ...opts, pauseVictimWeights: { client: -1 } })).toThrow(/pauseVictimWeights\.client/);
  });

  it('clog links limit the links a clog or swizzle holds up', () => {
    const opts: GenerateOptions = {
      servers: ['n1', 'n2', 'n3'],
      clients: ['c1', 'c2'],
      resource: 'store',
      kinds: ['clog', 'swizzle-clog'],
      endNs: 20 * SEC,
      bounds: { intervalNs: { min: 10 * MS, max: 50 * MS } },
      clogLinks: { from: ['c1', 'c2'], to: ['store'] },
    };
    const faults = Array.from({ length: 5 }, (_, s) => randomSchedule(rngFor(s), opts).schedule.faults).flat();
    expect(faults.length).toBeGreaterThan(100);
    for (const f of faults) {
      expect(['c1', 'c2']).toContain((f.params!.from as string[])[0]);
      expect(f.params!.to).toEqual(['store']);
    }
    const { clogLinks: _, ...everywhere } = opts;
    expect(randomSchedule(rngFor(7), { ...everywhere, clogLinks: {} })).toEqual(randomSchedule(rngFor(7), everywhere));
    expect(() => randomSchedule(rngFor(1), { ...opts, clogLinks: { to: ['nowhere'] } })).toThrow(/clogLinks\.to names nowhere/);
    expect(() => randomSchedule(rngFor(1), { ...opts, clogLinks: { from: [] } })).toThrow(/clogLinks\.from/);
  });

  it('refuses options it cannot honour', () => {
    const base: GenerateOptions = { servers: ['n1', 'n2', 'n3'], kinds: ['pause'], endNs: SEC };
    expect(() => randomSchedule(rngFor(1), { ...base, kinds: [] })).toThrow(/at least one fault kind/);
    expect(() => randomSchedule(rngFor(1), { ...base, kinds: ['membership'] })).toThrow(/membership: true/);
    expect(() => randomSchedule(rngFor(1), { ...base, endNs: 0 })).toThrow(/endNs/);
    expect(() => randomSchedule(rngFor(1), { ...base, weights: { pause: -1 } })).toThrow(/weights\.pause/);
    expect(() => randomSchedule(rngFor(1), { ...base, kinds: ['client-to-leader'] })).toThrow(/can act on this cluster/);
  });

  it('a generated schedule runs on a world and the heal leaves every link working', () => {
    const servers = ['n1', 'n2', 'n3'];
    const kinds: FaultKind[] = [...ORDINARY_KINDS];
    for (const seed of [1, 2, 3, 4, 5]) {
      const { schedule } = randomSchedule(rngFor(seed), { servers, clients: ['c1'], kinds, endNs: 3 * SEC, bounds: { intervalNs: { min: 20 * MS, max: 100 * MS } } });
      const world = chatterWorld(seed, servers, ['c1']);
      const ctx = testContext(servers, ['c1']);
      ctx.setLeader('n1');
      const run = installSchedule(world, schedule, ctx);
      world.runUntil(7 * SEC);
      expect(run.healedAt()).toBe(3 * SEC);
      // Packets in flight at the heal keep the delay they were sent with (a clog lasts up to 2 s),
      // and a FIFO link drains behind them; after that every link carries greetings again.
      expect(silentLinks(world, [...servers, 'c1'], 6 * SEC, 7 * SEC)).toEqual([]);
    }
  });
});
