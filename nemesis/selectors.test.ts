import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../sim/random.js';
import { majoritiesRing } from './topologies.js';
import { resolveTargets, type Topology } from './selectors.js';

const topologyOf = (n: number): Topology => ({
  servers: Array.from({ length: n }, (_, i) => `n${i + 1}`),
  clients: ['c1', 'c2'],
  resource: 'store',
});

describe('selectors', () => {
  it('random-minority is fewer than half the servers, random-majority more; both in server order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 9 }), fc.integer(), (n, seed) => {
        const topology = topologyOf(n);
        const rng = new RandomStreams(seed).stream('nemesis');
        const minority = resolveTargets(['random-minority'], topology, () => null, rng);
        const majority = resolveTargets(['random-majority'], topology, () => null, rng);
        expect(minority.length).toBeGreaterThanOrEqual(1);
        expect(minority.length * 2).toBeLessThan(n);
        expect(majority.length * 2).toBeGreaterThan(n);
        for (const set of [minority, majority]) {
          expect(set).toEqual(topology.servers.filter((s) => set.includes(s)));
        }
      }),
    );
  });

  it('group selectors, the leader and node ids resolve to a set in topology order', () => {
    const topology = topologyOf(3);
    const rng = new RandomStreams(1).stream('nemesis');
    expect(resolveTargets(['store', 'c2', 'leader', 'n1', 'n1'], topology, () => 'n3', rng)).toEqual(['n1', 'n3', 'c2', 'store']);
    expect(resolveTargets(['all'], topology, () => null, rng)).toEqual(['n1', 'n2', 'n3', 'c1', 'c2', 'store']);
    expect(resolveTargets(['leader'], topology, () => null, rng)).toEqual([]);
    expect(resolveTargets(['clients', 'resource'], topology, () => null, rng)).toEqual(['c1', 'c2', 'store']);
  });

  it('the same seed draws the same random targets', () => {
    const draw = (seed: number) => {
      const rng = new RandomStreams(seed).stream('nemesis');
      return [1, 2, 3, 4].map(() => resolveTargets(['random-server', 'random-client'], topologyOf(5), () => null, rng));
    };
    expect(draw(3)).toEqual(draw(3));
  });
});

describe('the majorities ring', () => {
  it('gives every node a majority to hear, no two the same, for any size from 3', () => {
    for (let n = 3; n <= 9; n++) {
      const nodes = topologyOf(n).servers;
      const { pairs, hears } = majoritiesRing(nodes);
      const views = nodes.map((to) => nodes.filter((from) => from === to || !pairs.some(([a, b]) => a === from && b === to)).join(','));
      expect(new Set(views).size).toBe(n);
      for (const v of views) expect(v.split(',').length * 2).toBeGreaterThan(n);
      expect(views).toEqual(nodes.map((id) => [...(hears?.[id] ?? [])].sort((a, b) => nodes.indexOf(a) - nodes.indexOf(b)).join(',')));
    }
  });
});
