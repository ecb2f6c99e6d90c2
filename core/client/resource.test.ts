import { describe, expect, it } from 'vitest';
import { MS, SEC } from '../../sim/time.js';
import type { AcquireResult, ReadResult, ReleaseResult, WriteResult } from './api.js';
import { Resource } from '../resource/resource.js';
import { LockClientProcess } from './process.js';
import { lockClientSequencerChecker } from './sequencer-checker.js';
import { ClientWorld, RESOURCE } from './testing/client-world.js';

describe('writes to the protected resource', () => {
  it('carry the fencing token: a zombie holder is refused once the next holder has written', () => {
    const w = new ClientWorld({ clients: ['c1', 'c2'] });
    const a = w.await(w.call<AcquireResult>((cb) => w.lib('c1').acquire('L', 'exclusive', cb)));
    const t1 = a.ok ? a.token : -1;
    expect(w.await(w.call<WriteResult>((cb) => w.lib('c1').write('x', 'from c1', t1, 'L', cb)))).toEqual({ ok: true });

    // c1 loses its session (cut off from the servers, not from the resource); c2 gets the lock.
    w.isolate('c1');
    const b = w.await(w.call<AcquireResult>((cb) => w.lib('c2').acquire('L', 'exclusive', cb)), 5 * SEC);
    const t2 = b.ok ? b.token : -1;
    expect(t2).toBeGreaterThan(t1);
    expect(w.lib('c1').holds('L').held).toBe(false);
    expect(w.await(w.call<WriteResult>((cb) => w.lib('c2').write('x', 'from c2', t2, 'L', cb)))).toEqual({ ok: true });

    const zombie = w.await(w.call<WriteResult>((cb) => w.lib('c1').write('x', 'late from c1', t1, 'L', cb)));
    expect(zombie).toEqual({ ok: false, error: 'stale-token' });
    expect(w.await(w.call<ReadResult>((cb) => w.lib('c1').read('x', cb)))).toEqual({ ok: true, value: 'from c2' });
  });

  it('end indeterminate when the resource does not answer', () => {
    const w = new ClientWorld();
    w.world.partition([['c1', RESOURCE]]);
    const start = w.world.now;
    const write = w.call<WriteResult>((cb) => w.lib().write('x', 1, null, 'L', cb));
    expect(w.await(write)).toEqual({ ok: false, error: 'timeout', indeterminate: true });
    expect(write.at! - start).toBe(1 * SEC);
  });

  it('are refused locally when the library knows no resource', () => {
    const w = new ClientWorld({ client: { resource: undefined } });
    const read = w.call<ReadResult>((cb) => w.lib().read('x', cb));
    expect(read.result).toEqual({ ok: false, error: 'no-resource' });
  });
});

describe('a resource that asks the lock service about tokens', () => {
  it('accepts a current token and refuses one whose grant has ended', () => {
    const w = new ClientWorld({ client: { resource: 'checked' } });
    w.world.addProcess('checked', (env) => new Resource(env, 'check-sequencer', lockClientSequencerChecker(env, { servers: ['s1', 's2', 's3'], requestTimeoutNs: 50 * MS })));
    const a = w.await(w.call<AcquireResult>((cb) => w.lib().acquire('L', 'exclusive', cb)));
    const token = a.ok ? a.token : -1;
    expect(w.await(w.call<WriteResult>((cb) => w.lib().write('x', 1, token, 'L', cb)))).toEqual({ ok: true });
    w.await(w.call<ReleaseResult>((cb) => w.lib().release('L', token, cb)));
    expect(w.await(w.call<WriteResult>((cb) => w.lib().write('x', 2, token, 'L', cb)))).toEqual({ ok: false, error: 'not-current' });
  });
});

describe('the client process', () => {
  it('hands the library its messages and timers and the application the rest', () => {
    const w = new ClientWorld();
    const seen: string[] = [];
    w.world.addProcess(
      'app',
      (env) =>
        new LockClientProcess(env, { servers: ['s1', 's2', 's3'], requestTimeoutNs: 50 * MS }, {
          start: (client, e) => {
            e.setTimer(10 * MS, 'app-tick');
            client.put('k', 'v', (r) => seen.push(`put ${r.ok}`));
          },
          onTimer: (_id, tag) => seen.push(`timer ${tag}`),
          onMessage: (from, m) => seen.push(`${from} says ${(m as { type: string }).type}`),
        }),
    );
    w.world.addProcess('friend', (env) => ({ start: () => env.send('app', { type: 'hello' }), onMessage: () => {}, onTimer: () => {} }));
    w.world.runFor(20 * MS);
    expect(seen).toEqual(['friend says hello', 'put true', 'timer app-tick']);
  });
});
