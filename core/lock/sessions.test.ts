import { describe, expect, test } from 'vitest';
import { LogDriver } from './log-driver.js';

const MS = 1_000_000;

/** No tick slack: these logs are written by hand, not by a leader whose ticks lag its commands. */
function cell(): LogDriver {
  return new LogDriver({
    epsilon: 0.1,
    lockDelayNs: 0,
    tickSlackNs: 0,
    defaultSessionTtlNs: 1_000 * MS,
    minSessionTtlNs: 100 * MS,
    maxSessionTtlNs: 10_000 * MS,
  });
}

describe('leases', () => {
  test('open and keep-alive answer with the lease duration, not a deadline', () => {
    const log = cell();
    expect(log.reply({ type: 'open-session', client: 'c1', ttlNs: 2_000 * MS })).toEqual({
      ok: true,
      type: 'open-session',
      session: `s${log.index}`,
      leaseNs: 2_000 * MS,
    });
    const session = `s${log.index}`;
    log.tickMs(1_500);
    expect(log.reply({ type: 'keep-alive', session })).toEqual({ ok: true, type: 'keep-alive', leaseNs: 2_000 * MS });
  });

  test('a requested lease is negotiated into the configured bounds', () => {
    const log = cell();
    expect(log.reply({ type: 'open-session', client: 'c1', ttlNs: 1 * MS })).toMatchObject({ leaseNs: 100 * MS });
    expect(log.reply({ type: 'open-session', client: 'c2', ttlNs: 99_000 * MS })).toMatchObject({ leaseNs: 10_000 * MS });
    expect(log.reply({ type: 'open-session', client: 'c3' })).toMatchObject({ leaseNs: 1_000 * MS });
  });

  test('a session ends ttl·(1+ε) of log time after its last renewal, not before', () => {
    const log = cell();
    const s = log.openSession('c1', 1_000);
    log.tickMs(800);
    log.reply({ type: 'keep-alive', session: s });
    expect(log.tickMs(1_099).facts).toEqual([]);
    expect(log.machine.summary().liveSessions).toEqual([s]);
    expect(log.tickMs(1).facts).toEqual([{ kind: 'session-expired', session: s, client: 'c1', atNs: 1_900 * MS }]);
    expect(log.machine.summary().liveSessions).toEqual([]);
  });

  test('the tick slack lengthens every lease, since a command may be stamped with a tick older than its send', () => {
    const log = new LogDriver({ epsilon: 0.1, tickSlackNs: 50 * MS });
    const s = log.openSession('c1', 1_000);
    log.tickMs(1_149);
    expect(log.machine.summary().liveSessions).toEqual([s]);
    log.tickMs(1);
    expect(log.machine.summary().liveSessions).toEqual([]);
  });

  test('log time stands still without ticks, so a leaderless gap extends every lease', () => {
    const log = cell();
    const s = log.openSession('c1', 1_000);
    log.tickMs(1_000);
    // No leader for a while: no ticks, whatever the clocks of the world say.
    for (let i = 0; i < 20; i++) log.reply({ type: 'get', key: 'k' });
    expect(log.machine.summary().liveSessions).toEqual([s]);
    log.tickMs(100);
    expect(log.machine.summary().liveSessions).toEqual([]);
  });

  test('a new leader neither restarts nor shortens running leases', () => {
    const log = cell();
    const s = log.openSession('c1', 1_000);
    log.tickMs(600);
    log.term = 2;
    expect(log.tickMs(0).facts).toEqual([]);
    log.term = 3;
    log.tickMs(499);
    expect(log.machine.summary().liveSessions).toEqual([s]);
    log.term = 4;
    expect(log.tickMs(1).facts).toContainEqual(expect.objectContaining({ kind: 'session-expired', session: s }));
  });
});

describe('ended sessions', () => {
  test('commands from an expired session are refused with the reason', () => {
    const log = cell();
    const s = log.openSession('c1', 1_000);
    log.tickMs(1_100);
    const before = log.machine.digest();
    for (const command of [
      { type: 'keep-alive', session: s },
      { type: 'open', session: s, path: '/ls/x', mode: 'write', create: { kind: 'file' } },
      { type: 'close-session', session: s },
    ]) {
      expect(log.reply(command)).toMatchObject({ ok: false, error: { code: 'session-expired' } });
    }
    expect(log.machine.digest()).toBe(before);
  });

  test('commands from a closed session are refused with the reason', () => {
    const log = cell();
    const s = log.openSession('c1');
    expect(log.reply({ type: 'close-session', session: s })).toEqual({ ok: true, type: 'close-session' });
    expect(log.reply({ type: 'keep-alive', session: s })).toMatchObject({ error: { code: 'session-closed' } });
    expect(log.reply({ type: 'keep-alive', session: 's999' })).toMatchObject({ error: { code: 'no-such-session' } });
  });

  test('only a bounded number of ended sessions is remembered', () => {
    const log = new LogDriver({ endedSessionMemory: 2 });
    const sessions = ['a', 'b', 'c'].map((client) => log.openSession(client));
    for (const session of sessions) log.reply({ type: 'close-session', session });
    const codes = sessions.map((session) => {
      const reply = log.reply({ type: 'keep-alive', session });
      return reply.ok ? 'ok' : reply.error.code;
    });
    expect(codes).toEqual(['no-such-session', 'session-closed', 'session-closed']);
  });
});

