import { describe, expect, it } from 'vitest';
import { MS, SEC } from '../../sim/time.js';
import type { AcquireResult } from './api.js';
import { clientDesign, describeDesign, type ClientDesign } from './design.js';
import { resolveClientOptions } from './options.js';
import { ClientWorld } from './testing/client-world.js';

describe('the clock a lease is counted on', () => {
  /** c1 holds L, is cut off at 400 ms, and its wall clock steps back 2 s at 500 ms. */
  function wallStepBack(clockForLease: ClientDesign['clockForLease']) {
    const w = new ClientWorld({ client: { design: { clockForLease, onSuspended: 'ignore' } } });
    w.await(w.call<AcquireResult>((cb) => w.lib().acquire('L', 'exclusive', cb)));
    w.world.at(400 * MS, 'cut off', () => w.isolate());
    w.world.at(500 * MS, 'NTP step back', () => w.world.jumpWall('c1', -2 * SEC));
    w.world.runUntil(2 * SEC);
    const heldAt2s = w.lib().holds('L').held;
    w.world.runUntil(5 * SEC);
    return { w, heldAt2s, end: w.timeOf('c1', (e) => e.type === 'belief' && !e.held)!, serverEnd: w.facts('session-expired')[0]!.t };
  }

  it('is the monotonic clock by default: a wall-clock step changes nothing', () => {
    const { heldAt2s, end, serverEnd } = wallStepBack('monotonic');
    expect(heldAt2s).toBe(false);
    expect(end).toBeLessThan(serverEnd);
  });

  it('is the wall clock in the unsafe design: stepping it back stretches the belief past the server', () => {
    const { heldAt2s, end, serverEnd } = wallStepBack('wall');
    expect(heldAt2s).toBe(true);
    expect(end).toBeGreaterThan(serverEnd + 1 * SEC);
  });
});

describe('the design options', () => {
  it('default to the safe design and name what differs from it', () => {
    expect(describeDesign(clientDesign())).toBe('safe');
    expect(describeDesign(clientDesign({ leaseFrom: 'receive', recheckAfterWait: false }))).toBe('leaseFrom=receive,recheckAfterWait=false');
  });

  it('refuse unknown options and values', () => {
    expect(() => clientDesign({ leaseFrom: 'reply' as never })).toThrow(/leaseFrom must be one of send\|receive/);
    expect(() => clientDesign({ speed: 'fast' } as never)).toThrow(/unknown option speed/);
  });
});

describe('the client options', () => {
  it('fill in defaults and refuse impossible settings', () => {
    const o = resolveClientOptions({ servers: ['n1'] });
    expect(o.epsilon).toBe(0.05);
    expect(o.lockDir).toBe('/ls');
    expect(() => resolveClientOptions({ servers: [] })).toThrow(/at least one server/);
    expect(() => resolveClientOptions({ servers: ['n1'], epsilon: 1 })).toThrow(/epsilon/);
    expect(() => resolveClientOptions({ servers: ['n1'], keepAliveFraction: 0.7 })).toThrow(/keepAliveFraction must be below suspendFraction/);
    expect(() => resolveClientOptions({ servers: ['n1'], requestTimeoutNs: 0 })).toThrow(/requestTimeoutNs/);
  });
});

describe('a belief whose deadline passes while the process is paused', () => {
  /** c1 holds L and is cut off at 400 ms; at 600 ms it is paused for 3 s, across its lease end. */
  function pausedAcrossDeadline() {
    const w = new ClientWorld({ client: { design: { onSuspended: 'ignore' } } });
    w.await(w.call<AcquireResult>((cb) => w.lib().acquire('L', 'exclusive', cb)));
    w.world.at(400 * MS, 'cut off', () => w.isolate());
    w.world.at(600 * MS, 'pause', () => w.world.pause('c1'));
    w.world.at(3600 * MS, 'resume', () => w.world.resume('c1'));
    w.world.runUntil(5 * SEC);
    const ended = w.events('c1').find((s) => s.event.type === 'belief' && !s.event.held)!;
    return { w, ended, serverEnd: w.facts('session-expired')[0]!.t };
  }

  it('is reported when the late timer fires, dated back to the deadline: before the service ended the session', () => {
    const { ended, serverEnd } = pausedAcrossDeadline();
    expect(ended.t).toBeGreaterThanOrEqual(3600 * MS);
    const event = ended.event as { endedAgoNs?: number };
    expect(event.endedAgoNs).toBeGreaterThan(2 * SEC);
    expect(ended.t - event.endedAgoNs!).toBeLessThan(serverEnd);
  });
});
