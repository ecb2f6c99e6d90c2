import { describe, expect, test } from 'vitest';
import type { LockMode, SessionId } from './commands.js';
import type { LockServiceConfig } from './config.js';
import type { ApplyResult, Fact } from './facts.js';
import { LogDriver } from './log-driver.js';
import type { Reply } from './replies.js';

const LOCK = '/ls/lock';

/**
 * A cell whose sessions live 1 s (1.1 s with ε) and whose lock is free again at once. No tick
 * slack: these logs are written by hand, not by a leader whose ticks lag its commands.
 */
function cell(config: Partial<LockServiceConfig> = {}): LogDriver {
  return new LogDriver({ epsilon: 0.1, lockDelayNs: 0, tickSlackNs: 0, defaultSessionTtlNs: 1_000_000_000, ...config });
}

/** A session of `client` with the lock file open for writing. */
function lockUser(log: LogDriver, client: string, ttlMs?: number): SessionId {
  const session = log.openSession(client, ttlMs);
  const opened = log.reply({ type: 'open', session, path: LOCK, mode: 'write', create: { kind: 'file' } });
  expect(opened.ok).toBe(true);
  return session;
}

function acquire(log: LogDriver, session: SessionId, mode: LockMode = 'exclusive', wait = true): ApplyResult {
  return log.run({ type: 'acquire', session, path: LOCK, mode, wait });
}

function tokenOf(reply: Reply): number {
  if (!reply.ok || reply.type !== 'acquire' || !reply.granted) throw new Error(`not a grant: ${JSON.stringify(reply)}`);
  return reply.token;
}

function grants(result: ApplyResult): { owner: string; token: number }[] {
  return result.facts
    .filter((f): f is Extract<Fact, { kind: 'grant' }> => f.kind === 'grant')
    .map(({ owner, token }) => ({ owner, token }));
}

function holders(log: LogDriver): SessionId[] {
  return (log.machine.summary().locks[LOCK] ?? []).map((h) => h.session);
}

describe('FIFO queue', () => {
  test('a release wakes only the next waiter, with a token equal to the releasing entry', () => {
    const log = cell();
    const [a, b, c, d] = ['c1', 'c2', 'c3', 'c4'].map((client) => lockUser(log, client, 60_000));
    const first = tokenOf(acquire(log, a).reply);
    const queued = [b, c, d].map((s) => acquire(log, s).reply);
    expect(queued.every((r) => r.ok && r.type === 'acquire' && !r.granted && r.queued)).toBe(true);

    const release = log.run({ type: 'release', session: a, path: LOCK, token: first });
    expect(release.reply).toEqual({ ok: true, type: 'release' });
    expect(grants(release)).toEqual([{ owner: b, token: log.index }]);
    expect(release.answers).toHaveLength(1);
    expect(release.answers[0].reply).toMatchObject({ granted: true, token: log.index });
    expect(holders(log)).toEqual([b]);

    const second = release.answers[0].reply as Reply;
    const next = log.run({ type: 'release', session: b, path: LOCK, token: tokenOf(second) });
    expect(grants(next)).toEqual([{ owner: c, token: log.index }]);
    expect(holders(log)).toEqual([c]);
  });

  test('the answer names the waiting request by its log index', () => {
    const log = cell();
    const [a, b] = [lockUser(log, 'c1', 60_000), lockUser(log, 'c2', 60_000)];
    const token = tokenOf(acquire(log, a).reply);
    const wait = acquire(log, b).reply;
    expect(wait).toMatchObject({ granted: false, queued: true, waitIndex: log.index, blockedBy: 'holder' });
    const waitIndex = log.index;
    const release = log.run({ type: 'release', session: a, path: LOCK, token });
    expect(release.answers.map((a) => a.request.index)).toEqual([waitIndex]);
  });

  test('a try-acquire on a busy lock does not queue', () => {
    const log = cell();
    const [a, b] = [lockUser(log, 'c1', 60_000), lockUser(log, 'c2', 60_000)];
    const token = tokenOf(acquire(log, a).reply);
    expect(acquire(log, b, 'exclusive', false).reply).toMatchObject({ granted: false, queued: false, blockedBy: 'holder' });
    const release = log.run({ type: 'release', session: a, path: LOCK, token });
    expect(release.answers).toEqual([]);
    expect(holders(log)).toEqual([]);
  });
});

