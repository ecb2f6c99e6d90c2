import { describe, expect, it } from 'vitest';
import { MS, SEC } from '../../sim/time.js';
import type { AcquireResult } from './api.js';
import type { ClientDesign } from './design.js';
import { ClientWorld } from './testing/client-world.js';

/** A world where c1 holds lock L, granted at the start; returns the grant's token. */
function holding(design: Partial<ClientDesign> = {}, clients: string[] = ['c1']): { w: ClientWorld; token: number } {
  const w = new ClientWorld({ clients, perClient: { c1: { design } } });
  const result = w.await(w.call<AcquireResult>((cb) => w.lib('c1').acquire('L', 'exclusive', cb)));
  if (!result.ok) throw new Error(`setup: acquire failed: ${result.error}`);
  return { w, token: result.token };
}

describe('a session cut off from the service', () => {
  it('goes SUSPENDED after 2/3 of the lease without an answer, then LOST at its conservative deadline', () => {
    const { w, token } = holding();
    w.world.runUntil(400 * MS);
    w.isolate();
    w.world.runUntil(3 * SEC);
    expect(w.states()).toEqual(['connected', 'suspended', 'lost']);
    expect(w.beliefs()).toEqual([`+L#${token}`, `-L#${token}(suspended)`]);
    const suspendedAt = w.timeOf('c1', (e) => e.type === 'session' && e.state === 'suspended')!;
    const lostAt = w.timeOf('c1', (e) => e.type === 'session' && e.state === 'lost')!;
    // Lease 1 s, ε = 0.05, margin 5 ms: believed for 945 ms from the last answered keep-alive's
    // send; suspended 667 ms after it.
    expect(lostAt - suspendedAt).toBeGreaterThan(278 * MS);
    expect(lostAt - suspendedAt).toBeLessThan(279 * MS);
    // The server ends the session later than the client stopped believing in it.
    const [expired] = w.facts('session-expired');
    expect(expired!.t).toBeGreaterThan(lostAt + 100 * MS);
    expect(w.lib().holds('L')).toEqual({ held: false, token: null });
  });

  it('opens a new session for the next lock call after LOST', () => {
    const { w, token } = holding();
    w.world.runUntil(400 * MS);
    w.isolate();
    w.world.runUntil(2 * SEC);
    const lostSession = w.lib().sessionId;
    expect(lostSession).toBeNull();
    w.heal();
    const again = w.await(w.call<AcquireResult>((cb) => w.lib().acquire('L', 'exclusive', cb)));
    expect(again.ok && again.token).toBeGreaterThan(token);
    expect(w.states()).toEqual(['connected', 'suspended', 'lost', 'connected']);
    expect(w.lib().holds('L')).toEqual({ held: true, token: again.ok ? again.token : null });
  });

  it('comes back RECONNECTED, with the same session, after a blip shorter than the lease', () => {
    const { w, token } = holding();
    const session = w.lib().sessionId;
    w.world.runUntil(400 * MS);
    w.isolate();
    w.world.runUntil(1100 * MS);
    w.heal();
    w.world.runUntil(3 * SEC);
    expect(w.states()).toEqual(['connected', 'suspended', 'reconnected']);
    expect(w.lib().sessionId).toBe(session);
    expect(w.facts('session-expired')).toHaveLength(0);
    // Under the safe policy the belief ended at the suspension and does not come back: the
    // application was told it lost the lock. The grant is still known, so it can be released.
    expect(w.beliefs()).toEqual([`+L#${token}`, `-L#${token}(suspended)`]);
    expect(w.lib().holds('L')).toEqual({ held: false, token });
  });

  it("keeps believing through SUSPENDED under the unsafe 'ignore' policy", () => {
    const { w, token } = holding({ onSuspended: 'ignore' });
    w.world.runUntil(400 * MS);
    w.isolate();
    w.world.runUntil(1100 * MS);
    expect(w.states()).toEqual(['connected', 'suspended']);
    expect(w.lib().holds('L')).toEqual({ held: true, token });
    w.heal();
    w.world.runUntil(3 * SEC);
    expect(w.states()).toEqual(['connected', 'suspended', 'reconnected']);
    expect(w.beliefs()).toEqual([`+L#${token}`]);
    expect(w.lib().holds('L')).toEqual({ held: true, token });
  });

  it("stays SUSPENDED past its lease and goes LOST a session timeout after SUSPENDED under Curator 3.x's unsafe 'timeout-after-suspended'", () => {
    const { w } = holding({ onSuspended: 'ignore', lostAfter: 'timeout-after-suspended' });
    w.world.runUntil(400 * MS);
    w.isolate();
    w.world.runUntil(4 * SEC);
    expect(w.states()).toEqual(['connected', 'suspended', 'lost']);
    const suspendedAt = w.timeOf('c1', (e) => e.type === 'session' && e.state === 'suspended')!;
    const lostAt = w.timeOf('c1', (e) => e.type === 'session' && e.state === 'lost')!;
    // The timer runs the whole 1 s lease from the suspension, 2/3 of a lease after the last answer.
    expect(lostAt - suspendedAt).toBe(1 * SEC);
    // By then the server had ended the session for a while.
    const [expired] = w.facts('session-expired');
    expect(expired!.t).toBeLessThan(lostAt - 200 * MS);
  });

  it("under 'timeout-after-suspended', a reconnection voids the timer and a later silence suspends again", () => {
    const { w } = holding({ onSuspended: 'ignore', lostAfter: 'timeout-after-suspended' });
    w.world.runUntil(400 * MS);
    w.isolate();
    w.world.runUntil(1100 * MS);
    w.heal();
    w.world.runUntil(2500 * MS);
    expect(w.states()).toEqual(['connected', 'suspended', 'reconnected']);
    w.isolate();
    w.world.runUntil(6 * SEC);
    expect(w.states()).toEqual(['connected', 'suspended', 'reconnected', 'suspended', 'lost']);
  });

  it('is LOST at once when the server says the session is over', () => {
    const { w, token } = holding();
    w.world.runUntil(200 * MS);
    w.cell.operator({ type: 'close-session', session: w.lib().sessionId! });
    w.world.runUntil(1 * SEC);
    expect(w.states()).toEqual(['connected', 'lost']);
    expect(w.beliefs()).toEqual([`+L#${token}`, `-L#${token}(lost)`]);
    // Told at the next keep-alive, a third of the lease later.
    const lostAt = w.timeOf('c1', (e) => e.type === 'session' && e.state === 'lost')!;
    expect(lostAt).toBeLessThan(200 * MS + 340 * MS);
  });
});

