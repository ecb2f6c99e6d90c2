import { describe, expect, it } from 'vitest';
import { MS, SEC } from '../../sim/time.js';
import { leaderElectionWorkload, type LeaderWrite, type SuspendedPolicy } from './leader-election.js';
import { fakeCluster, LOCK_SERVER } from './testing/fake-cluster.js';
import { onFirstGrant, overlappingBeliefs, runOn } from './testing/run.js';
import { historyProblems } from './testing/well-formed.js';

const election = (onSuspended: SuspendedPolicy, stopAt: number, termMeanNs = 150 * MS) =>
  leaderElectionWorkload({
    lock: 'leader',
    key: 'leader-log',
    stopAt,
    termMeanNs,
    actEveryNs: 20 * MS,
    thinkMeanNs: 10 * MS,
    retryMeanNs: 20 * MS,
    onSuspended,
  });

describe('leader-election', () => {
  it('one leader at a time, and a leader writes only inside its own term, with its token', () => {
    const cluster = fakeCluster({ seed: 61, clients: 3 });
    const { record } = runOn(cluster, election('stop', 3 * SEC), 10 * SEC);
    expect(historyProblems(record.history)).toEqual([]);
    const terms = record.beliefs!;
    expect(new Set(terms.map((b) => b.client)).size).toBe(3);
    expect(terms.every((b) => b.endReason === 'released')).toBe(true);
    expect(overlappingBeliefs(terms, record.endAt!)).toEqual([]);
    const writes = record.history.filter((o) => o.f === 'write' && o.type === 'invoke');
    expect(writes.length).toBeGreaterThan(50);
    for (const w of writes) {
      const v = w.value as LeaderWrite;
      const term = terms.find((b) => b.client === w.node && b.token === v.token);
      expect(term, `write ${w.index}`).toBeDefined();
      expect(w.time).toBeGreaterThanOrEqual(term!.start);
      expect(w.time).toBeLessThanOrEqual(term!.end!);
    }
  });

  /**
   * The first leader is cut off from the lock service. Its library trusts the session for 1.5
   * leases (too long) and the resource checks no tokens, so only the application's reaction to
   * SUSPENDED keeps the terms apart.
   */
  function cutOffLeader(onSuspended: SuspendedPolicy) {
    const cluster = fakeCluster({ seed: 62, clients: 3, sessionTtlNs: 1 * SEC, trust: 1.5, resourceMode: 'none' });
    let leader = '';
    onFirstGrant(cluster, (client) => {
      leader = client;
      const { world } = cluster;
      world.after(30 * MS, 'cut', () => world.partition([[client, LOCK_SERVER], [LOCK_SERVER, client]]));
      world.after(3 * SEC, 'heal', () => world.healPartition());
    });
    const { record } = runOn(cluster, election(onSuspended, 4 * SEC, 10 * SEC), 20 * SEC);
    expect(historyProblems(record.history)).toEqual([]);
    const first = record.beliefs!.find((b) => b.client === leader)!;
    return { record, first, overlaps: overlappingBeliefs(record.beliefs!, record.endAt!) };
  }

  it('a leader that treats SUSPENDED as loss stops before anyone else is elected', () => {
    const { first, overlaps } = cutOffLeader('stop');
    expect(first.endReason).toBe('suspended');
    expect(overlaps).toEqual([]);
  });

  it('a leader that waits for LOST keeps leading while another is elected', () => {
    const { first, overlaps, record } = cutOffLeader('wait-for-lost');
    expect(first.endReason).toBe('lost');
    expect(overlaps.length).toBeGreaterThan(0);
    expect(overlaps.every(([a, b]) => a === first || b === first)).toBe(true);
    // Writes it attempted while cut off were sent, under its old token.
    const stale = record.history.filter((o) => o.f === 'write' && o.node === first.client && o.type === 'invoke' && o.time > first.start + 1 * SEC);
    expect(stale.length).toBeGreaterThan(0);
  });

  it('a leader whose process crashes stops leading at the crash', () => {
    const cluster = fakeCluster({ seed: 63, clients: 2 });
    onFirstGrant(cluster, (client) => {
      cluster.world.after(50 * MS, 'crash', () => cluster.world.crash(client));
      cluster.world.after(500 * MS, 'restart', () => cluster.world.restart(client));
    });
    const { record } = runOn(cluster, election('stop', 4 * SEC), 10 * SEC);
    expect(historyProblems(record.history)).toEqual([]);
    const first = record.beliefs![0]!;
    expect(first.endReason).toBe('crashed');
    expect(first.end! - first.start).toBeLessThanOrEqual(50 * MS);
    // After its restart the client does not write under the dead term's token.
    const zombieWrites = record.history.filter((o) => o.f === 'write' && o.type === 'invoke' && (o.value as LeaderWrite).token === first.token && o.time > first.end!);
    expect(zombieWrites).toEqual([]);
    expect(overlappingBeliefs(record.beliefs!, record.endAt!)).toEqual([]);
  });
});