describe('readers and writers', () => {
  test('a waiting writer is not starved by a stream of readers', () => {
    const log = cell();
    const [r1, w, r2, r3] = ['r1', 'w', 'r2', 'r3'].map((client) => lockUser(log, client, 60_000));
    const r1Token = tokenOf(acquire(log, r1, 'shared').reply);
    expect(acquire(log, w, 'exclusive').reply).toMatchObject({ granted: false, queued: true, blockedBy: 'holder' });
    // Compatible with the reader that holds the lock, but behind the writer: they wait.
    expect(acquire(log, r2, 'shared').reply).toMatchObject({ granted: false, queued: true, blockedBy: 'queue' });
    expect(acquire(log, r3, 'shared').reply).toMatchObject({ granted: false, queued: true, blockedBy: 'queue' });
    expect(holders(log)).toEqual([r1]);

    const r1Release = log.run({ type: 'release', session: r1, path: LOCK, token: r1Token });
    expect(grants(r1Release)).toEqual([{ owner: w, token: log.index }]);

    const wRelease = log.run({ type: 'release', session: w, path: LOCK, token: log.index });
    expect(grants(wRelease)).toEqual([
      { owner: r2, token: log.index },
      { owner: r3, token: log.index },
    ]);
    expect(holders(log)).toEqual([r2, r3]);
  });

  test('readers at the head of the queue are granted together, up to the next writer', () => {
    const log = cell();
    const [w1, r1, r2, w2, r3] = ['w1', 'r1', 'r2', 'w2', 'r3'].map((client) => lockUser(log, client, 60_000));
    const token = tokenOf(acquire(log, w1).reply);
    acquire(log, r1, 'shared');
    acquire(log, r2, 'shared');
    acquire(log, w2, 'exclusive');
    acquire(log, r3, 'shared');
    const release = log.run({ type: 'release', session: w1, path: LOCK, token });
    expect(grants(release).map((g) => g.owner)).toEqual([r1, r2]);
    expect(holders(log)).toEqual([r1, r2]);
  });

  test('readers share a lock that no writer awaits', () => {
    const log = cell();
    const [r1, r2] = [lockUser(log, 'r1', 60_000), lockUser(log, 'r2', 60_000)];
    const t1 = tokenOf(acquire(log, r1, 'shared').reply);
    const t2 = tokenOf(acquire(log, r2, 'shared').reply);
    expect(t2).toBeGreaterThan(t1);
    expect(log.machine.checkSequencer(LOCK, t1)).toBe(true);
    expect(log.machine.checkSequencer(LOCK, t2)).toBe(true);
  });
});

