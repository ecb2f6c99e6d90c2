/**
 * `lost-reply-retry`: a client whose reply was lost sends the same request again (same
 * client id and sequence number). With the exactly-once table the retry is answered from it;
 * without it (`dedup: false`) the retry executes a second time.
 */
import { describe, expect, test } from 'vitest';
import type { SessionId } from './commands.js';
import type { LockServiceConfig } from './config.js';
import { LogDriver } from './log-driver.js';
import type { Reply } from './replies.js';

const LOCK = '/ls/lock';

function lockUser(log: LogDriver, client: string): SessionId {
  const session = log.openSession(client, 60_000);
  log.reply({ type: 'open', session, path: LOCK, mode: 'write', create: { kind: 'file' } });
  return session;
}

/** Sends `command` as c1's request 1, and again as its retry; returns both replies. */
function sentTwice(log: LogDriver, command: Record<string, unknown>, between?: () => void): [Reply, Reply] {
  const request = { ...command, clientId: 'c1', seq: 1 };
  const first = log.reply(request);
  between?.();
  return [first, log.reply(request)];
}

const configs: [string, Partial<LockServiceConfig>][] = [
  ['unsafe', { dedup: false }],
  ['safe', {}],
];

describe('lost-reply-retry: a retried request without the exactly-once table', () => {
  test.each(configs)('%s: a retried acquire whose grant was lost', (design, config) => {
    const log = new LogDriver(config);
    const a = lockUser(log, 'c1');
    const [first, retry] = sentTwice(log, { type: 'acquire', session: a, path: LOCK, mode: 'exclusive', wait: true });
    expect(first).toMatchObject({ granted: true });
    if (design === 'unsafe') {
      // Executed again: the client is told it failed while its session holds the lock it cannot
      // name (it never saw the token), so it can neither use nor release it.
      expect(retry).toMatchObject({ ok: false, error: { code: 'already-held' } });
    } else {
      expect(retry).toEqual(first);
    }
  });

  test.each(configs)('%s: a retried acquire that had queued', (design, config) => {
    const log = new LogDriver(config);
    const holder = lockUser(log, 'c0');
    const a = lockUser(log, 'c1');
    log.reply({ type: 'acquire', session: holder, path: LOCK, mode: 'exclusive', wait: true });
    const [first, retry] = sentTwice(log, { type: 'acquire', session: a, path: LOCK, mode: 'exclusive', wait: true });
    expect(first).toMatchObject({ queued: true });
    if (design === 'unsafe') expect(retry).toMatchObject({ ok: false, error: { code: 'already-waiting' } });
    else expect(retry).toEqual(first);
  });

  test.each(configs)('%s: a retried try-lock', (design, config) => {
    const log = new LogDriver(config);
    const [first, retry] = sentTwice(log, { type: 'try-lock', resourceId: 'r', owner: 'c1', expireMs: 10_000 });
    expect(first).toMatchObject({ acquired: true });
    // Unsafe: the owner is told it did not get the lock it holds.
    expect(retry).toEqual(design === 'unsafe' ? { ok: true, type: 'try-lock', acquired: false } : first);
  });

  test.each(configs)('%s: a retried put lands after a later write and overwrites it', (design, config) => {
    const log = new LogDriver(config);
    sentTwice(log, { type: 'put', key: 'k', value: 'c1' }, () => log.reply({ type: 'put', key: 'k', value: 'c2', clientId: 'c2', seq: 1 }));
    expect(log.reply({ type: 'get', key: 'k' })).toMatchObject({ value: design === 'unsafe' ? 'c1' : 'c2' });
  });

  test.each(configs)('%s: a retried compare-and-swap', (design, config) => {
    const log = new LogDriver(config);
    const [first, retry] = sentTwice(log, { type: 'cas', key: 'k', expectedValue: null, value: 1 });
    expect(first).toMatchObject({ swapped: true });
    // Unsafe: the client is told its swap failed, though its value is the one stored.
    expect(retry).toMatchObject({ swapped: design !== 'unsafe', value: 1 });
  });
});
