/**
 * The unsafe ways of handing a lock on (waiter-expired-grant, stale-release and 22) next to the safe ones, each on one
 * hand-written log played under both configurations.
 */
import { describe, expect, test } from 'vitest';
import type { LockMode, SessionId } from './commands.js';
import type { LockServiceConfig } from './config.js';
import type { ApplyResult, Fact } from './facts.js';
import { LogDriver } from './log-driver.js';
import type { Reply } from './replies.js';

const MS = 1_000_000;
const LOCK = '/ls/lock';

/** Leases of 1 s (1.1 s with ε), no lock-delay, no tick slack: hand-written logs. */
function cell(config: Partial<LockServiceConfig> = {}): LogDriver {
  return new LogDriver({ epsilon: 0.1, lockDelayNs: 0, tickSlackNs: 0, defaultSessionTtlNs: 1_000 * MS, ...config });
}

function lockUser(log: LogDriver, client: string, ttlMs = 60_000): SessionId {
  const session = log.openSession(client, ttlMs);
  log.reply({ type: 'open', session, path: LOCK, mode: 'write', create: { kind: 'file' } });
  return session;
}

let seq = 0;
function acquire(log: LogDriver, session: SessionId, mode: LockMode = 'exclusive'): ApplyResult {
  seq += 1;
  return log.run({ type: 'acquire', session, path: LOCK, mode, wait: true, clientId: session, seq });
}

function tokenOf(reply: Reply): number {
  if (!reply.ok || reply.type !== 'acquire' || !reply.granted) throw new Error(`not a grant: ${JSON.stringify(reply)}`);
  return reply.token;
}

function holders(log: LogDriver): string[] {
  return (log.machine.summary().locks[LOCK] ?? []).map((h) => h.client);
}

/** Which clients were told, in the answers of `results`, that they were granted the lock. */
function toldGranted(results: ApplyResult[]): string[] {
  return results.flatMap((r) => r.answers).filter((a) => a.reply.ok && a.reply.type === 'acquire' && a.reply.granted).map((a) => a.request.clientId ?? '?');
}

function facts(results: ApplyResult[], kind: Fact['kind']): Fact[] {
  return results.flatMap((r) => r.facts).filter((f) => f.kind === kind);
}

describe('waiter-expired-grant: a waiter whose session expired is handed the lock', () => {
  /**
   * a holds the lock; b (1 s lease) and c wait. b is cut off and its session expires while it
   * waits; then a releases.
   */
  function waiterExpires(config: Partial<LockServiceConfig>): { log: LogDriver; b: SessionId; c: SessionId; results: ApplyResult[] } {
    const log = cell(config);
    const a = lockUser(log, 'a');
    const b = lockUser(log, 'b', 1_000);
    const c = lockUser(log, 'c');
    const token = tokenOf(acquire(log, a).reply);
    acquire(log, b);
    acquire(log, c);
    const results = [log.tickMs(1_100), log.run({ type: 'release', session: a, path: LOCK, token })];
    return { log, b, c, results };
  }

  test('unsafe: b is told it holds the lock after its session ended, and c gets the lock too', () => {
    const { log, b, c, results } = waiterExpires({ grantToExpiredWaiters: true });
    expect(facts(results, 'waiter-dropped')).toEqual([]);
    expect(toldGranted(results)).toEqual([b, c]);
    expect(facts(results, 'release').map((f) => (f as { reason: string }).reason)).toEqual(['released', 'expired']);
    expect(holders(log)).toEqual(['c']);
  });

  test('safe: b\'s wait ends with its session, and only c is granted', () => {
    const { log, b, c, results } = waiterExpires({});
    expect(facts(results, 'waiter-dropped')).toEqual([expect.objectContaining({ session: b, reason: 'session-expired' })]);
    expect(toldGranted(results)).toEqual([c]);
    expect(holders(log)).toEqual(['c']);
  });
});