describe('expiry and lock-delay', () => {
  test('after the holder expires the lock waits out the lock-delay before the next grant', () => {
    const log = cell({ lockDelayNs: 500_000_000 });
    const a = lockUser(log, 'holder', 1_000);
    const b = lockUser(log, 'waiter', 1_000);
    tokenOf(acquire(log, a).reply);
    acquire(log, b);

    log.tickMs(1_000);
    log.reply({ type: 'keep-alive', session: b }); // b now lives until 2 100 ms
    const expiry = log.tickMs(100); // 1 100 ms: 1 000 ms · (1 + ε)
    expect(expiry.facts).toContainEqual(expect.objectContaining({ kind: 'session-expired', session: a }));
    expect(expiry.facts).toContainEqual(expect.objectContaining({ kind: 'release', owner: a, reason: 'expired' }));
    expect(expiry.facts).toContainEqual({ kind: 'lock-delay', lockKind: 'file', lock: LOCK, untilNs: 1_600_000_000 });
    expect(grants(expiry)).toEqual([]);

    expect(grants(log.tickMs(499))).toEqual([]);
    log.reply({ type: 'keep-alive', session: b });
    const end = log.tickMs(1); // 1 600 ms
    expect(grants(end)).toEqual([{ owner: b, token: log.index }]);
    expect(end.answers[0].reply).toMatchObject({ granted: true, token: log.index });
  });

  test('a try-acquire during the lock-delay is refused, and a voluntary release starts none', () => {
    const log = cell({ lockDelayNs: 500_000_000 });
    const a = lockUser(log, 'holder', 1_000);
    const b = lockUser(log, 'other', 60_000);
    tokenOf(acquire(log, a).reply);
    log.tickMs(1_100);
    expect(acquire(log, b, 'exclusive', false).reply).toMatchObject({ granted: false, blockedBy: 'lock-delay' });
    log.tickMs(500);
    const token = tokenOf(acquire(log, b, 'exclusive', false).reply);

    const c = lockUser(log, 'third', 60_000);
    log.reply({ type: 'release', session: b, path: LOCK, token });
    expect(acquire(log, c, 'exclusive', false).reply).toMatchObject({ granted: true });
  });

  test('the lock-delay outlives the deletion of an ephemeral lock file', () => {
    const log = cell({ lockDelayNs: 500_000_000 });
    const a = log.openSession('holder', 1_000);
    log.reply({ type: 'open', session: a, path: LOCK, mode: 'write', create: { kind: 'file', ephemeral: true } });
    tokenOf(acquire(log, a).reply);
    const expiry = log.tickMs(1_100);
    expect(expiry.facts).toContainEqual({ kind: 'ephemeral-deleted', path: LOCK });

    const b = lockUser(log, 'next', 60_000);
    expect(acquire(log, b, 'exclusive', false).reply).toMatchObject({ granted: false, blockedBy: 'lock-delay' });
    log.tickMs(500);
    expect(acquire(log, b, 'exclusive', false).reply).toMatchObject({ granted: true });
  });

  test('a waiter whose session expired is skipped', () => {
    const log = cell();
    const holder = lockUser(log, 'holder', 1_000);
    const doomed = lockUser(log, 'doomed', 1_000);
    const patient = lockUser(log, 'patient', 60_000);
    tokenOf(acquire(log, holder).reply);
    acquire(log, doomed);
    const doomedRequest = log.index;
    acquire(log, patient);

    // Holder and waiter expire in the same tick; the lock goes past the dead waiter.
    const expiry = log.tickMs(1_100);
    expect(grants(expiry)).toEqual([{ owner: patient, token: log.index }]);
    expect(expiry.facts).toContainEqual(
      expect.objectContaining({ kind: 'waiter-dropped', session: doomed, reason: 'session-expired' }),
    );
    const doomedAnswer = expiry.answers.find((a) => a.request.index === doomedRequest);
    expect(doomedAnswer?.reply).toMatchObject({ ok: false, error: { code: 'session-expired' } });
    expect(holders(log)).toEqual([patient]);
  });

  test('a waiter that expires while the holder stays is out of the queue when the lock frees', () => {
    const log = cell();
    const holder = lockUser(log, 'holder', 60_000);
    const doomed = lockUser(log, 'doomed', 1_000);
    const patient = lockUser(log, 'patient', 60_000);
    const token = tokenOf(acquire(log, holder).reply);
    acquire(log, doomed);
    acquire(log, patient);
    const expiry = log.tickMs(1_100);
    expect(expiry.facts).toContainEqual(expect.objectContaining({ kind: 'waiter-dropped', session: doomed }));
    const release = log.run({ type: 'release', session: holder, path: LOCK, token });
    expect(grants(release)).toEqual([{ owner: patient, token: log.index }]);
  });
});