describe('the lease is counted from when the keep-alive was sent', () => {
  /**
   * c1 holds L and c2 waits for it. c1's keep-alive replies are held up for a while, so one
   * renewal reaches c1 late; right after, c1 is cut off for good. The server ends c1's session one
   * lease after it applied that renewal, and c2 gets the lock after the lock-delay. Both designs
   * here believe through SUSPENDED, so that only the start of the lease differs.
   */
  function slowRenewal(leaseFrom: ClientDesign['leaseFrom']) {
    const { w, token } = holding({ leaseFrom, onSuspended: 'ignore' }, ['c1', 'c2']);
    const waiting = w.call<AcquireResult>((cb) => w.lib('c2').acquire('L', 'exclusive', cb));
    w.world.at(500 * MS, 'slow replies', () => w.world.holdLink('s1', 'c1'));
    w.world.at(950 * MS, 'replies arrive', () => w.world.releaseLink('s1', 'c1'));
    w.world.at(951 * MS, 'cut off', () => w.isolate('c1'));
    w.world.runUntil(4 * SEC);
    const c1End = w.timeOf('c1', (e) => e.type === 'belief' && !e.held)!;
    const c2Start = w.timeOf('c2', (e) => e.type === 'belief' && e.held)!;
    const [expired] = w.facts('session-expired');
    return { w, token, waiting, c1End, c2Start, serverEnd: expired!.t };
  }

  it('so a slow reply shortens the belief, which ends before the server ends the session', () => {
    const { w, token, waiting, c1End, c2Start, serverEnd } = slowRenewal('send');
    expect(w.beliefs('c1')).toEqual([`+L#${token}`, `-L#${token}(deadline)`]);
    expect(c1End).toBeLessThan(serverEnd);
    expect(c1End).toBeLessThan(c2Start);
    expect(waiting.result).toMatchObject({ ok: true });
  });

  it("while the unsafe client, counting from the reply's arrival, still believes when the next holder is granted", () => {
    const { c1End, c2Start, serverEnd } = slowRenewal('receive');
    expect(c1End).toBeGreaterThan(serverEnd);
    expect(c1End).toBeGreaterThan(c2Start);
  });
});
