import { describe, expect, test } from 'vitest';
import { LogDriver } from './log-driver.js';

const MS = 1_000_000;

function sidecar(lockDelayMs = 0): LogDriver {
  return new LogDriver({ epsilon: 0.1, lockDelayNs: lockDelayMs * MS, tickSlackNs: 0 });
}

describe('TTL locks (the sidecar API)', () => {
  test('try-lock takes a free resource and refuses a held one', () => {
    const log = sidecar();
    expect(log.reply({ type: 'try-lock', resourceId: 'order-1', owner: 'uuid-a', expireMs: 1_000 })).toEqual({
      ok: true,
      type: 'try-lock',
      acquired: true,
      token: log.index,
    });
    expect(log.reply({ type: 'try-lock', resourceId: 'order-1', owner: 'uuid-b', expireMs: 1_000 })).toEqual({
      ok: true,
      type: 'try-lock',
      acquired: false,
    });
    expect(log.machine.summary().ttlLocks).toEqual({ 'order-1': { owner: 'uuid-a', token: log.index - 1 } });
  });

  test('a grant, its unlock and its expiry name the client process that asked, not only the owner string', () => {
    const log = sidecar();
    const granted = log.run({ type: 'try-lock', resourceId: 'r', owner: 'uuid-a', expireMs: 50, clientId: 'c7', seq: 1 });
    expect(granted.facts[0]).toMatchObject({ kind: 'grant', owner: 'uuid-a', client: 'c7' });
    expect(log.run({ type: 'unlock', resourceId: 'r', owner: 'uuid-a', clientId: 'c7', seq: 2 }).facts[0]).toMatchObject({ kind: 'release', client: 'c7' });
    log.run({ type: 'try-lock', resourceId: 'r', owner: 'uuid-b', expireMs: 50, clientId: 'c8', seq: 1 });
    expect(log.tickMs(60).facts[0]).toMatchObject({ kind: 'release', reason: 'expired', owner: 'uuid-b', client: 'c8' });
  });

  test('unlock answers ok, not-held or held-by-other', () => {
    const log = sidecar();
    log.reply({ type: 'try-lock', resourceId: 'r', owner: 'a', expireMs: 1_000 });
    expect(log.reply({ type: 'unlock', resourceId: 'r', owner: 'b' })).toMatchObject({ status: 'held-by-other' });
    expect(log.reply({ type: 'unlock', resourceId: 'r', owner: 'a' })).toMatchObject({ status: 'ok' });
    expect(log.reply({ type: 'unlock', resourceId: 'r', owner: 'a' })).toMatchObject({ status: 'not-held' });
    expect(log.reply({ type: 'try-lock', resourceId: 'r', owner: 'b', expireMs: 1_000 })).toMatchObject({ acquired: true });
  });

  test('the server expires the lock after expire·(1+ε) of log time, then waits out the lock-delay', () => {
    const log = sidecar(200);
    const token = (log.reply({ type: 'try-lock', resourceId: 'r', owner: 'a', expireMs: 1_000 }) as { token: number }).token;
    expect(log.tickMs(1_099).facts).toEqual([]);
    expect(log.machine.checkSequencer('r', token)).toBe(true);

    const expiry = log.tickMs(1);
    expect(expiry.facts).toEqual([
      { kind: 'release', lockKind: 'ttl', lock: 'r', owner: 'a', client: 'a', token, mode: 'exclusive', reason: 'expired' },
      { kind: 'lock-delay', lockKind: 'ttl', lock: 'r', untilNs: 1_300 * MS },
    ]);
    expect(log.machine.checkSequencer('r', token)).toBe(false);
    expect(log.reply({ type: 'unlock', resourceId: 'r', owner: 'a' })).toMatchObject({ status: 'not-held' });
    expect(log.reply({ type: 'try-lock', resourceId: 'r', owner: 'b', expireMs: 1_000 })).toMatchObject({ acquired: false });

    log.tickMs(200);
    const next = log.reply({ type: 'try-lock', resourceId: 'r', owner: 'b', expireMs: 1_000 });
    expect(next).toMatchObject({ acquired: true });
    expect((next as { token: number }).token).toBeGreaterThan(token);
  });

  test('a lock whose holder never unlocks is freed even if no one ever asks (no scheduled delete to lose)', () => {
    const log = sidecar();
    log.reply({ type: 'try-lock', resourceId: 'r', owner: 'a', expireMs: 50 });
    log.tickMs(55);
    expect(log.machine.summary().ttlLocks).toEqual({});
  });

  test('expiries longer than the configured maximum are refused', () => {
    const log = new LogDriver({ maxTtlLockMs: 10_000 });
    const before = log.machine.digest();
    expect(log.reply({ type: 'try-lock', resourceId: 'r', owner: 'a', expireMs: 10_001 })).toMatchObject({
      ok: false,
      error: { code: 'bad-expiry' },
    });
    expect(log.machine.digest()).toBe(before);
  });
});