describe('releases name their grant', () => {
  test('a stale release is refused and changes nothing', () => {
    const log = cell();
    const a = lockUser(log, 'a', 60_000);
    const old = tokenOf(acquire(log, a).reply);
    log.reply({ type: 'release', session: a, path: LOCK, token: old });
    const current = tokenOf(acquire(log, a).reply);
    const before = log.machine.digest();

    expect(log.reply({ type: 'release', session: a, path: LOCK, token: old })).toMatchObject({
      ok: false,
      error: { code: 'stale-token' },
    });
    expect(log.machine.digest()).toBe(before);
    expect(log.machine.checkSequencer(LOCK, old)).toBe(false);
    expect(log.machine.checkSequencer(LOCK, current)).toBe(true);
  });

  test('another session cannot release the holder\'s grant', () => {
    const log = cell();
    const [a, b] = [lockUser(log, 'a', 60_000), lockUser(log, 'b', 60_000)];
    const token = tokenOf(acquire(log, a).reply);
    expect(log.reply({ type: 'release', session: b, path: LOCK, token })).toMatchObject({ error: { code: 'not-held' } });
    expect(holders(log)).toEqual([a]);
  });

  test('a holder whose session expired cannot release its successor\'s grant', () => {
    const log = cell();
    const a = lockUser(log, 'a', 1_000);
    const b = lockUser(log, 'b', 60_000);
    const token = tokenOf(acquire(log, a).reply);
    acquire(log, b);
    log.tickMs(1_100);
    expect(log.reply({ type: 'release', session: a, path: LOCK, token })).toMatchObject({
      error: { code: 'session-expired' },
    });
    expect(holders(log)).toEqual([b]);
  });

  test('the tokens of one lock strictly increase, grant after grant', () => {
    const log = cell();
    const users = ['a', 'b', 'c'].map((client) => lockUser(log, client, 60_000));
    const tokens: number[] = [];
    for (let round = 0; round < 3; round++) {
      for (const user of users) {
        const token = tokenOf(acquire(log, user).reply);
        tokens.push(token);
        log.reply({ type: 'release', session: user, path: LOCK, token });
      }
    }
    expect(tokens).toEqual([...tokens].sort((x, y) => x - y));
    expect(new Set(tokens).size).toBe(tokens.length);
  });

  test('closing the file gives up the grant and the place in the queue', () => {
    const log = cell();
    const [a, b, c] = ['a', 'b', 'c'].map((client) => lockUser(log, client, 60_000));
    tokenOf(acquire(log, a).reply);
    acquire(log, b);
    acquire(log, c);
    const closeB = log.run({ type: 'close', session: b, path: LOCK });
    expect(closeB.facts).toContainEqual(expect.objectContaining({ kind: 'waiter-dropped', session: b, reason: 'closed' }));
    const closeA = log.run({ type: 'close', session: a, path: LOCK });
    expect(closeA.facts).toContainEqual(expect.objectContaining({ kind: 'release', owner: a, reason: 'closed' }));
    expect(grants(closeA)).toEqual([{ owner: c, token: log.index }]);
  });
});

describe('what a lock needs', () => {
  test('locking needs the file open for writing', () => {
    const log = cell();
    const a = lockUser(log, 'a', 60_000);
    const reader = log.openSession('reader', 60_000);
    expect(log.reply({ type: 'acquire', session: reader, path: LOCK, mode: 'shared', wait: true })).toMatchObject({
      error: { code: 'not-open' },
    });
    log.reply({ type: 'open', session: reader, path: LOCK, mode: 'read' });
    expect(log.reply({ type: 'acquire', session: reader, path: LOCK, mode: 'shared', wait: true })).toMatchObject({
      error: { code: 'wrong-mode' },
    });
    expect(log.reply({ type: 'acquire', session: a, path: '/ls', mode: 'shared', wait: true })).toMatchObject({
      error: { code: 'is-root' },
    });
  });

  test('a session cannot hold or await one lock twice', () => {
    const log = cell();
    const [a, b] = [lockUser(log, 'a', 60_000), lockUser(log, 'b', 60_000)];
    acquire(log, a);
    acquire(log, b);
    expect(acquire(log, a).reply).toMatchObject({ error: { code: 'already-held' } });
    expect(acquire(log, b).reply).toMatchObject({ error: { code: 'already-waiting' } });
  });
});
