/**
 * herd-starvation's herd discipline ends a wait with `woken: true` instead of a grant: the lock changed,
 * and every waiter must ask again to compete for it. The library asks again within the same call,
 * so the application sees one acquire that waited, not a failure.
 */
import { describe, expect, it } from 'vitest';
import { MS } from '../../sim/time.js';
import type { AcquireResult, ReleaseResult } from './api.js';
import { ClientWorld } from './testing/client-world.js';

function acquired(r: AcquireResult): number {
  if (!r.ok) throw new Error(`acquire failed: ${r.error}`);
  return r.token;
}

describe('a waiter woken by a herd service', () => {
  it('asks again when woken and is granted the lock, in one call', () => {
    const w = new ClientWorld({ clients: ['c1', 'c2'], service: { queue: 'herd' } });
    const t1 = acquired(w.await(w.call<AcquireResult>((cb) => w.lib('c1').acquire('L', 'exclusive', cb))));
    const waiting = w.call<AcquireResult>((cb) => w.lib('c2').acquire('L', 'exclusive', cb));
    w.world.runFor(300 * MS);
    expect(waiting.result).toBeUndefined();

    expect(w.await(w.call<ReleaseResult>((cb) => w.lib('c1').release('L', t1, cb)))).toEqual({ ok: true });
    const t2 = acquired(w.await(waiting));
    expect(t2).toBeGreaterThan(t1);
    const asks = w.cell.log.filter((e) => e.command.type === 'acquire' && e.command.clientId === 'c2');
    expect(asks.map((e) => e.reply)).toEqual([
      expect.objectContaining({ ok: true, granted: false, queued: true }),
      expect.objectContaining({ ok: true, granted: true, token: t2 }),
    ]);
    expect(w.lib('c2').holds('L')).toEqual({ held: true, token: t2 });
  });

  it('still gives up once the whole wait, across wake-ups, passes the maximum', () => {
    const readers = ['r1', 'r2', 'r3', 'r4', 'r5', 'r6'];
    const w = new ClientWorld({ clients: ['c1', ...readers], service: { queue: 'herd' }, perClient: { c1: { acquireMaxWaitNs: 600 * MS } } });
    let held = acquired(w.await(w.call<AcquireResult>((cb) => w.lib('r1').acquire('L', 'shared', cb))));
    const writer = w.call<AcquireResult>((cb) => w.lib('c1').acquire('L', 'exclusive', cb));
    w.world.runFor(50 * MS);
    // Readers overlap: each comes in before the last one leaves, and every release wakes the writer,
    // whose new acquire finds a reader in again.
    for (let i = 1; i < readers.length; i++) {
      const next = acquired(w.await(w.call<AcquireResult>((cb) => w.lib(readers[i]!).acquire('L', 'shared', cb))));
      w.await(w.call<ReleaseResult>((cb) => w.lib(readers[i - 1]!).release('L', held, cb)));
      held = next;
      w.world.runFor(100 * MS);
    }
    // The last reader still holds L; the writer's wait, counted from its first ask, runs out.
    w.world.runFor(300 * MS);
    expect(writer.result).toMatchObject({ ok: false, indeterminate: true });
    const asks = w.cell.log.filter((e) => e.command.type === 'acquire' && e.command.clientId === 'c1');
    expect(asks.length).toBeGreaterThan(2);
  });
});
