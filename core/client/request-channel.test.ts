import { describe, expect, it } from 'vitest';
import { MS, SEC } from '../../sim/time.js';
import type { AcquireResult, CallResult, GetResult, PutResult } from './api.js';
import { ClientWorld } from './testing/client-world.js';

describe('finding the leader', () => {
  it('follows a not-leader redirect to the leader it names', () => {
    const w = new ClientWorld();
    w.cell.moveLeader('s3');
    const put = w.call<PutResult>((cb) => w.lib().put('k', 1, cb));
    expect(w.await(put)).toEqual({ ok: true });
    expect(w.lib().server).toBe('s3');
    // Asked s1 first, was sent to s3 at once: no timeout was needed.
    expect(put.at).toBeLessThan(20 * MS);
    expect(w.cell.log.filter((e) => e.command.type === 'put')).toHaveLength(1);
  });

  it('tries the servers in turn when nobody names a leader', () => {
    const w = new ClientWorld();
    w.cell.moveLeader('s3');
    w.cell.hint = () => null;
    const put = w.call<PutResult>((cb) => w.lib().put('k', 1, cb));
    expect(w.await(put)).toEqual({ ok: true });
    expect(w.lib().server).toBe('s3');
  });

  it('moves on to the next server when the one it talks to is down', () => {
    const w = new ClientWorld();
    expect(w.await(w.call<PutResult>((cb) => w.lib().put('k', 1, cb)))).toEqual({ ok: true });
    w.world.crash('s1');
    w.cell.moveLeader('s2');
    const put = w.call<PutResult>((cb) => w.lib().put('k', 2, cb));
    expect(w.await(put)).toEqual({ ok: true });
    expect(w.lib().server).toBe('s2');
    const get = w.call<GetResult>((cb) => w.lib().get('k', cb));
    expect(w.await(get)).toEqual({ ok: true, value: 2 });
  });
});

describe('retrying', () => {
  it('retries a request whose reply was lost with the same sequence number, and is granted once', () => {
    const w = new ClientWorld();
    let dropped = 0;
    w.cell.dropReply = (rep) => rep.status === 'ok' && rep.reply.ok && rep.reply.type === 'acquire' && dropped++ === 0;
    const acquire = w.call<AcquireResult>((cb) => w.lib().acquire('L', 'exclusive', cb));
    const result = w.await(acquire);
    expect(dropped).toBe(2);
    const attempts = w.cell.log.filter((e) => e.command.type === 'acquire');
    expect(attempts).toHaveLength(2);
    expect(attempts[1]!.command.seq).toBe(attempts[0]!.command.seq);
    // The retry was answered from the exactly-once table: one grant, and the call got its token.
    const grants = w.facts('grant');
    expect(grants).toHaveLength(1);
    expect(result).toEqual({ ok: true, token: grants[0]!.data.token });
  });

  it('gives up at the operation deadline: a sent request ends indeterminate', () => {
    const w = new ClientWorld();
    expect(w.await(w.call<PutResult>((cb) => w.lib().put('k', 1, cb)))).toEqual({ ok: true });
    w.isolate();
    const start = w.world.now;
    const put = w.call<PutResult>((cb) => w.lib().put('k', 2, cb));
    expect(w.await(put)).toEqual({ ok: false, error: 'timeout', indeterminate: true });
    expect(put.at! - start).toBeGreaterThanOrEqual(1 * SEC);
    expect(put.at! - start).toBeLessThan(1 * SEC + 1 * MS);
  });

  it('fails an acquire definitely when no session could be opened: nothing was asked of the lock', () => {
    const w = new ClientWorld();
    w.isolate();
    const acquire = w.call<AcquireResult>((cb) => w.lib().acquire('L', 'exclusive', cb));
    expect(w.await(acquire)).toEqual({ ok: false, error: 'timeout' });
    expect(w.cell.log).toHaveLength(0);
  });

  it('sends one request at a time, in the order of the calls', () => {
    const w = new ClientWorld();
    const results: Array<CallResult> = [];
    for (let i = 1; i <= 5; i++) w.lib().put('k', i, (r) => results.push(r));
    w.world.runFor(200 * MS);
    expect(results).toHaveLength(5);
    const puts = w.cell.log.filter((e) => e.command.type === 'put');
    expect(puts.map((e) => (e.command as { value: number }).value)).toEqual([1, 2, 3, 4, 5]);
    const seqs = puts.map((e) => e.command.seq as number);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
  });
});

describe('a client that restarts', () => {
  it('continues past its earlier sequence numbers, even when its disk lost them', () => {
    const w = new ClientWorld();
    expect(w.await(w.call<PutResult>((cb) => w.lib().put('k', 1, cb)))).toEqual({ ok: true });
    w.world.crash('c1', 'wipe');
    w.world.restart('c1');
    const put = w.call<PutResult>((cb) => w.lib().put('k', 2, cb));
    expect(w.await(put)).toEqual({ ok: true });
    expect(w.await(w.call<GetResult>((cb) => w.lib().get('k', cb)))).toEqual({ ok: true, value: 2 });
    // Each incarnation probes its numbers first. After the wipe the probe reused an old number and
    // was refused as stale; the next probe, past the number the server named, was fresh.
    const probes = w.cell.log.filter((e) => e.command.type === 'close-session');
    expect(probes.map((e) => (e.reply.ok ? e.reply.type : e.reply.error.code))).toEqual(['no-such-session', 'stale-request', 'no-such-session']);
    const puts = w.cell.log.filter((e) => e.command.type === 'put' && e.reply.ok);
    expect(new Set(puts.map((e) => e.command.seq)).size).toBe(2);
  });

  it('takes a fresh block of numbers when its disk kept them', () => {
    const w = new ClientWorld();
    expect(w.await(w.call<PutResult>((cb) => w.lib().put('k', 1, cb)))).toEqual({ ok: true });
    w.world.crash('c1');
    w.world.restart('c1');
    expect(w.await(w.call<PutResult>((cb) => w.lib().put('k', 2, cb)))).toEqual({ ok: true });
    // One probe per incarnation, both refused at once: the disk's record was enough.
    const probes = w.cell.log.filter((e) => e.command.type === 'close-session');
    expect(probes.map((e) => (e.reply.ok ? e.reply.type : e.reply.error.code))).toEqual(['no-such-session', 'no-such-session']);
    expect(w.cell.log.filter((e) => e.command.type === 'put').map((e) => e.reply.ok)).toEqual([true, true]);
  });
});