describe('stale-release: a release frees the lock by name', () => {
  /** a holds the lock and is paused past its lease; b acquires; a wakes up and releases its old grant. */
  function lateRelease(config: Partial<LockServiceConfig>): { log: LogDriver; reply: Reply } {
    const log = cell(config);
    const a = lockUser(log, 'a', 1_000);
    const b = lockUser(log, 'b');
    const token = tokenOf(acquire(log, a).reply);
    log.tickMs(1_100);
    tokenOf(acquire(log, b).reply);
    const reply = log.reply({ type: 'release', session: a, path: LOCK, token });
    return { log, reply };
  }

  test('unsafe: a\'s stale release frees b\'s grant, so the next acquirer joins b', () => {
    const { log, reply } = lateRelease({ releaseByName: true });
    expect(reply).toEqual({ ok: true, type: 'release' });
    expect(holders(log)).toEqual([]);
    const c = lockUser(log, 'c');
    expect(acquire(log, c).reply).toMatchObject({ granted: true });
  });

  test('safe: the release names a grant of an ended session and is refused; b keeps the lock', () => {
    const { log, reply } = lateRelease({});
    expect(reply).toMatchObject({ ok: false, error: { code: 'session-expired' } });
    expect(holders(log)).toEqual(['b']);
  });

  /** a takes r for 1 s and unlocks it at once; b takes r for 10 s; a's auto-release timer is still armed. */
  function timedRelease(config: Partial<LockServiceConfig>): LogDriver {
    const log = cell(config);
    log.reply({ type: 'try-lock', resourceId: 'r', owner: 'a', expireMs: 1_000 });
    log.tickMs(200);
    log.reply({ type: 'unlock', resourceId: 'r', owner: 'a' });
    log.tickMs(100);
    expect(log.reply({ type: 'try-lock', resourceId: 'r', owner: 'b', expireMs: 10_000 })).toMatchObject({ acquired: true });
    log.tickMs(900);
    return log;
  }

  test('unsafe: a\'s auto-release fires at 1.1 s and frees b\'s 10 s lock', () => {
    const log = timedRelease({ releaseByName: true });
    expect(log.machine.summary().ttlLocks).toEqual({});
    expect(log.reply({ type: 'try-lock', resourceId: 'r', owner: 'c', expireMs: 1_000 })).toMatchObject({ acquired: true });
  });

  test('safe: an expiry belongs to its grant, so b keeps r', () => {
    const log = timedRelease({});
    expect(log.machine.summary().ttlLocks).toEqual({ r: { owner: 'b', token: expect.any(Number) } });
  });

  test('unsafe: another owner\'s unlock frees the lock; safe: it is told held-by-other', () => {
    for (const [releaseByName, status, left] of [[true, 'ok', 0], [false, 'held-by-other', 1]] as const) {
      const log = cell({ releaseByName });
      log.reply({ type: 'try-lock', resourceId: 'r', owner: 'a', expireMs: 1_000 });
      expect(log.reply({ type: 'unlock', resourceId: 'r', owner: 'b' })).toMatchObject({ status });
      expect(Object.keys(log.machine.summary().ttlLocks)).toHaveLength(left);
    }
  });
});

describe('herd-starvation: every release wakes every waiter', () => {
  /** a holds the lock; b, c and d wait, in that order; a releases. */
  function release(config: Partial<LockServiceConfig>): { log: LogDriver; result: ApplyResult; waiters: SessionId[] } {
    const log = cell(config);
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((client) => lockUser(log, client));
    const token = tokenOf(acquire(log, a).reply);
    for (const s of [b, c, d]) expect(acquire(log, s).reply).toMatchObject({ queued: true });
    return { log, result: log.run({ type: 'release', session: a, path: LOCK, token }), waiters: [b, c, d] };
  }

  test('unsafe: the release wakes all three (three facts, three answers) and grants no one', () => {
    const { log, result, waiters } = release({ queue: 'herd' });
    expect(facts([result], 'waiter-woken').map((f) => (f as { session: string }).session)).toEqual(waiters);
    expect(result.answers.map((a) => a.reply)).toEqual(waiters.map(() => ({ ok: true, type: 'acquire', granted: false, queued: false, woken: true })));
    expect(holders(log)).toEqual([]);
  });

  test('unsafe: the first retry to reach the log wins, not the first waiter', () => {
    const { log, waiters } = release({ queue: 'herd' });
    const [b, , d] = waiters;
    expect(acquire(log, d).reply).toMatchObject({ granted: true });
    expect(acquire(log, b).reply).toMatchObject({ granted: false, queued: true });
  });

  test('safe: the release grants the lock to b alone, one answer, no one else woken', () => {
    const { log, result } = release({});
    expect(facts([result], 'waiter-woken')).toEqual([]);
    expect(result.answers).toHaveLength(1);
    expect(holders(log)).toEqual(['b']);
  });

  /**
   * Readers take turns holding the lock, each arriving before the previous one leaves, while w
   * waits to write. Returns what w has been told after ten readers.
   */
  function readersAndWriter(config: Partial<LockServiceConfig>): { log: LogDriver; wakeUps: number; writerHeld: boolean } {
    const log = cell(config);
    const w = lockUser(log, 'w');
    const readers = Array.from({ length: 10 }, (_, i) => lockUser(log, `r${i}`));
    let previous = tokenOf(acquire(log, readers[0], 'shared').reply);
    expect(acquire(log, w).reply).toMatchObject({ queued: true });
    let wakeUps = 0;
    let writerHeld = false;
    for (let i = 1; i < readers.length; i++) {
      const next = acquire(log, readers[i], 'shared').reply;
      const released = log.run({ type: 'release', session: readers[i - 1], path: LOCK, token: previous });
      wakeUps += facts([released], 'waiter-woken').length;
      writerHeld ||= holders(log).includes('w');
      // Woken, the writer asks again at once, and finds the next reader in.
      if (facts([released], 'waiter-woken').length > 0) acquire(log, w);
      if (writerHeld || !next.ok || next.type !== 'acquire' || !next.granted) break;
      previous = next.token;
    }
    return { log, wakeUps, writerHeld };
  }

  test('unsafe: readers overtake the waiting writer again and again; it is woken nine times and never holds', () => {
    const { wakeUps, writerHeld } = readersAndWriter({ queue: 'herd' });
    expect(writerHeld).toBe(false);
    expect(wakeUps).toBe(9);
  });

  test('safe: a reader arriving while the writer waits queues behind it; the writer holds at the first release', () => {
    const { wakeUps, writerHeld } = readersAndWriter({});
    expect(writerHeld).toBe(true);
    expect(wakeUps).toBe(0);
  });
});
