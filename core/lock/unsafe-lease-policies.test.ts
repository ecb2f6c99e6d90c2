/**
 * The unsafe lease policies next to the safe one, on the same hand-written logs. Each script
 * shows the hazard its catalogue case names; the same script under `log-time` shows the fix.
 */
import { describe, expect, test } from 'vitest';
import type { SessionId } from './commands.js';
import type { LockServiceConfig } from './config.js';
import type { ApplyResult } from './facts.js';
import type { LeasePolicyName } from './lease-policy.js';
import { LogDriver } from './log-driver.js';

const MS = 1_000_000;
const S = 1_000 * MS;
const LOCK = '/ls/lock';
/** A wall-clock reading, as the simulator's clocks give them (an arbitrary epoch). */
const WALL = 1_000_000 * S;

/** Leases of 1 s (1.1 s with ε), no lock-delay, no tick slack: hand-written logs. */
function cell(leasePolicy: LeasePolicyName, config: Partial<LockServiceConfig> = {}): LogDriver {
  return new LogDriver({ epsilon: 0.1, lockDelayNs: 0, tickSlackNs: 0, defaultSessionTtlNs: 1 * S, leasePolicy, ...config });
}

/** A leader's tick: `elapsedNs` on its monotonic clock, and what its wall clock reads. */
function tick(log: LogDriver, elapsedNs: number, wallNs: number): ApplyResult {
  return log.run({ type: 'tick', elapsedNs, wallNs });
}

function lockUser(log: LogDriver, client: string, ttlMs?: number): SessionId {
  const session = log.openSession(client, ttlMs);
  log.reply({ type: 'open', session, path: LOCK, mode: 'write', create: { kind: 'file' } });
  log.reply({ type: 'acquire', session, path: LOCK, mode: 'exclusive', wait: true });
  return session;
}

function holder(log: LogDriver): string | undefined {
  return log.machine.summary().locks[LOCK]?.[0]?.client;
}

describe('wall-clock-jump: leases timed by the leader\'s wall clock', () => {
  /** a holds the lock, b waits (with a long lease); 200 ms later an NTP step moves the leader's wall clock 5 s ahead. */
  function stepForward(policy: LeasePolicyName): LogDriver {
    const log = cell(policy);
    tick(log, 0, WALL);
    lockUser(log, 'a');
    lockUser(log, 'b', 60_000);
    tick(log, 100 * MS, WALL + 100 * MS);
    tick(log, 100 * MS, WALL + 5_200 * MS);
    return log;
  }

  test('unsafe: the step ends a lease whose holder has 800 ms left, and the waiter gets the lock', () => {
    const log = stepForward('wall-clock');
    expect(holder(log)).toBe('b');
    expect(log.machine.clockNs).toBe(WALL + 5_200 * MS);
  });

  test('safe: log time moves by the monotonic 200 ms, and the holder keeps its lock', () => {
    const log = stepForward('log-time');
    expect(holder(log)).toBe('a');
    expect(log.machine.clockNs).toBe(200 * MS);
  });

  test('unsafe: a step back keeps a dead holder\'s lock long after its lease', () => {
    const log = cell('wall-clock');
    tick(log, 0, WALL);
    lockUser(log, 'a');
    lockUser(log, 'b');
    tick(log, 100 * MS, WALL - 10 * S);
    tick(log, 2_000 * MS, WALL - 8 * S);
    expect(holder(log)).toBe('a');
  });
});

describe('failover-lease-reset: a new leader charges the wall-clock gap since the old leader\'s last tick', () => {
  /**
   * a holds the lock with 1 s to go; the leader fails 300 ms later and a new one, whose wall clock
   * is 2 s ahead of the old one's, takes over after a 50 ms election.
   */
  function failover(policy: LeasePolicyName): LogDriver {
    const log = cell(policy);
    tick(log, 0, WALL);
    lockUser(log, 'a');
    lockUser(log, 'b', 60_000);
    tick(log, 300 * MS, WALL + 300 * MS);
    log.term = 2;
    tick(log, 0, WALL + 350 * MS + 2 * S);
    return log;
  }

  test('unsafe: the skew is charged as elapsed time, the holder\'s lease ends, the waiter gets the lock', () => {
    const log = failover('failover-wall-gap');
    expect(holder(log)).toBe('b');
    expect(log.machine.clockNs).toBe(300 * MS + 2_050 * MS);
  });

  test('safe: the new leader\'s first tick carries nothing, so the holder keeps its remaining lease', () => {
    const log = failover('log-time');
    expect(holder(log)).toBe('a');
    expect(log.machine.clockNs).toBe(300 * MS);
  });

  test('unsafe: within a term the policy counts monotonic time, like the safe one', () => {
    const log = cell('failover-wall-gap');
    tick(log, 0, WALL);
    lockUser(log, 'a');
    tick(log, 300 * MS, WALL + 9 * S);
    expect(log.machine.clockNs).toBe(300 * MS);
    expect(holder(log)).toBe('a');
  });
});