describe('ephemeral files', () => {
  test('an ephemeral file is gone once its session expires', () => {
    const log = cell();
    const s = log.openSession('c1', 1_000);
    log.reply({ type: 'open', session: s, path: '/ls/leader', mode: 'write', create: { kind: 'file', ephemeral: true } });
    const keeper = log.openSession('c2', 10_000);
    log.reply({ type: 'open', session: keeper, path: '/ls/permanent', mode: 'write', create: { kind: 'file' } });
    expect(log.machine.summary().ephemeralFiles).toEqual(['/ls/leader']);

    const expiry = log.tickMs(1_100);
    expect(expiry.facts).toContainEqual({ kind: 'ephemeral-deleted', path: '/ls/leader' });
    expect(log.machine.summary().ephemeralFiles).toEqual([]);
    expect(log.reply({ type: 'open', session: keeper, path: '/ls/leader', mode: 'read' })).toMatchObject({
      error: { code: 'no-such-path' },
    });
  });

  test('an ephemeral file lives while any session has it open', () => {
    const log = cell();
    const [a, b] = [log.openSession('a', 5_000), log.openSession('b', 5_000)];
    log.reply({ type: 'open', session: a, path: '/ls/e', mode: 'write', create: { kind: 'file', ephemeral: true } });
    log.reply({ type: 'open', session: b, path: '/ls/e', mode: 'read' });
    expect(log.run({ type: 'close-session', session: a }).facts).not.toContainEqual(
      expect.objectContaining({ kind: 'ephemeral-deleted' }),
    );
    expect(log.run({ type: 'close', session: b, path: '/ls/e' }).facts).toContainEqual({
      kind: 'ephemeral-deleted',
      path: '/ls/e',
    });
  });

  test('a client that closes its session because its own lease lapsed frees its locks only after the lock-delay', () => {
    const log = new LogDriver({ lockDelayNs: 5_000 * MS });
    const [a, b] = [log.openSession('a'), log.openSession('b')];
    for (const s of [a, b]) log.reply({ type: 'open', session: s, path: '/ls/l', mode: 'write', create: { kind: 'file' } });
    log.reply({ type: 'acquire', session: a, path: '/ls/l', mode: 'exclusive', wait: true });
    log.reply({ type: 'acquire', session: b, path: '/ls/l', mode: 'exclusive', wait: true });
    const close = log.run({ type: 'close-session', session: a, lapsed: true });
    expect(close.facts).toContainEqual(expect.objectContaining({ kind: 'release', owner: a, reason: 'session-closed' }));
    expect(close.facts).toContainEqual(expect.objectContaining({ kind: 'lock-delay', lock: '/ls/l' }));
    expect(close.facts.filter((f) => f.kind === 'grant')).toEqual([]);
    const later = log.tickMs(5_000);
    expect(later.facts).toContainEqual(expect.objectContaining({ kind: 'grant', owner: b }));
  });

  test('closing a session releases its locks at once, with no lock-delay', () => {
    const log = new LogDriver({ lockDelayNs: 5_000 * MS });
    const [a, b] = [log.openSession('a'), log.openSession('b')];
    for (const s of [a, b]) log.reply({ type: 'open', session: s, path: '/ls/l', mode: 'write', create: { kind: 'file' } });
    log.reply({ type: 'acquire', session: a, path: '/ls/l', mode: 'exclusive', wait: true });
    log.reply({ type: 'acquire', session: b, path: '/ls/l', mode: 'exclusive', wait: true });
    const close = log.run({ type: 'close-session', session: a });
    expect(close.facts).toContainEqual(expect.objectContaining({ kind: 'release', owner: a, reason: 'session-closed' }));
    expect(close.facts).toContainEqual(expect.objectContaining({ kind: 'grant', owner: b, token: log.index }));
  });
});
