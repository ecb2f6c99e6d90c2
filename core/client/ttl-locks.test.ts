import { describe, expect, it } from 'vitest';
import { MS, SEC } from '../../sim/time.js';
import type { GetResult, TryLockResult, UnlockResult } from './api.js';
import type { ClientDesign } from './design.js';
import { ClientWorld } from './testing/client-world.js';

/** A world whose clients have already talked to the service (their request numbers are checked). */
function warmWorld(clients: string[], design: Partial<ClientDesign> = {}): ClientWorld {
  const w = new ClientWorld({ clients, perClient: { c1: { design } } });
  for (const c of clients) w.await(w.call<GetResult>((cb) => w.lib(c).get('warm-up', cb)));
  return w;
}

describe('a TTL lock (try-lock with an expiry)', () => {
  it('is believed from the send for expire·(1−ε) minus the margin, which ends before the server frees it', () => {
    const w = new ClientWorld();
    const sentAt = w.world.now;
    const lock = w.call<TryLockResult>((cb) => w.lib().tryLock('res', 'o1', 300, cb));
    const result = w.await(lock);
    expect(result).toMatchObject({ ok: true, acquired: true });
    const token = result.ok ? result.token : null;
    w.world.runFor(1 * SEC);
    expect(w.beliefs()).toEqual([`+res#${token}`, `-res#${token}(deadline)`]);
    const end = w.timeOf('c1', (e) => e.type === 'belief' && !e.held)!;
    // 300 ms · 0.95 − 5 ms from the send; the probe of the client's numbers went first.
    expect(end - sentAt).toBeGreaterThanOrEqual(280 * MS);
    expect(end - sentAt).toBeLessThan(285 * MS);
    const [freed] = w.facts('release');
    expect(freed!.data.reason).toBe('expired');
    expect(end).toBeLessThan(freed!.t);
  });

  it('is not believed at all when the reply took longer than the believed lease', () => {
    const w = warmWorld(['c1']);
    w.world.holdLink('s1', 'c1');
    w.world.after(400 * MS, 'slow reply', () => w.world.releaseLink('s1', 'c1'));
    const result = w.await(w.call<TryLockResult>((cb) => w.lib().tryLock('res', 'o1', 300, cb)));
    expect(result).toMatchObject({ ok: true, acquired: true });
    expect(w.beliefs()).toEqual([]);
    expect(w.lib().holds('res').held).toBe(false);
  });

  it('ends the belief when the application unlocks, and maps the unlock status', () => {
    const w = new ClientWorld({ clients: ['c1', 'c2'] });
    const r = w.await(w.call<TryLockResult>((cb) => w.lib('c1').tryLock('res', 'o1', 5000, cb)));
    const token = r.ok ? r.token : null;
    const busy = w.await(w.call<TryLockResult>((cb) => w.lib('c2').tryLock('res', 'o2', 5000, cb)));
    expect(busy).toEqual({ ok: true, acquired: false });
    expect(w.await(w.call<UnlockResult>((cb) => w.lib('c2').unlock('res', 'o2', cb)))).toEqual({ ok: true, status: 'held-by-other' });
    expect(w.await(w.call<UnlockResult>((cb) => w.lib('c1').unlock('res', 'o1', cb)))).toEqual({ ok: true, status: 'ok' });
    expect(w.await(w.call<UnlockResult>((cb) => w.lib('c1').unlock('res', 'o1', cb)))).toEqual({ ok: true, status: 'not-held' });
    expect(w.beliefs('c1')).toEqual([`+res#${token}`, `-res#${token}(released)`]);
  });

  it('refuses a non-positive expiry locally', () => {
    const w = new ClientWorld();
    const r = w.call<TryLockResult>((cb) => w.lib().tryLock('res', 'o1', 0, cb));
    expect(r.result).toEqual({ ok: false, error: 'bad-expiry' });
  });
});

describe('two sidecars and a slow try-lock reply', () => {
  /** c1 takes the lock with a reply slowed by 150 ms; c2 tries every 20 ms from 250 ms on. */
  function race(design: Partial<ClientDesign>) {
    const w = warmWorld(['c1', 'c2'], design);
    w.world.holdLink('s1', 'c1');
    w.world.after(150 * MS, 'slow reply', () => w.world.releaseLink('s1', 'c1'));
    w.lib('c1').tryLock('res', 'o1', 300, () => {});
    let c2Got: number | null = null;
    const attempt = (): void => {
      if (c2Got !== null) return;
      w.lib('c2').tryLock('res', 'o2', 300, (r) => {
        if (r.ok && r.acquired && c2Got === null) c2Got = w.world.now;
        else w.world.after(20 * MS, 'retry', attempt);
      });
    };
    w.world.after(250 * MS, 'c2 tries', attempt);
    w.world.runFor(2 * SEC);
    const c1End = w.timeOf('c1', (e) => e.type === 'belief' && !e.held)!;
    return { c1End, c2Got: c2Got as number | null };
  }

  it('never overlap under the safe design', () => {
    const { c1End, c2Got } = race({});
    expect(c2Got).not.toBeNull();
    expect(c1End).toBeLessThan(c2Got!);
  });

  it("overlap when the unsafe client believes the full TTL from the reply's arrival", () => {
    const { c1End, c2Got } = race({ ttlMargin: 'none', leaseFrom: 'receive' });
    expect(c2Got).not.toBeNull();
    expect(c1End).toBeGreaterThan(c2Got!);
  });
});
