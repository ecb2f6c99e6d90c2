import { describe, expect, it } from 'vitest';
import { MS, SEC } from '../../sim/time.js';
import { fakeCluster } from './testing/fake-cluster.js';
import { runOn } from './testing/run.js';
import { historyProblems, pairs } from './testing/well-formed.js';
import { ttlLockWorkload } from './ttl-lock.js';

describe('ttl-lock', () => {
  it('tries the lock under a fresh owner each time, unlocks by owner, and some holders let it expire', () => {
    const cluster = fakeCluster({ seed: 51, clients: 3 });
    const expireMs = 200;
    const workload = ttlLockWorkload({ resource: 'R', expireMs, holdMeanNs: 40 * MS, thinkMeanNs: 20 * MS, abandonProbability: 0.3, stopAt: 4 * SEC });
    const { record } = runOn(cluster, workload, 10 * SEC);
    expect(historyProblems(record.history)).toEqual([]);
    const ps = pairs(record.history);
    const tries = ps.filter((p) => p.invoke.f === 'try-lock');
    const owners = tries.map((p) => (p.invoke.value as { owner: string }).owner);
    expect(new Set(owners).size).toBe(owners.length);
    expect(tries.every((p) => (p.invoke.value as { expireMs: number }).expireMs === expireMs && p.invoke.key === 'R')).toBe(true);
    const results = tries.map((p) => (p.done!.value as { result: string }).result);
    expect(results.filter((r) => r === 'ok').length).toBeGreaterThan(10);
    expect(results.filter((r) => r === 'held-by-other').length).toBeGreaterThan(10);

    // A lock that was never unlocked passes to another owner only once it has expired.
    const unlockedBy = new Set(ps.filter((p) => p.invoke.f === 'unlock' && (p.done!.value as { result: string }).result === 'ok').map((p) => (p.invoke.value as { owner: string }).owner));
    const grants = tries.filter((p) => (p.done!.value as { result: string }).result === 'ok');
    let abandoned = 0;
    grants.slice(1).forEach((g, i) => {
      const prev = grants[i]!;
      if (unlockedBy.has((prev.invoke.value as { owner: string }).owner)) return;
      abandoned++;
      expect(g.done!.time - prev.invoke.time).toBeGreaterThanOrEqual(expireMs * MS);
    });
    expect(abandoned).toBeGreaterThan(2);
  });

  it('a client restarted after a crash goes on with fresh owners, never one it used before', () => {
    const cluster = fakeCluster({ seed: 52, clients: 2 });
    const workload = ttlLockWorkload({ resource: 'R', expireMs: 200, holdMeanNs: 40 * MS, thinkMeanNs: 20 * MS, abandonProbability: 0.3, stopAt: 3 * SEC });
    cluster.world.after(1 * SEC, 'crash c1', () => cluster.world.crash('c1'));
    cluster.world.after(1200 * MS, 'restart c1', () => cluster.world.restart('c1'));
    const { record } = runOn(cluster, workload, 10 * SEC);
    const owners = pairs(record.history)
      .filter((p) => p.invoke.f === 'try-lock' && p.invoke.node === 'c1')
      .map((p) => (p.invoke.value as { owner: string }).owner);
    expect(owners.filter((o) => o.startsWith('c1-')).length).toBeGreaterThan(10);
    expect(new Set(owners).size).toBe(owners.length);
  });
});
