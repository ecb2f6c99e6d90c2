import { describe, expect, it } from 'vitest';
import type { Op } from '../../checker/history.js';
import { MS, SEC } from '../../sim/time.js';
import { mutexWorkload } from './mutex.js';
import { fakeCluster, LOCK_SERVER } from './testing/fake-cluster.js';
import { overlappingBeliefs, runOn } from './testing/run.js';
import { historyProblems, pairs } from './testing/well-formed.js';

const mutex = (stopAt: number) => mutexWorkload({ lock: 'L', stopAt, holdMeanNs: 30 * MS, thinkMeanNs: 30 * MS, retryMeanNs: 20 * MS });

/** Reads the history as a sequential mutex: an ok acquire needs the lock free; a release frees it. */
function mutexViolations(history: readonly Op[]): string[] {
  const owner = (o: Op) => (o.value as { owner: string }).owner;
  const invokes = new Map(pairs(history).map((p) => [p.done?.index ?? -1, p.invoke] as const));
  let holder: string | null = null;
  const out: string[] = [];
  for (const o of history) {
    if (o.f === 'acquire' && o.type === 'ok') {
      const who = owner(invokes.get(o.index)!);
      if (holder !== null) out.push(`op ${o.index}: ${who} acquired while ${holder} held the lock`);
      holder = who;
    }
    if (o.f === 'release' && o.type === 'invoke' && owner(o) === holder) holder = null;
  }
  return out;
}

describe('mutex', () => {
  it('without faults the history is a mutex, with increasing tokens and disjoint beliefs', () => {
    const cluster = fakeCluster({ seed: 21, clients: 4 });
    const { record } = runOn(cluster, mutex(3 * SEC), 10 * SEC);
    expect(historyProblems(record.history)).toEqual([]);
    expect(mutexViolations(record.history)).toEqual([]);
    const tokens = record.history.filter((o) => o.f === 'acquire' && o.type === 'ok').map((o) => (o.value as { token: number }).token);
    expect(tokens.length).toBeGreaterThan(20);
    expect(tokens).toEqual([...tokens].sort((a, b) => a - b));
    expect(new Set(tokens).size).toBe(tokens.length);
    expect(record.beliefs).toHaveLength(tokens.length);
    expect(overlappingBeliefs(record.beliefs!, record.endAt!)).toEqual([]);
    expect(new Set(record.history.map((o) => o.f))).toEqual(new Set(['acquire', 'release']));
  });

  it('a client cut off from the service records unknown outcomes, then runs as fresh processes', () => {
    const cluster = fakeCluster({ seed: 22, clients: 2 });
    const { world } = cluster;
    world.at(500 * MS, 'cut', () => world.partition([['c1', LOCK_SERVER], [LOCK_SERVER, 'c1']]));
    world.at(1500 * MS, 'heal', () => world.healPartition());
    const { record } = runOn(cluster, mutex(3 * SEC), 10 * SEC);
    expect(historyProblems(record.history)).toEqual([]);
    const c1 = record.history.filter((o) => o.node === 'c1');
    const infos = c1.filter((o) => o.type === 'info');
    expect(infos.length).toBeGreaterThan(2);
    expect(infos.every((o) => o.error === 'timeout')).toBe(true);
    // Every info retires its process: c1 ends up on several.
    expect(new Set(c1.map((o) => o.process)).size).toBeGreaterThan(infos.length);
    // An acquire of unknown outcome is followed by a release of whatever is held (token null).
    const unknownAcquire = infos.find((o) => o.f === 'acquire')!;
    const next = c1.find((o) => o.index > unknownAcquire.index && o.type === 'invoke');
    expect(next).toMatchObject({ f: 'release', value: { owner: 'c1', token: null } });
    expect(mutexViolations(record.history.filter((o) => o.type !== 'info'))).toEqual([]);
  });
});
