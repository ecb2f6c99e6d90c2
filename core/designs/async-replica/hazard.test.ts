/**
 * The async-failover hazard, the hazard itself: the primary acknowledges a lock and dies before its
 * replication stream leaves; the sentinel promotes a replica that never heard of the lock.
 */
import { describe, expect, it } from 'vitest';
import { MS, SEC } from '../../../sim/time.js';
import { World } from '../../../sim/world.js';
import type { AcquireResult, ReleaseResult, WriteResult } from './lock-api.js';
import type { ExpiryClock } from './options.js';
import { deploy } from './testing/deployment.js';

function setup(seed: number, expiryClock: ExpiryClock = 'monotonic') {
  const world = new World({ seed, network: { latency: { minNs: 200_000, meanNs: 1 * MS, tailProbability: 0, tailNs: 0 } } });
  const d = deploy(world, { client: { lockTtlNs: 5 * SEC }, store: { expiryClock } });
  world.runFor(100 * MS);
  return d;
}

/** Crashes `store` right after it grants its next lock: the reply is on its way, the stream is not. */
function crashAfterNextGrant(d: ReturnType<typeof setup>, store: string): void {
  let armed = true;
  d.world.trace.listen((e) => {
    if (!armed || e.kind !== 'store:grant' || e.node !== store) return;
    armed = false;
    d.world.after(0, `crash ${store}`, () => d.world.crash(store));
  });
}

function failoverDone(d: ReturnType<typeof setup>): void {
  d.world.runUntilTrue(() => d.primary() !== 'n1' && d.store(d.primary()).isPrimary, d.world.now + 3 * SEC);
}

describe('async-failover: an acknowledged lock is lost on failover', () => {
  it('two clients believe they hold one lock at the same time, with the same token', () => {
    const d = setup(21);
    crashAfterNextGrant(d, 'n1');
    const first = d.answer<AcquireResult>((cb) => d.api('c1').acquire('L', 'exclusive', cb));
    expect(first).toEqual({ ok: true, token: 1 });
    expect(d.world.status('n1')).toBe('down');

    failoverDone(d);
    const promoted = d.primary();
    expect(d.store(promoted).dump()['lock:L']).toBeUndefined();

    const second = d.answer<AcquireResult>((cb) => d.api('c2').acquire('L', 'exclusive', cb));
    expect(second).toEqual({ ok: true, token: 1 });
    // c1 was careful (ttl·(1−ε) from its send time), and still believes.
    expect(d.api('c1').holds('L')).toEqual({ held: true, token: 1 });
    expect(d.api('c2').holds('L')).toEqual({ held: true, token: 1 });
    // Equal tokens look like one grant writing twice: the fenced resource takes both holders' writes.
    expect(d.answer<WriteResult>((cb) => d.api('c2').write('x', 'c2', 1, 'L', cb))).toEqual({ ok: true });
    expect(d.answer<WriteResult>((cb) => d.api('c1').write('x', 'c1', 1, 'L', cb))).toEqual({ ok: true });

    d.world.runFor(6 * SEC);
    const belief = (client: string, held: boolean) => d.events.find((e) => e.client === client && e.type === 'belief' && e.held === held)!;
    const [c1Start, c2Start, c1End] = [belief('c1', true).at, belief('c2', true).at, belief('c1', false)];
    expect(c1End).toMatchObject({ reason: 'deadline' });
    // The overlap: from c2's grant until c1's conservative deadline, more than four seconds.
    expect(c1Start).toBeLessThan(c2Start);
    expect(c1End.at - c2Start).toBeGreaterThan(4 * SEC);
  });

  it('fencing tokens go backwards: the new primary counts from what it was streamed', () => {
    const d = setup(22);
    const t1 = d.answer<AcquireResult>((cb) => d.api('c1').acquire('L', 'exclusive', cb));
    d.answer<ReleaseResult>((cb) => d.api('c1').release('L', 1, cb));
    d.world.runFor(50 * MS);
    expect(d.store('n2').dump()['fence:lock:L']).toBe(1);

    // The stream stops leaving n1; n1 goes on granting.
    d.world.partition([['n1', 'n2'], ['n1', 'n3']]);
    const t2 = d.answer<AcquireResult>((cb) => d.api('c1').acquire('L', 'exclusive', cb));
    d.answer<ReleaseResult>((cb) => d.api('c1').release('L', 2, cb));
    const t3 = d.answer<AcquireResult>((cb) => d.api('c1').acquire('L', 'exclusive', cb));
    expect([t1, t2, t3].map((r) => r.ok && r.token)).toEqual([1, 2, 3]);
    expect(d.answer<WriteResult>((cb) => d.api('c1').write('x', 'c1', 3, 'L', cb))).toEqual({ ok: true });

    d.world.crash('n1');
    d.world.healPartition();
    failoverDone(d);
    const t4 = d.answer<AcquireResult>((cb) => d.api('c2').acquire('L', 'exclusive', cb));
    expect(t4).toEqual({ ok: true, token: 2 });
    // The fenced resource turns the lost grants into refused writes: safe, but c2 cannot work.
    expect(d.answer<WriteResult>((cb) => d.api('c2').write('x', 'c2', 2, 'L', cb))).toEqual({ ok: false, error: 'stale-token' });
  });
});

describe('the wall-clock-jump hazard on this design: expiry timed by the wall clock, as Redis does', () => {
  function jumpAfterGrant(expiryClock: ExpiryClock) {
    const d = setup(23, expiryClock);
    expect(d.answer<AcquireResult>((cb) => d.api('c1').acquire('L', 'exclusive', cb))).toEqual({ ok: true, token: 1 });
    d.world.jumpWall('n1', 10 * SEC); // an NTP step on the primary
    let second: AcquireResult | null = null;
    d.api('c2').acquire('L', 'exclusive', (r) => (second = r));
    d.world.runFor(1 * SEC);
    return { d, second: second as AcquireResult | null };
  }

  it('a wall clock step forward on the primary frees a lock its holder still believes in', () => {
    const { d, second } = jumpAfterGrant('wall');
    expect(second).toEqual({ ok: true, token: 2 });
    expect(d.api('c1').holds('L')).toEqual({ held: true, token: 1 });
  });

  it('timed by the monotonic clock, the same step changes nothing', () => {
    const { d, second } = jumpAfterGrant('monotonic');
    expect(second).toBeNull();
    expect(d.api('c1').holds('L')).toEqual({ held: true, token: 1 });
  });
});
