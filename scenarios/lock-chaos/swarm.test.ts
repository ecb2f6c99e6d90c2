import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../sim/random.js';
import { MS, SEC } from '../../sim/time.js';
import { AIMS } from './aims.js';
import { drawSwarm, swarmChoiceParams, SWARM_WORKLOADS } from './swarm.js';
import { swarmWorkload } from './workloads.js';

const draws = Array.from({ length: 300 }, (_, i) => drawSwarm(new RandomStreams(i + 1).stream('scenario')));

describe('the lock-chaos swarm', () => {
  it('gives every client to exactly one workload group, and every group at least one client', () => {
    for (const s of draws) {
      const all = s.groups.flatMap((g) => g.clients).sort();
      expect(all).toEqual(Array.from({ length: s.clients }, (_, i) => `c${i + 1}`).sort());
      for (const g of s.groups) expect(g.clients.length).toBeGreaterThan(0);
    }
  });

  it('draws timing inside the valid ranges', () => {
    for (const s of draws) {
      expect([3, 5]).toContain(s.servers);
      expect(s.clients).toBeGreaterThanOrEqual(5);
      expect(s.clients).toBeLessThanOrEqual(20);
      expect(s.ttlNs).toBeGreaterThanOrEqual(1 * SEC);
      expect(s.epsilon).toBeGreaterThan(0);
      expect(s.epsilon).toBeLessThan(0.2);
      expect(s.tickSlackNs).toBeGreaterThanOrEqual(s.tickNs);
      expect(s.lockDelayNs).toBeGreaterThanOrEqual(100 * MS);
      expect(s.electionTicks).toBeGreaterThanOrEqual(8);
    }
  });

  it('over many seeds turns every workload and every aim both on and off', () => {
    for (const w of SWARM_WORKLOADS) {
      const on = draws.filter((s) => s.groups.some((g) => g.workload === w)).length;
      expect(on, w).toBeGreaterThan(30);
      expect(on, w).toBeLessThan(draws.length);
    }
    for (const a of AIMS) {
      const on = draws.filter((s) => s.aims.includes(a)).length;
      expect(on, a).toBeGreaterThan(30);
      expect(on, a).toBeLessThan(draws.length);
    }
  });

  it('is a function of the seed, and prints what it chose', () => {
    const again = drawSwarm(new RandomStreams(7).stream('scenario'));
    expect(again).toEqual(draws[6]);
    expect(Object.keys(swarmChoiceParams(again))).toEqual(['swarm.workloads', 'swarm.aims', 'swarm.driftNearEpsilon', 'swarm.applyBatch']);
  });

  it("checks each workload's linearizability on its own keys only", () => {
    const s = draws.find((d) => d.groups.some((g) => g.workload === 'counter') && d.groups.some((g) => g.workload === 'kv-cas'))!;
    const checks = swarmWorkload(s, 10 * SEC).checks;
    expect(checks).toContainEqual({ model: 'register', fs: ['read', 'write'], keys: ['L', 'counter'] });
    expect(checks).toContainEqual({ model: 'kv', fs: ['read', 'write', 'cas'], keys: ['k1', 'k2'] });
  });
});
