import { describe, expect, it } from 'vitest';
import { MS, SEC } from '../../../sim/time.js';
import { World } from '../../../sim/world.js';
import type { GetResult } from './lock-api.js';
import { deploy, type DeploymentOptions } from './testing/deployment.js';

function setup(seed: number, options: DeploymentOptions = {}) {
  const world = new World({ seed, network: { latency: { minNs: 200_000, meanNs: 1 * MS, tailProbability: 0, tailNs: 0 } } });
  const d = deploy(world, options);
  const traced: Array<{ t: number; node: string | undefined; kind: string; data: Record<string, unknown> }> = [];
  world.trace.listen((e) => {
    if (e.kind.startsWith('sentinel-') || e.kind === 'role' || e.kind.startsWith('repl-full') || e.kind === 'store:grant') {
      traced.push({ t: e.t, node: e.node, kind: e.kind, data: (e.data ?? {}) as Record<string, unknown> });
    }
  });
  world.runFor(100 * MS);
  return { ...d, traced };
}

describe('failover of the async primary/replica store', () => {
  it('a crashed primary is replaced by the most up-to-date replica, and clients find the new one', () => {
    const d = setup(11);
    // n3 stops hearing the primary, so n2 is ahead when the primary dies.
    d.world.partition([['n1', 'n3']]);
    for (let i = 0; i < 4; i++) d.answer((cb) => d.api('c1').put(`k${i}`, i, cb));
    d.world.runFor(50 * MS);
    expect(d.store('n2').replicationOffset).toBeGreaterThan(d.store('n3').replicationOffset);

    const crashAt = d.world.now;
    d.world.crash('n1');
    d.world.healPartition();
    d.world.runUntilTrue(() => d.traced.some((e) => e.kind === 'sentinel-failover'), d.world.now + 2 * SEC);
    const failover = d.traced.find((e) => e.kind === 'sentinel-failover')!;
    expect(failover.data).toMatchObject({ from: 'n1', to: 'n2', epoch: 1 });
    // Not before the primary has been silent for downAfterNs (300 ms).
    expect(failover.t - crashAt).toBeGreaterThan(300 * MS);
    d.world.runFor(300 * MS);
    expect(d.store('n2').isPrimary).toBe(true);
    expect(d.store('n3').primary).toBe('n2');
    expect(d.store('n3').dump()).toEqual(d.store('n2').dump());

    // c2 has not talked to the store yet: the sentinel sends it straight to the new primary.
    expect(d.answer<GetResult>((cb) => d.api('c2').get('k3', cb))).toEqual({ ok: true, value: 3 });
    expect(d.client('c2').primary).toBe('n2');
    // c1 still points at the dead primary: a read times out there, asks the sentinel, and is answered.
    expect(d.answer<GetResult>((cb) => d.api('c1').get('k2', cb))).toEqual({ ok: true, value: 2 });
    expect(d.client('c1').primary).toBe('n2');
    d.answer((cb) => d.api('c1').put('k4', 4, cb));
    expect(d.answer<GetResult>((cb) => d.api('c2').get('k4', cb))).toEqual({ ok: true, value: 4 });
  });

  it('the old primary, restarted, is made a replica of the new one under the new epoch', () => {
    const d = setup(12);
    d.answer((cb) => d.api('c1').put('x', 1, cb));
    d.world.runFor(50 * MS);
    d.world.crash('n1');
    d.world.runUntilTrue(() => d.traced.some((e) => e.kind === 'sentinel-failover'), d.world.now + 2 * SEC);
    const newPrimary = d.primary();
    expect(newPrimary).not.toBe('n1');

    d.world.restart('n1'); // empty, and still a primary of epoch 0 by its configuration file
    expect(d.store('n1').isPrimary).toBe(true);
    d.world.runFor(500 * MS);
    expect(d.store('n1').isPrimary).toBe(false);
    expect(d.store('n1').primary).toBe(newPrimary);
    expect(d.store('n1').configEpoch).toBe(1);
    expect(d.store('n1').dump()).toEqual({ 'kv:x': 1 });
  });

  it('a partitioned old primary keeps acknowledging writes, and loses them when it is demoted', () => {
    const d = setup(13);
    d.answer((cb) => d.api('c1').put('x', 'before', cb));
    d.world.runFor(50 * MS);
    // n1 can still talk to c1, but not to the sentinel or the replicas.
    const cut = ['s1', 'n2', 'n3'].flatMap((o) => [['n1', o], [o, 'n1']] as [string, string][]);
    d.world.partition(cut);
    expect(d.answer((cb) => d.api('c1').put('x', 'lost', cb))).toEqual({ ok: true });
    d.world.runUntilTrue(() => d.traced.some((e) => e.kind === 'sentinel-failover'), d.world.now + 2 * SEC);
    expect(d.primary()).not.toBe('n1');
    expect(d.store('n1').isPrimary).toBe(true); // it has not heard
    expect(d.store('n1').dump()['kv:x']).toBe('lost');

    d.world.healPartition();
    d.world.runFor(500 * MS);
    expect(d.store('n1').isPrimary).toBe(false);
    expect(d.store('n1').dump()['kv:x']).toBe('before');
    const sync = d.traced.find((e) => e.kind === 'repl-full-sync' && e.node === 'n1')!;
    expect(sync.data).toMatchObject({ discardedCount: 1, discarded: ['kv:x'] });
    expect(d.answer<GetResult>((cb) => d.api('c1').get('x', cb))).toEqual({ ok: true, value: 'before' });
  });

  it('three sentinels with a quorum of two: one leader per epoch, and all adopt its configuration', () => {
    const d = setup(14, { sentinels: ['s1', 's2', 's3'] });
    d.answer((cb) => d.api('c1').put('x', 1, cb));
    d.world.runFor(50 * MS);
    d.world.crash('n1');
    d.world.runFor(3 * SEC);
    const failovers = d.traced.filter((e) => e.kind === 'sentinel-failover');
    expect(failovers).toHaveLength(1);
    expect((failovers[0]!.data.votes as string[]).length).toBeGreaterThanOrEqual(2);
    const primary = d.primary();
    expect(primary).not.toBe('n1');
    for (const s of ['s1', 's2', 's3']) expect(d.sentinel(s).config).toEqual({ primary, epoch: 1 });
    expect(d.answer<GetResult>((cb) => d.api('c2').get('x', cb))).toEqual({ ok: true, value: 1 });
  });

  it('one sentinel cut off from the others cannot fail over alone when the quorum is two', () => {
    const d = setup(15, { sentinels: ['s1', 's2', 's3'] });
    // s1 loses sight of the primary only; s2 and s3 still see it.
    d.world.partition([['n1', 's1'], ['s1', 'n1']]);
    d.world.runFor(3 * SEC);
    expect(d.traced.filter((e) => e.kind === 'sentinel-odown')).toEqual([]);
    expect(d.traced.filter((e) => e.kind === 'sentinel-failover')).toEqual([]);
    expect(d.primary()).toBe('n1');
  });
});

