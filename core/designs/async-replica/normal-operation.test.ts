import { describe, expect, it } from 'vitest';
import { MS, SEC } from '../../../sim/time.js';
import { World } from '../../../sim/world.js';
import type { AcquireResult, CasResult, GetResult, ReleaseResult, TryLockResult, UnlockResult, WriteResult } from './lock-api.js';
import { deploy, type DeploymentOptions } from './testing/deployment.js';

function world(seed: number): World {
  return new World({ seed, network: { latency: { minNs: 200_000, meanNs: 1 * MS, tailProbability: 0, tailNs: 0 } } });
}

function setup(seed: number, options: DeploymentOptions = {}) {
  const d = deploy(world(seed), options);
  d.world.runFor(100 * MS); // replicas say hello, the sentinel pings
  return d;
}

describe('normal operation of the async primary/replica store', () => {
  it('a client finds the primary through the sentinel, takes a lock, believes it, and gives it back', () => {
    const d = setup(1);
    const got = d.answer<AcquireResult>((cb) => d.api('c1').acquire('L', 'exclusive', cb));
    expect(got).toEqual({ ok: true, token: 1 });
    expect(d.client('c1').primary).toBe('n1');
    expect(d.api('c1').holds('L')).toEqual({ held: true, token: 1 });
    expect(d.store('n1').dump()['lock:L']).toMatch(/^c1:/);

    expect(d.answer<ReleaseResult>((cb) => d.api('c1').release('L', 1, cb))).toEqual({ ok: true });
    expect(d.api('c1').holds('L')).toEqual({ held: false, token: null });
    expect(d.store('n1').dump()['lock:L']).toBeUndefined();
    expect(d.events.map((e) => e.type === 'belief' && [e.client, e.held, e.reason ?? null])).toEqual([
      ['c1', true, null],
      ['c1', false, 'released'],
    ]);
  });

  it('a second client spins until the first releases, then gets the next token; beliefs never overlap', () => {
    const d = setup(2);
    d.answer<AcquireResult>((cb) => d.api('c1').acquire('L', 'exclusive', cb));
    let second: AcquireResult | null = null;
    d.api('c2').acquire('L', 'exclusive', (r) => (second = r));
    d.world.runFor(500 * MS);
    expect(second).toBeNull();
    d.answer<ReleaseResult>((cb) => d.api('c1').release('L', 1, cb));
    d.world.runUntilTrue(() => second !== null, d.world.now + 1 * SEC);
    expect(second).toEqual({ ok: true, token: 2 });
    const [c1End, c2Start] = [d.events.find((e) => e.client === 'c1' && !(e as { held: boolean }).held)!, d.events.find((e) => e.client === 'c2')!];
    expect(c1End.at).toBeLessThan(c2Start.at);
  });

  it('an unreleased lock expires by the store clock after its TTL; its holder stopped believing before that', () => {
    const d = setup(3, { client: { lockTtlNs: 1 * SEC } });
    const grants: number[] = [];
    d.world.trace.listen((e) => e.kind === 'store:grant' && grants.push(e.t));
    d.answer<AcquireResult>((cb) => d.api('c1').acquire('L', 'exclusive', cb));
    const grantedAt = grants[0]!;
    const second = d.answer<AcquireResult>((cb) => d.api('c2').acquire('L', 'exclusive', cb));
    expect(second).toEqual({ ok: true, token: 2 });
    const c1End = d.events.find((e) => e.client === 'c1' && e.type === 'belief' && !e.held)!;
    const c2Start = d.events.find((e) => e.client === 'c2')!;
    expect(c1End).toMatchObject({ reason: 'deadline' });
    // Believed for ttl·(1−ε) from the send time, which came before the grant; the key lived a full TTL.
    expect(c1End.at - grantedAt).toBeLessThan(0.95 * SEC);
    expect(c2Start.at - grantedAt).toBeGreaterThanOrEqual(1 * SEC);
    expect(grants[1]! - grantedAt).toBeGreaterThanOrEqual(1 * SEC);
  });

  it('replicas apply the stream in order and catch up with the primary', () => {
    const d = setup(4);
    for (let i = 0; i < 5; i++) d.answer((cb) => d.api('c1').put(`k${i}`, i, cb));
    d.answer<AcquireResult>((cb) => d.api('c2').acquire('L', 'exclusive', cb));
    d.world.runFor(50 * MS);
    const primary = d.store('n1').dump();
    expect(Object.keys(primary)).toHaveLength(7); // five keys, the lock and its fencing counter
    expect(d.store('n2').dump()).toEqual(primary);
    expect(d.store('n3').dump()).toEqual(primary);
    expect(d.store('n2').replicationOffset).toBe(d.store('n1').replicationOffset);
  });

  it('a replica cut off for a while continues from the backlog; a restarted one takes a full copy', () => {
    const d = setup(5);
    const traced: string[] = [];
    d.world.trace.listen((e) => {
      if (e.kind === 'repl-continue' || e.kind === 'repl-full-sync') traced.push(`${e.node} ${e.kind}`);
    });
    d.world.partition([['n1', 'n3'], ['n3', 'n1']]);
    for (let i = 0; i < 3; i++) d.answer((cb) => d.api('c1').put(`k${i}`, i, cb));
    d.world.runFor(1 * SEC); // long enough for both sides to give the link up
    expect(d.store('n3').dump()).toEqual({});
    d.world.healPartition();
    d.world.runFor(200 * MS);
    expect(d.store('n3').dump()).toEqual(d.store('n1').dump());
    expect(traced).toContain('n3 repl-continue');

    d.world.crash('n2');
    d.world.restart('n2');
    d.world.runFor(200 * MS);
    expect(d.store('n2').dump()).toEqual(d.store('n1').dump());
    expect(traced).toContain('n2 repl-full-sync');
  });

  it('the key-value store: get, put, compare-and-set', () => {
    const d = setup(6);
    expect(d.answer<GetResult>((cb) => d.api('c1').get('x', cb))).toEqual({ ok: true, value: null });
    expect(d.answer<CasResult>((cb) => d.api('c1').cas('x', null, 'a', cb))).toEqual({ ok: true, swapped: true, value: 'a' });
    expect(d.answer<CasResult>((cb) => d.api('c2').cas('x', null, 'b', cb))).toEqual({ ok: true, swapped: false, value: 'a' });
    d.answer((cb) => d.api('c2').put('x', 7, cb));
    expect(d.answer<GetResult>((cb) => d.api('c1').get('x', cb))).toEqual({ ok: true, value: 7 });
  });

  it('TTL locks: one owner at a time, unlocked by name and owner, believed less than their TTL', () => {
    const d = setup(7);
    const sentAt = d.world.now;
    expect(d.answer<TryLockResult>((cb) => d.api('c1').tryLock('R', 'alice', 400, cb))).toEqual({ ok: true, acquired: true, token: 1 });
    expect(d.answer<TryLockResult>((cb) => d.api('c2').tryLock('R', 'bob', 400, cb))).toEqual({ ok: true, acquired: false });
    expect(d.answer<UnlockResult>((cb) => d.api('c2').unlock('R', 'bob', cb))).toEqual({ ok: true, status: 'held-by-other' });
    d.world.runFor(500 * MS);
    const end = d.events.find((e) => e.type === 'belief' && !e.held)!;
    expect(end).toMatchObject({ client: 'c1', lock: 'R', reason: 'deadline' });
    expect(end.at - sentAt).toBeLessThan(400 * MS);
    expect(d.answer<UnlockResult>((cb) => d.api('c1').unlock('R', 'alice', cb))).toEqual({ ok: true, status: 'not-held' });
    expect(d.answer<TryLockResult>((cb) => d.api('c2').tryLock('R', 'bob', 400, cb))).toEqual({ ok: true, acquired: true, token: 2 });
  });

  it('writes to the resource carry the token; the fenced resource refuses an older one', () => {
    const d = setup(8);
    const first = d.answer<AcquireResult>((cb) => d.api('c1').acquire('L', 'exclusive', cb));
    d.answer((cb) => d.api('c1').release('L', 1, cb));
    const second = d.answer<AcquireResult>((cb) => d.api('c2').acquire('L', 'exclusive', cb));
    expect(second).toEqual({ ok: true, token: 2 });
    expect(d.answer<WriteResult>((cb) => d.api('c2').write('x', 'from c2', 2, 'L', cb))).toEqual({ ok: true });
    expect(first.ok && d.answer<WriteResult>((cb) => d.api('c1').write('x', 'from c1', first.token, 'L', cb))).toEqual({ ok: false, error: 'stale-token' });
    expect(d.resource().valueOf('x')).toBe('from c2');
  });

  it('a call to a primary that does not answer gives up, indeterminate for a write', () => {
    const d = setup(9, { client: { callTimeoutNs: 300 * MS } });
    d.answer((cb) => d.api('c1').get('x', cb)); // the client knows the primary
    d.world.partition([['n1', 'c1']]); // c1's requests arrive, the answers do not
    expect(d.answer((cb) => d.api('c1').put('x', 1, cb))).toEqual({ ok: false, error: 'timeout', indeterminate: true });
    expect(d.answer((cb) => d.api('c1').get('x', cb))).toEqual({ ok: false, error: 'timeout', indeterminate: false });
  });
});
