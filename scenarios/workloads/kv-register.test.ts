import { describe, expect, it } from 'vitest';
import type { Op } from '../../checker/history.js';
import { MS, SEC } from '../../sim/time.js';
import { kvRegisterWorkload } from './kv-register.js';
import { fakeCluster } from './testing/fake-cluster.js';
import { runOn } from './testing/run.js';
import { historyProblems, pairs } from './testing/well-formed.js';

describe('kv-register', () => {
  it('reads, writes and cas on a few keys, in the value shapes of the kv model', () => {
    const cluster = fakeCluster({ seed: 41, clients: 3 });
    const workload = kvRegisterWorkload({ keys: ['a', 'b'], values: 3, staggerMeanNs: 5 * MS, stopAt: 2 * SEC });
    const { record } = runOn(cluster, workload, 5 * SEC);
    expect(historyProblems(record.history)).toEqual([]);
    const ps = pairs(record.history);
    expect(ps.length).toBeGreaterThan(300);
    expect(ps.every((p) => p.done !== null && ['a', 'b'].includes(p.invoke.key!))).toBe(true);
    const of = (f: string) => ps.filter((p) => p.invoke.f === f);
    expect(of('read').every((p) => p.invoke.value === null)).toBe(true);
    expect(of('write').every((p) => Number.isInteger(p.invoke.value) && p.done!.value === p.invoke.value)).toBe(true);
    const cas = of('cas');
    expect(cas.every((p) => Array.isArray(p.invoke.value) && (p.invoke.value as unknown[]).length === 2)).toBe(true);
    expect(cas.filter((p) => p.done!.type === 'ok').length).toBeGreaterThan(10);
    expect(cas.filter((p) => p.done!.type === 'fail').every((p) => p.done!.error === 'mismatch')).toBe(true);
    expect(cas.some((p) => p.done!.type === 'fail')).toBe(true);
    // One server and FIFO links: each read sees a value that some op wrote to its key before it returned.
    const written = (key: string, before: number) =>
      new Set<unknown>([null, ...record.history.filter((o: Op) => o.key === key && o.type === 'invoke' && o.index < before && o.f !== 'read').map((o) => (o.f === 'cas' ? (o.value as unknown[])[1] : o.value))]);
    for (const p of of('read')) expect(written(p.invoke.key!, p.done!.index).has(p.done!.value)).toBe(true);
  });
});