describe('after any crash, restart and partition, the deployment settles', () => {
  it('a run is a function of its seed: the same faults give the same trace', () => {
    const run = (seed: number) => {
      const d = setup(seed, { sentinels: ['s1', 's2', 's3'] });
      d.api('c1').acquire('L', 'exclusive', () => {});
      d.world.runFor(20 * MS);
      d.world.crash('n1');
      d.world.runFor(2 * SEC);
      d.world.restart('n1');
      d.world.runFor(1 * SEC);
      return d.world.traceHash();
    };
    expect(run(16)).toBe(run(16));
    expect(run(16)).not.toBe(run(17));
  });

  it('on 40 seeds with lossy links: one primary, which every store follows and every sentinel names, with equal data', () => {
    const problems: string[] = [];
    for (let seed = 100; seed < 140; seed++) {
      const world = new World({ seed, network: { latency: { minNs: 200_000, meanNs: 2 * MS, tailProbability: 0.01, tailNs: 100 * MS }, loss: 0.01 } });
      const d = deploy(world, { sentinels: seed % 2 ? ['s1', 's2', 's3'] : ['s1'] });
      const r = world.random.stream('test-faults');
      const some = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
      world.runFor(Math.floor(r() * SEC));
      for (let i = 0; i < 5; i++) d.api('c1').put(`k${i}`, i, () => {});
      const victim = d.primary();
      world.runFor(Math.floor(r() * 20 * MS));
      world.crash(victim);
      world.runFor(Math.floor(r() * 3 * SEC));
      if (r() < 0.5) world.restart(victim);
      const [a, b] = [some(['n1', 'n2', 'n3', 's1']), some(['n1', 'n2', 'n3', 's1', 'c1'])];
      if (a !== b) {
        world.partition([[a, b], [b, a]]);
        world.runFor(Math.floor(r() * 2 * SEC));
        world.healPartition();
      }
      world.restart(victim);
      world.runFor(5 * SEC);

      const primary = d.primary();
      const stores = ['n1', 'n2', 'n3'];
      const primaries = stores.filter((s) => d.store(s).isPrimary);
      if (primaries.join() !== primary) problems.push(`seed ${seed}: primaries [${primaries}], sentinels name ${primary}`);
      for (const s of stores) if (s !== primary && d.store(s).primary !== primary) problems.push(`seed ${seed}: ${s} follows ${d.store(s).primary}`);
      if (new Set(stores.map((s) => JSON.stringify(d.store(s).dump()))).size !== 1) problems.push(`seed ${seed}: the stores hold different data`);
      const read = d.answer<GetResult>((cb) => d.api('c2').get('k0', cb));
      if (!read.ok) problems.push(`seed ${seed}: a read failed (${read.error})`);
    }
    expect(problems).toEqual([]);
  });
});
