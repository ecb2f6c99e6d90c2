import { describe, expect, test } from 'vitest';
import { DEFAULT_LOCK_SERVICE_CONFIG, lockServiceConfig } from './config.js';
import { leasePolicy } from './lease-policy.js';

const MS = 1_000_000;

describe('the log-time lease policy', () => {
  const policy = leasePolicy('log-time', { epsilon: 0.05, lockDelayNs: 300 * MS, tickSlackNs: 20 * MS });

  test('log time is the sum of the leader\'s tick durations', () => {
    let clock = 0;
    for (const elapsedNs of [10 * MS, 0, 25 * MS]) clock = policy.advance(clock, { type: 'tick', elapsedNs }, { newTerm: false, lastWallNs: undefined });
    expect(clock).toBe(35 * MS);
  });

  test('the server keeps a lease for ttl·(1+ε) plus the tick slack after the renewal, and a lost lock for lock-delay more', () => {
    const end = policy.leaseEnd({ atNs: 2_000 * MS, ttlNs: 1_000 * MS });
    expect(end).toBe(2_000 * MS + 1_050 * MS + 20 * MS);
    expect(policy.regrantAt(end)).toBe(end + 300 * MS);
  });

  test('rounding never shortens a lease', () => {
    const end = policy.leaseEnd({ atNs: 0, ttlNs: 333 });
    expect(end).toBeGreaterThanOrEqual(333 * 1.05);
  });

  test('a new leader leaves every lease where the log put it', () => {
    expect(policy.afterLeaderChange({ expiresAtNs: 7 * MS, ttlNs: 1_000 * MS }, 5 * MS)).toBe(7 * MS);
  });
});

describe('configuration', () => {
  test('defaults are valid and overridable', () => {
    expect(lockServiceConfig({ lockDelayNs: 0 }).lockDelayNs).toBe(0);
  });

  test.each([
    [{ epsilon: 1 }, /epsilon/],
    [{ epsilon: -0.1 }, /epsilon/],
    [{ lockDelayNs: -1 }, /lockDelayNs/],
    [{ tickSlackNs: -1 }, /tickSlackNs/],
    [{ minSessionTtlNs: 10 * MS, maxSessionTtlNs: 5 * MS }, /minSessionTtlNs/],
    [{ defaultSessionTtlNs: 0 }, /defaultSessionTtlNs/],
    [{ leasePolicy: 'sundial' as never }, /unknown lease policy/],
    [{ queue: 'lifo' as never }, /unknown queue/],
    [{ tokenSource: 'random' as never }, /unknown token source/],
    [{ snapshotOmits: ['kv'] as never }, /unknown snapshot part/],
    [{ snapshotOmits: 'counter' as never }, /snapshotOmits must be an array/],
    [{ tokenSource: 'counter' as const, snapshotOmits: ['counter', 'counter'] as const }, /twice/],
    [{ snapshotOmits: ['counter'] as const }, /needs tokenSource 'counter'/],
    [{ grantToExpiredWaiters: 'yes' as never }, /grantToExpiredWaiters must be true or false/],
    [{ releaseByName: 1 as never }, /releaseByName must be true or false/],
    [{ dedup: undefined as never }, /dedup must be true or false/],
    [{ leaseTickNs: 5 } as never, /unknown option leaseTickNs/],
  ])('%o is refused', (overrides, message) => {
    expect(() => lockServiceConfig(overrides)).toThrow(message);
  });

  test('the defaults are the safe design', () => {
    expect(DEFAULT_LOCK_SERVICE_CONFIG).toMatchObject({
      leasePolicy: 'log-time',
      queue: 'fifo',
      grantToExpiredWaiters: false,
      releaseByName: false,
      dedup: true,
      tokenSource: 'log-index',
      snapshotOmits: [],
    });
  });
});
