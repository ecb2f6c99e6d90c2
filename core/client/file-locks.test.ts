import { describe, expect, it } from 'vitest';
import { MS, SEC } from '../../sim/time.js';
import type { AcquireResult, ReleaseResult } from './api.js';
import type { ClientDesign } from './design.js';
import { ClientWorld } from './testing/client-world.js';

function acquired(r: AcquireResult): number {
  if (!r.ok) throw new Error(`acquire failed: ${r.error}`);
  return r.token;
}

describe('acquiring a lock someone else holds', () => {
  it('waits in the queue (the server answers "not final") and is granted when the holder releases', () => {
    const w = new ClientWorld({ clients: ['c1', 'c2'] });
    const t1 = acquired(w.await(w.call<AcquireResult>((cb) => w.lib('c1').acquire('L', 'exclusive', cb))));
    const waiting = w.call<AcquireResult>((cb) => w.lib('c2').acquire('L', 'exclusive', cb));
    w.world.runFor(300 * MS);
    expect(waiting.result).toBeUndefined();
    const queued = w.cell.log.find((e) => e.command.type === 'acquire' && e.command.clientId === 'c2');
    expect(queued?.reply).toMatchObject({ ok: true, granted: false, queued: true });

    const releasedAt = w.world.now;
    const release = w.call<ReleaseResult>((cb) => w.lib('c1').release('L', t1, cb));
    // The holder stops believing when it asks to let go, not when the server has agreed.
    expect(w.lib('c1').holds('L')).toEqual({ held: false, token: null });
    expect(w.await(release)).toEqual({ ok: true });
    const t2 = acquired(w.await(waiting));
    expect(t2).toBeGreaterThan(t1);
    expect(w.beliefs('c1')).toEqual([`+L#${t1}`, `-L#${t1}(released)`]);
    expect(w.timeOf('c1', (e) => e.type === 'belief' && !e.held)).toBe(releasedAt);
    expect(w.beliefs('c2')).toEqual([`+L#${t2}`]);
    expect(w.lib('c2').holds('L')).toEqual({ held: true, token: t2 });
  });

  it('shares a shared lock with other readers', () => {
    const w = new ClientWorld({ clients: ['c1', 'c2'] });
    const a = w.call<AcquireResult>((cb) => w.lib('c1').acquire('L', 'shared', cb));
    const b = w.call<AcquireResult>((cb) => w.lib('c2').acquire('L', 'shared', cb));
    w.world.runFor(100 * MS);
    expect(a.result?.ok && b.result?.ok).toBe(true);
  });

  it('names the grant it releases: an older token is refused and the lock stays held', () => {
    const w = new ClientWorld();
    const t1 = acquired(w.await(w.call<AcquireResult>((cb) => w.lib().acquire('L', 'exclusive', cb))));
    const wrong = w.await(w.call<ReleaseResult>((cb) => w.lib().release('L', t1 - 1, cb)));
    expect(wrong).toEqual({ ok: false, error: 'stale-token' });
    expect(w.lib().holds('L')).toEqual({ held: true, token: t1 });
    expect(w.cell.machine.checkSequencer('/ls/L', t1)).toBe(true);
  });

  it('refuses a bad lock name locally', () => {
    const w = new ClientWorld();
    const bad = w.call<AcquireResult>((cb) => w.lib().acquire('no spaces', 'exclusive', cb));
    expect(bad.result).toEqual({ ok: false, error: 'bad-path' });
    expect(w.lib().pathOf('L')).toBe('/ls/L');
    expect(w.lib().pathOf('/ls/dir/L')).toBe('/ls/dir/L');
  });
});

