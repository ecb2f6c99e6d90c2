import { describe, expect, test } from 'vitest';
import type { ErrorCode } from './replies.js';
import { LogDriver } from './log-driver.js';

/** A cell with a bit of everything in it, so a stray change would show in the digest. */
function busyCell(): { log: LogDriver; session: string } {
  const log = new LogDriver();
  const session = log.openSession('c1');
  log.reply({ type: 'open', session, path: '/ls/dir', mode: 'write', create: { kind: 'directory' } });
  log.reply({ type: 'open', session, path: '/ls/dir/f', mode: 'write', create: { kind: 'file', content: 'x' } });
  log.reply({ type: 'open', session, path: '/ls/ro', mode: 'read', create: { kind: 'file' } });
  log.reply({ type: 'acquire', session, path: '/ls/dir/f', mode: 'exclusive', wait: true });
  log.reply({ type: 'try-lock', resourceId: 'r', owner: 'o', expireMs: 1_000 });
  log.reply({ type: 'put', key: 'k', value: 1, clientId: 'c1', seq: 2 });
  log.tickMs(10);
  return { log, session };
}

const S = '__SESSION__';

const MALFORMED: [string, unknown, ErrorCode][] = [
  ['not an object', 'acquire', 'unknown-command'],
  ['null', null, 'unknown-command'],
  ['an array', [{ type: 'tick' }], 'unknown-command'],
  ['unknown command', { type: 'steal-lock', path: '/ls/dir/f' }, 'unknown-command'],
  ['prototype name as command', { type: 'toString' }, 'unknown-command'],
  ['negative tick', { type: 'tick', elapsedNs: -5 }, 'bad-argument'],
  ['tick of NaN', { type: 'tick', elapsedNs: Number.NaN }, 'bad-argument'],
  ['unknown path', { type: 'open', session: S, path: '/ls/nope', mode: 'read' }, 'no-such-path'],
  ['path outside the root', { type: 'open', session: S, path: '/etc/passwd', mode: 'read' }, 'bad-path'],
  ['path with ..', { type: 'open', session: S, path: '/ls/dir/../f', mode: 'read' }, 'bad-path'],
  ['empty path component', { type: 'open', session: S, path: '/ls//f', mode: 'read' }, 'bad-path'],
  ['wrong open mode', { type: 'open', session: S, path: '/ls/dir/f', mode: 'rw' }, 'bad-mode'],
  ['wrong lock mode', { type: 'acquire', session: S, path: '/ls/ro', mode: 'upgrade', wait: true }, 'bad-mode'],
  ['acquire without wait', { type: 'acquire', session: S, path: '/ls/ro', mode: 'shared' }, 'bad-argument'],
  ['lock opened read-only', { type: 'acquire', session: S, path: '/ls/ro', mode: 'shared', wait: true }, 'wrong-mode'],
  ['write opened read-only', { type: 'set-contents', session: S, path: '/ls/ro', content: 'y' }, 'wrong-mode'],
  ['create under a file', { type: 'open', session: S, path: '/ls/dir/f/g', mode: 'write', create: { kind: 'file' } }, 'not-a-directory'],
  ['create what exists', { type: 'open', session: S, path: '/ls/dir', mode: 'write', create: { kind: 'directory' }, exclusive: true }, 'exists'],
  ['ephemeral directory', { type: 'open', session: S, path: '/ls/e', mode: 'write', create: { kind: 'directory', ephemeral: true } }, 'bad-argument'],
  ['delete a non-empty directory', { type: 'delete', session: S, path: '/ls/dir' }, 'not-empty'],
  ['delete a locked file', { type: 'delete', session: S, path: '/ls/dir/f' }, 'in-use'],
  ['delete the root', { type: 'delete', session: S, path: '/ls' }, 'is-root'],
  ['contents of a directory', { type: 'get-contents', session: S, path: '/ls/dir' }, 'not-a-file'],
  ['stale content version', { type: 'set-contents', session: S, path: '/ls/dir/f', content: 'y', expectedVersion: 9 }, 'version-mismatch'],
  ['unknown session', { type: 'keep-alive', session: 's12345' }, 'no-such-session'],
  ['session of the wrong type', { type: 'keep-alive', session: 42 }, 'bad-argument'],
  ['zero session ttl', { type: 'open-session', client: 'c2', ttlNs: 0 }, 'bad-ttl'],
  ['negative session ttl', { type: 'open-session', client: 'c2', ttlNs: -1 }, 'bad-ttl'],
  ['session without client', { type: 'open-session' }, 'bad-argument'],
  ['release of a lock not held', { type: 'release', session: S, path: '/ls/ro', token: 3 }, 'not-held'],
  ['release with a negative token', { type: 'release', session: S, path: '/ls/dir/f', token: -1 }, 'bad-argument'],
  ['negative expiry', { type: 'try-lock', resourceId: 'r2', owner: 'o', expireMs: -1 }, 'bad-expiry'],
  ['zero expiry', { type: 'try-lock', resourceId: 'r2', owner: 'o', expireMs: 0 }, 'bad-expiry'],
  ['fractional expiry', { type: 'try-lock', resourceId: 'r2', owner: 'o', expireMs: 1.5 }, 'bad-expiry'],
  ['empty owner', { type: 'try-lock', resourceId: 'r2', owner: '', expireMs: 10 }, 'bad-owner'],
  ['owner of the wrong type', { type: 'unlock', resourceId: 'r', owner: { id: 'o' } }, 'bad-owner'],
  ['kv value of the wrong type', { type: 'put', key: 'k', value: { nested: true } }, 'bad-argument'],
  ['cas without an expectation', { type: 'cas', key: 'k', value: 2 }, 'bad-argument'],
  ['seq without clientId', { type: 'put', key: 'k', value: 2, seq: 3 }, 'bad-argument'],
  ['seq zero', { type: 'put', key: 'k', value: 2, clientId: 'c1', seq: 0 }, 'bad-argument'],
  ['fractional seq', { type: 'put', key: 'k', value: 2, clientId: 'c1', seq: 0.5 }, 'bad-argument'],
  ['seq older than the last', { type: 'put', key: 'k', value: 2, clientId: 'c1', seq: 1 }, 'stale-request'],
];

describe('malformed and refused requests', () => {
  test.each(MALFORMED)('%s: refused with a typed error, nothing changed', (_name, raw, code) => {
    const { log, session } = busyCell();
    const command = JSON.parse(JSON.stringify(raw).replaceAll(S, session)) as unknown;
    const before = log.machine.canonicalText();
    const result = log.run(command);
    expect(result.reply).toMatchObject({ ok: false, error: { code } });
    expect((result.reply as { error: { message: string } }).error.message.length).toBeGreaterThan(0);
    expect(result.facts).toEqual([]);
    expect(result.answers).toEqual([]);
    expect(log.machine.canonicalText()).toBe(before);
  });

  test('NaN survives as a refusal even though JSON cannot carry it', () => {
    const { log } = busyCell();
    const before = log.machine.digest();
    expect(log.reply({ type: 'tick', elapsedNs: Number.NaN })).toMatchObject({ error: { code: 'bad-argument' } });
    expect(log.machine.digest()).toBe(before);
  });
});