describe('flapping-leader-renew: a leader change restarts every lease', () => {
  /** a holds the lock and dies (no more keep-alives); b waits; a new leader is elected every 600 ms. */
  function flapping(policy: LeasePolicyName): LogDriver {
    const log = cell(policy);
    log.tickMs(0);
    lockUser(log, 'a');
    const b = lockUser(log, 'b');
    log.reply({ type: 'try-lock', resourceId: 'r', owner: 'a', expireMs: 1_000 });
    for (let election = 0; election < 10; election++) {
      log.tickMs(600);
      log.term += 1;
      log.tickMs(0);
      log.reply({ type: 'keep-alive', session: b });
    }
    return log;
  }

  test('unsafe: 6 s after its last renewal the dead holder still has its 1 s lock and TTL lock', () => {
    const log = flapping('reset-on-leader-change');
    expect(holder(log)).toBe('a');
    expect(log.machine.summary().ttlLocks).toEqual({ r: { owner: 'a', token: expect.any(Number) } });
  });

  test('safe: the remaining lease is in the log, so the dead holder loses the lock after 1.1 s', () => {
    const log = flapping('log-time');
    expect(holder(log)).toBe('b');
    expect(log.machine.summary().ttlLocks).toEqual({});
  });
});

describe('client-stamped-expiry: the client\'s wall-clock deadline is the lease', () => {
  /** The client's wall clock is `skewNs` off the leader's; it asks for the lock for 3 s. */
  function clientSkewed(policy: LeasePolicyName, skewNs: number): LogDriver {
    const log = cell(policy);
    tick(log, 0, WALL);
    const clientNow = WALL + skewNs;
    const grant = log.reply({ type: 'try-lock', resourceId: 'r', owner: 'a', expireMs: 3_000, deadlineNs: clientNow + 3 * S });
    expect(grant).toMatchObject({ acquired: true });
    tick(log, 1_000 * MS, WALL + 1_000 * MS);
    return log;
  }

  const retry = (log: LogDriver) => log.reply({ type: 'try-lock', resourceId: 'r', owner: 'b', expireMs: 3_000, deadlineNs: WALL + 4 * S });

  test('unsafe: a client 2.5 s behind the server loses the lock after 0.5 s, while it believes in 3 s', () => {
    const log = clientSkewed('client-stamped', -2_500 * MS);
    expect(log.machine.summary().ttlLocks).toEqual({});
    expect(retry(log)).toMatchObject({ acquired: true });
  });

  test('unsafe: a client 60 s ahead keeps the lock 11 s into the 3 s it asked for, and a minute more', () => {
    const log = clientSkewed('client-stamped', 60 * S);
    tick(log, 10 * S, WALL + 11 * S);
    expect(retry(log)).toMatchObject({ acquired: false });
  });

  test('safe: the deadline is ignored; the server counts expire·(1+ε) on log time', () => {
    const log = clientSkewed('log-time', -2_500 * MS);
    expect(retry(log)).toMatchObject({ acquired: false });
    log.tickMs(2_300);
    expect(retry(log)).toMatchObject({ acquired: true });
  });

  test('unsafe: sessions too end at the client\'s deadline, and a lease without one is refused', () => {
    const log = cell('client-stamped');
    tick(log, 0, WALL);
    expect(log.reply({ type: 'open-session', client: 'a' })).toMatchObject({ ok: false, error: { code: 'bad-expiry' } });
    expect(log.reply({ type: 'try-lock', resourceId: 'r', owner: 'a', expireMs: 1_000 })).toMatchObject({ ok: false, error: { code: 'bad-expiry' } });
    const opened = log.reply({ type: 'open-session', client: 'a', deadlineNs: WALL + 100 * MS });
    expect(opened).toMatchObject({ ok: true, leaseNs: 1 * S });
    tick(log, 100 * MS, WALL + 100 * MS);
    expect(log.machine.summary().liveSessions).toEqual([]);
  });
});