describe('giving up on a queued acquire', () => {
  it('ends the call indeterminate after the longest wait, and takes the request out of the queue', () => {
    const w = new ClientWorld({ clients: ['c1', 'c2'], perClient: { c2: { acquireMaxWaitNs: 300 * MS } } });
    const t1 = acquired(w.await(w.call<AcquireResult>((cb) => w.lib('c1').acquire('L', 'exclusive', cb))));
    const start = w.world.now;
    const waiting = w.call<AcquireResult>((cb) => w.lib('c2').acquire('L', 'exclusive', cb));
    expect(w.await(waiting)).toEqual({ ok: false, error: 'timeout', indeterminate: true });
    expect(waiting.at! - start).toBeGreaterThanOrEqual(300 * MS);
    w.world.runFor(50 * MS);
    expect(w.facts('waiter-dropped').map((f) => [f.data.client, f.data.reason])).toEqual([['c2', 'closed']]);
    w.await(w.call<ReleaseResult>((cb) => w.lib('c1').release('L', t1, cb)));
    w.world.runFor(100 * MS);
    expect(w.facts('grant')).toHaveLength(1);
    expect(w.beliefs('c2')).toEqual([]);
  });

  it('recovers a grant whose answer was lost: the waiting client asks again and learns its token', () => {
    const w = new ClientWorld({ clients: ['c1', 'c2'], perClient: { c2: { acquireMaxWaitNs: 10 * SEC } } });
    const t1 = acquired(w.await(w.call<AcquireResult>((cb) => w.lib('c1').acquire('L', 'exclusive', cb))));
    w.cell.dropReply = (rep) => rep.clientId === 'c2' && rep.status === 'ok' && rep.final && rep.reply.ok && rep.reply.type === 'acquire';
    const waiting = w.call<AcquireResult>((cb) => w.lib('c2').acquire('L', 'exclusive', cb));
    w.world.runFor(100 * MS);
    w.await(w.call<ReleaseResult>((cb) => w.lib('c1').release('L', t1, cb)));
    const c2Grant = w.facts('grant').find((f) => f.data.client === 'c2')!;
    // The grant's own answer never arrives; the next check finds the session already holds L.
    expect(w.await(waiting)).toEqual({ ok: true, token: c2Grant.data.token });
    expect(w.lib('c2').holds('L')).toEqual({ held: true, token: c2Grant.data.token });
  });

  it('frees a grant whose answer was lost when the client gives up before it could ask again', () => {
    const w = new ClientWorld({ clients: ['c1', 'c2', 'c3'], perClient: { c2: { acquireMaxWaitNs: 150 * MS } } });
    const t1 = acquired(w.await(w.call<AcquireResult>((cb) => w.lib('c1').acquire('L', 'exclusive', cb))));
    w.cell.dropReply = (rep) => rep.clientId === 'c2' && rep.status === 'ok' && rep.final && rep.reply.ok && rep.reply.type === 'acquire';
    const waiting = w.call<AcquireResult>((cb) => w.lib('c2').acquire('L', 'exclusive', cb));
    w.world.runFor(100 * MS);
    w.await(w.call<ReleaseResult>((cb) => w.lib('c1').release('L', t1, cb)));
    expect(w.await(waiting)).toEqual({ ok: false, error: 'timeout', indeterminate: true });
    const t3 = acquired(w.await(w.call<AcquireResult>((cb) => w.lib('c3').acquire('L', 'exclusive', cb))));
    const c2Grant = w.facts('grant').find((f) => f.data.client === 'c2')!;
    expect(w.facts('release').find((f) => f.data.token === c2Grant.data.token)?.data.reason).toBe('closed');
    expect(t3).toBeGreaterThan(c2Grant.data.token as number);
    expect(w.beliefs('c2')).toEqual([]);
  });
});

describe('a grant that arrives after the session was given up (waiter-expired-grant)', () => {
  /**
   * c2 waits for L while the replies to it are held up: its keep-alives reach the server (which
   * keeps the session) but no answer comes back, so c2 declares the session LOST. Meanwhile c1
   * releases and the server grants L to c2; the grant reaches c2 only after the loss.
   */
  function lateGrant(design: Partial<ClientDesign>) {
    const w = new ClientWorld({ clients: ['c1', 'c2'], perClient: { c2: { design } } });
    const t1 = acquired(w.await(w.call<AcquireResult>((cb) => w.lib('c1').acquire('L', 'exclusive', cb))));
    const waiting = w.call<AcquireResult>((cb) => w.lib('c2').acquire('L', 'exclusive', cb));
    w.world.runFor(50 * MS);
    w.world.holdLink('s1', 'c2');
    w.world.at(500 * MS, 'release', () => w.lib('c1').release('L', t1, () => {}));
    w.world.at(1500 * MS, 'answers arrive', () => w.world.releaseLink('s1', 'c2'));
    w.world.runUntil(1600 * MS);
    const grant = w.facts('grant').find((f) => f.data.client === 'c2')!;
    return { w, waiting, token: grant.data.token as number };
  }

  it('is not believed by the safe client, which gave the acquire up at the loss and hands the grant back', () => {
    const { w, waiting, token } = lateGrant({});
    expect(w.states('c2')).toEqual(['connected', 'suspended', 'lost']);
    expect(waiting.result).toEqual({ ok: false, error: 'session-lost', indeterminate: true });
    const lostAt = w.timeOf('c2', (e) => e.type === 'session' && e.state === 'lost')!;
    expect(waiting.at).toBe(lostAt);
    expect(w.beliefs('c2')).toEqual([]);
    expect(w.lib('c2').holds('L')).toEqual({ held: false, token: null });
    // The server no longer counts c2 as holding.
    expect(w.cell.machine.checkSequencer('/ls/L', token)).toBe(false);
  });

  it('is believed by the unsafe client, although the server no longer honours it', () => {
    const { w, waiting, token } = lateGrant({ recheckAfterWait: false });
    expect(waiting.result).toEqual({ ok: true, token });
    expect(waiting.at).toBeGreaterThanOrEqual(1500 * MS);
    expect(w.beliefs('c2')).toEqual([`+L#${token}`]);
    expect(w.lib('c2').holds('L')).toEqual({ held: true, token });
    expect(w.cell.machine.checkSequencer('/ls/L', token)).toBe(false);
    w.world.runFor(1 * SEC);
    expect(w.beliefs('c2')).toEqual([`+L#${token}`, `-L#${token}(deadline)`]);
  });
});

