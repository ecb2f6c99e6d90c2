import { describe, expect, it } from 'vitest';
import { MS, SEC } from '../../sim/time.js';
import { fencedWritesWorkload, type StampedValue } from './lock-fenced-writes.js';
import { fakeCluster } from './testing/fake-cluster.js';
import { onFirstGrant, runOn } from './testing/run.js';
import { historyProblems } from './testing/well-formed.js';

const fencedWrites = (stopAt: number) =>
  fencedWritesWorkload({ lock: 'L', key: 'log', stopAt, writesPerHold: 3, writeGapMeanNs: 40 * MS, thinkMeanNs: 20 * MS, retryMeanNs: 20 * MS });

describe('lock-fenced-writes', () => {
  it('each hold writes its token-stamped values in order, and the resource sees tokens never go down', () => {
    const cluster = fakeCluster({ seed: 31, clients: 3 });
    const { record } = runOn(cluster, fencedWrites(2 * SEC), 10 * SEC);
    expect(historyProblems(record.history)).toEqual([]);
    const writes = record.history.filter((o) => o.f === 'write' && o.type === 'invoke').map((o) => o.value as StampedValue);
    expect(writes.length).toBeGreaterThan(15);
    const byToken = new Map<number, StampedValue[]>();
    for (const w of writes) byToken.set(w.token, [...(byToken.get(w.token) ?? []), w]);
    for (const ws of byToken.values()) {
      expect(ws.map((w) => w.n)).toEqual([0, 1, 2]);
      expect(new Set(ws.map((w) => w.by)).size).toBe(1);
    }
    const tokens = record.resourceLog!.map((w) => w.token!);
    expect(record.resourceLog!.every((w) => w.accepted)).toBe(true);
    expect(tokens).toEqual([...tokens].sort((a, b) => a - b));
  });

  it('a holder fenced out after a long pause stops writing at its first refusal', () => {
    const cluster = fakeCluster({ seed: 32, clients: 2, sessionTtlNs: 300 * MS });
    let zombie = '';
    onFirstGrant(cluster, (client) => {
      zombie = client;
      cluster.world.after(1 * MS, 'pause', () => cluster.world.pause(client));
      cluster.world.after(1 * SEC, 'resume', () => cluster.world.resume(client));
    });
    const { record } = runOn(cluster, fencedWrites(2 * SEC), 10 * SEC);
    const refused = record.resourceLog!.filter((w) => !w.accepted);
    expect(refused).toEqual([expect.objectContaining({ client: zombie, token: 1, reason: 'stale-token' })]);
    const after = record.history.filter((o) => o.node === zombie && o.time >= refused[0]!.time && o.type === 'invoke');
    expect(after[0]).toMatchObject({ f: 'release' });
  });
});
