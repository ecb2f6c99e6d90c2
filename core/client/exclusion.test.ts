/**
 * The library's safety claim as a property: under message delay, lost replies, partitions and
 * client clock drift within ε, no two clients ever believe they hold one exclusive lock at the same
 * true instant. Each run is a small world: three clients cycling acquire, hold, release on one
 * lock, and a random fault schedule. The same property must fail for an unsafe design, or it
 * would prove nothing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MS, SEC } from '../../sim/time.js';
import type { ClientDesign } from './design.js';
import { ClientWorld } from './testing/client-world.js';

const CLIENTS = ['c1', 'c2', 'c3'];
const RUN_NS = 6 * SEC;

type Fault =
  | { kind: 'isolate'; client: number; at: number; forMs: number }
  | { kind: 'slow-replies'; client: number; at: number; forMs: number }
  | { kind: 'drift'; client: number; at: number; ppm: number }
  /** The holder's replies held up, then the holder cut off: a late renewal is the last it gets. */
  | { kind: 'slow-then-cut'; at: number; slowMs: number; cutMs: number };

const faultArb: fc.Arbitrary<Fault> = fc.oneof(
  fc.record({ kind: fc.constant('isolate' as const), client: fc.nat(2), at: fc.nat(5000), forMs: fc.integer({ min: 50, max: 1500 }) }),
  fc.record({ kind: fc.constant('slow-replies' as const), client: fc.nat(2), at: fc.nat(5000), forMs: fc.integer({ min: 50, max: 600 }) }),
  // Rate error well inside the ε = 5 % the service and the library assume.
  fc.record({ kind: fc.constant('drift' as const), client: fc.nat(2), at: fc.nat(5000), ppm: fc.integer({ min: -20_000, max: 20_000 }) }),
  fc.record({ kind: fc.constant('slow-then-cut' as const), at: fc.nat(4000), slowMs: fc.integer({ min: 50, max: 330 }), cutMs: fc.integer({ min: 500, max: 1500 }) }),
);

interface Interval {
  client: string;
  from: number;
  to: number;
}

/** Runs one world and returns every exclusive belief interval (open ones end at the run's end). */
function run(seed: number, faults: readonly Fault[], design: Partial<ClientDesign>): Interval[] {
  const w = new ClientWorld({ seed, clients: CLIENTS, client: { design } });
  for (const f of faults) {
    if (f.kind === 'slow-then-cut') {
      w.world.at(f.at * MS, 'hold', () => {
        // Aimed at whoever holds the lock now, as a nemesis aims at a leader.
        const holder = CLIENTS.find((c) => w.lib(c).holds('L').held);
        if (holder === undefined) return;
        const cutAt = f.at + f.slowMs;
        w.world.holdLink('s1', holder);
        w.world.at(cutAt * MS, 'release', () => w.world.releaseLink('s1', holder));
        w.world.at((cutAt + 1) * MS, 'isolate', () => w.isolate(holder));
        w.world.at((cutAt + f.cutMs) * MS, 'heal', () => w.heal());
      });
      continue;
    }
    const client = CLIENTS[f.client]!;
    if (f.kind === 'isolate') {
      w.world.at(f.at * MS, 'isolate', () => w.isolate(client));
      w.world.at((f.at + f.forMs) * MS, 'heal', () => w.heal());
    } else if (f.kind === 'slow-replies') {
      w.world.at(f.at * MS, 'hold', () => w.world.holdLink('s1', client));
      w.world.at((f.at + f.forMs) * MS, 'release', () => w.world.releaseLink('s1', client));
    } else {
      w.world.at(f.at * MS, 'drift', () => w.world.setDrift(client, f.ppm));
    }
  }
  for (const client of CLIENTS) {
    const cycle = (): void => {
      if (w.world.now > RUN_NS - 1 * SEC) return;
      w.lib(client).acquire('L', 'exclusive', (r) => {
        if (!r.ok) return w.world.after(30 * MS, 'retry', cycle);
        // Holds long enough, at times, to outlast a lease: only then can a lease mistake show.
        w.world.after(Math.floor(w.world.random.stream(`hold:${client}`)() * 2500) * MS, 'hold', () => {
          w.lib(client).release('L', r.token, () => w.world.after(20 * MS, 'think', cycle));
        });
      });
    };
    w.world.after(0, 'start', cycle);
  }
  w.world.runUntil(RUN_NS);
  const intervals: Interval[] = [];
  for (const client of CLIENTS) {
    let from: number | null = null;
    for (const { t, event } of w.events(client)) {
      if (event.type !== 'belief') continue;
      if (event.held) from = t;
      else if (from !== null) {
        intervals.push({ client, from, to: t });
        from = null;
      }
    }
    if (from !== null) intervals.push({ client, from, to: RUN_NS });
  }
  return intervals;
}

function overlap(intervals: readonly Interval[]): [Interval, Interval] | null {
  const sorted = [...intervals].sort((a, b) => a.from - b.from || a.to - b.to);
  for (let i = 1; i < sorted.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = sorted[j]!;
      const b = sorted[i]!;
      if (a.client !== b.client && b.from < a.to) return [a, b];
    }
  }
  return null;
}

describe('mutual exclusion of beliefs', () => {
  it('holds for the safe design under delays, lost replies, partitions and bounded drift', () => {
    fc.assert(
      fc.property(fc.nat(1_000_000), fc.array(faultArb, { maxLength: 8 }), (seed, faults) => {
        const intervals = run(seed, faults, {});
        expect(overlap(intervals)).toBeNull();
        return intervals.length > 0;
      }),
      { numRuns: 50, seed: 42 },
    );
  });

  it("fails for the unsafe design that counts leases from the reply's arrival and ignores SUSPENDED", () => {
    const result = fc.check(
      fc.property(fc.nat(1_000_000), fc.array(faultArb, { minLength: 2, maxLength: 8 }), (seed, faults) => overlap(run(seed, faults, { leaseFrom: 'receive', onSuspended: 'ignore' })) === null),
      { numRuns: 100, seed: 42, endOnFailure: true },
    );
    expect(result.failed).toBe(true);
  });
});