describe('a grant that arrives while the session is SUSPENDED', () => {
  /**
   * c2 waits for L; from 100 ms on the answers to its keep-alives are lost, so it goes SUSPENDED.
   * c1 releases at 750 ms and the grant reaches c2 while it is suspended; at 850 ms keep-alive
   * answers get through again, in time to save the session.
   */
  function grantInJeopardy(design: Partial<ClientDesign>) {
    const w = new ClientWorld({ clients: ['c1', 'c2'], perClient: { c2: { design } } });
    const t1 = acquired(w.await(w.call<AcquireResult>((cb) => w.lib('c1').acquire('L', 'exclusive', cb))));
    const waiting = w.call<AcquireResult>((cb) => w.lib('c2').acquire('L', 'exclusive', cb));
    let lossy = false;
    w.cell.dropReply = (rep) => lossy && rep.clientId === 'c2' && rep.status === 'ok' && rep.reply.ok && rep.reply.type === 'keep-alive';
    w.world.at(100 * MS, 'lossy', () => (lossy = true));
    w.world.at(750 * MS, 'release', () => w.lib('c1').release('L', t1, () => {}));
    w.world.at(850 * MS, 'clear', () => (lossy = false));
    w.world.runUntil(2 * SEC);
    return { w, waiting };
  }

  it('completes the acquire but is not believed under the safe policy, not even after RECONNECTED', () => {
    const { w, waiting } = grantInJeopardy({});
    const token = acquired(waiting.result!);
    expect(w.states('c2')).toEqual(['connected', 'suspended', 'reconnected']);
    expect(w.beliefs('c2')).toEqual([]);
    // The grant is known, so the application can still release it.
    expect(w.lib('c2').holds('L')).toEqual({ held: false, token });
  });

  it("is believed under the unsafe 'ignore' policy", () => {
    const { w, waiting } = grantInJeopardy({ onSuspended: 'ignore' });
    const token = acquired(waiting.result!);
    expect(w.beliefs('c2')).toEqual([`+L#${token}`]);
    expect(w.lib('c2').holds('L')).toEqual({ held: true, token });
  });
});

describe('an acquire given up just before the server granted it', () => {
  it('is recovered by the next acquire: the session already holds the lock, and the server names the token', () => {
    const w = new ClientWorld({ clients: ['c2'] });
    const t0 = acquired(w.await(w.call<AcquireResult>((cb) => w.lib('c2').acquire('L', 'exclusive', cb))));
    w.await(w.call<ReleaseResult>((cb) => w.lib('c2').release('L', t0, cb)));
    // The server grants L to c2's session for a request whose every answer was lost: c2 knows nothing.
    const orphan = w.cell.operator({ type: 'acquire', session: w.lib('c2').sessionId!, path: '/ls/L', mode: 'exclusive', wait: true });
    expect(orphan).toMatchObject({ ok: true, granted: true });
    const again = w.await(w.call<AcquireResult>((cb) => w.lib('c2').acquire('L', 'exclusive', cb)));
    expect(again).toEqual({ ok: true, token: (orphan as { token: number }).token });
  });
});
