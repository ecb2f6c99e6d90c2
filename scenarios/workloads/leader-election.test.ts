import { describe, expect, it } from 'vitest';
import { MS, SEC } from '../../sim/time.js';
import { leaderElectionWorkload, type LeaderWrite, type SuspendedPolicy } from './leader-election.js';
import { fakeCluster, LOCK_SERVER } from './testing/fake-cluster.js';
import { onFirstGrant, overlappingBeliefs, runOn } from './testing/run.js';
import { historyProblems } from './testing/well-formed.js';
import { HistoryRecorder } from '../../sim/recorder.js';
import type { Holding, LockApi } from './lock-api.js';
import type { InvokedOp } from './driver.js';

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

  it('a leader paused past its lease, whose term ends in the pause, stopped leading when its lease did', () => {
    const cluster = fakeCluster({ seed: 64, clients: 2, sessionTtlNs: 1 * SEC, keepAliveEveryNs: 200 * MS });
    onFirstGrant(cluster, (client) => {
      cluster.world.after(20 * MS, 'pause', () => cluster.world.pause(client));
      cluster.world.after(3 * SEC, 'resume', () => cluster.world.resume(client));
    });
    const { record } = runOn(cluster, election('stop', 6 * SEC, 200 * MS), 12 * SEC);
    expect(historyProblems(record.history)).toEqual([]);
    const first = record.beliefs![0]!;
    // Its library trusted the session for 0.8 s after the last keep-alive was sent, so the term
    // ended within a second of the grant, long before the process ran again and resigned.
    expect(first.end! - first.start).toBeLessThanOrEqual(1 * SEC);
    expect(overlappingBeliefs(record.beliefs!, record.endAt!)).toEqual([]);
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

  /**
   * The library's timer has not fired yet (its process ran again an instant ago), but its clock
   * says the grant's believed end passed 300 ms ago; the application resigns first.
   */
  it('a leader that resigns after its library let go dates the end of its term at the library\'s deadline', () => {
    let now = 0;
    let holding: Holding = { held: true, token: 7 };
    const library = {
      holds: () => holding,
      onEvent: () => () => {},
      acquire: (_lock: string, _mode: string, cb: (r: { ok: true; token: number }) => void) => cb({ ok: true, token: 7 }),
      release: (_lock: string, _token: number, cb: (r: { ok: true }) => void) => cb({ ok: true }),
    } as unknown as LockApi;
    const recorder = new HistoryRecorder({ now: () => now, records: ['beliefs'] });
    const app = election('stop', 10 * SEC).client({ id: 'c1', api: library, recorder });
    const op = (f: string, index: number, value: Record<string, unknown>): InvokedOp =>
      ({ f, key: 'leader', value, client: 'c1', process: 0, index }) as unknown as InvokedOp;
    app.invoke(op('acquire', 0, { mode: 'exclusive' }), () => {});
    now = 2 * SEC;
    holding = { held: false, token: 7, endedAgoNs: 300 * MS };
    app.invoke(op('release', 1, { owner: 'c1', token: 7 }), () => {});
    const [term] = recorder.finish().beliefs!;
    expect(term!.endReason).toBe('deadline');
    expect(term!.end).toBe(2 * SEC - 300 * MS);
  });
});
