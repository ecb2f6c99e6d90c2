import { describe, expect, test } from 'vitest';
import { LogDriver } from './log-driver.js';

function withLockFile(log: LogDriver, client: string): string {
  const session = log.openSession(client, 60_000);
  log.reply({ type: 'open', session, path: '/ls/l', mode: 'write', create: { kind: 'file' } });
  return session;
}

describe('exactly-once commands', () => {
  test('a retried acquire returns the same token and grants nothing new', () => {
    const log = new LogDriver();
    const s = withLockFile(log, 'c1');
    const acquire = { type: 'acquire', session: s, path: '/ls/l', mode: 'exclusive', wait: true, clientId: 'c1', seq: 7 };
    const first = log.run(acquire);
    expect(first.reply).toMatchObject({ granted: true });
    const before = log.machine.digest();

    const retry = log.run(acquire);
    expect(retry.reply).toEqual(first.reply);
    expect(retry.facts).toEqual([]);
    expect(log.machine.digest()).toBe(before);
  });

  test('a retried acquire that had queued gets the grant that came later', () => {
    const log = new LogDriver();
    const holder = withLockFile(log, 'c1');
    const waiter = withLockFile(log, 'c2');
    const token = (log.reply({ type: 'acquire', session: holder, path: '/ls/l', mode: 'exclusive', wait: true }) as { token: number }).token;
    const acquire = { type: 'acquire', session: waiter, path: '/ls/l', mode: 'exclusive', wait: true, clientId: 'c2', seq: 1 };
    expect(log.reply(acquire)).toMatchObject({ granted: false, queued: true });
    const waitIndex = log.index;
    expect(log.reply(acquire)).toMatchObject({ granted: false, queued: true, waitIndex });

    const release = log.run({ type: 'release', session: holder, path: '/ls/l', token });
    const granted = release.answers[0];
    expect(granted.request).toEqual({ index: waitIndex, clientId: 'c2', seq: 1 });
    expect(log.reply(acquire)).toEqual(granted.reply);
  });

  test('a retried put is not applied twice', () => {
    const log = new LogDriver();
    const put = { type: 'put', key: 'k', value: 'v', clientId: 'c1', seq: 1 };
    expect(log.reply(put)).toEqual({ ok: true, type: 'put', version: 1 });
    expect(log.reply(put)).toEqual({ ok: true, type: 'put', version: 1 });
    expect(log.reply({ type: 'get', key: 'k' })).toEqual({ ok: true, type: 'get', value: 'v', version: 1 });
  });

  test('a request older than the client\'s last one is refused', () => {
    const log = new LogDriver();
    log.reply({ type: 'put', key: 'k', value: 1, clientId: 'c1', seq: 2 });
    const before = log.machine.digest();
    expect(log.reply({ type: 'put', key: 'k', value: 2, clientId: 'c1', seq: 1 })).toMatchObject({
      error: { code: 'stale-request' },
    });
    expect(log.machine.digest()).toBe(before);
  });

  test('a refused command is remembered too, so a delayed duplicate of it cannot take effect after the client was told "no effect"', () => {
    const log = new LogDriver();
    const s = log.openSession('c1');
    const open = { type: 'open', session: s, path: '/ls/a/b', mode: 'write', create: { kind: 'file' }, clientId: 'c1', seq: 1 };
    const refused = log.reply(open);
    expect(refused).toMatchObject({ error: { code: 'no-such-path' } });
    log.reply({ type: 'open', session: s, path: '/ls/a', mode: 'write', create: { kind: 'directory' } });
    const before = log.machine.digest();
    expect(log.reply(open)).toEqual(refused);
    expect(log.machine.digest()).toBe(before);
    expect(log.reply({ ...open, seq: 2 })).toMatchObject({ ok: true, created: true });
  });

  test('one client\'s sequence numbers do not affect another\'s', () => {
    const log = new LogDriver();
    log.reply({ type: 'put', key: 'k', value: 1, clientId: 'c1', seq: 5 });
    expect(log.reply({ type: 'put', key: 'k', value: 2, clientId: 'c2', seq: 1 })).toMatchObject({ ok: true, version: 2 });
  });
});
