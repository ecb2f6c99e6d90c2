import { describe, expect, test } from 'vitest';
import { LogDriver } from './log-driver.js';

describe('the namespace', () => {
  test('directories and files are created under /ls and listed in name order', () => {
    const log = new LogDriver();
    const s = log.openSession('c1');
    expect(log.reply({ type: 'open', session: s, path: '/ls/svc', mode: 'write', create: { kind: 'directory' } })).toEqual({
      ok: true,
      type: 'open',
      path: '/ls/svc',
      mode: 'write',
      kind: 'directory',
      ephemeral: false,
      created: true,
      instance: log.index,
    });
    for (const name of ['zeta', 'alpha', 'mid']) {
      log.reply({ type: 'open', session: s, path: `/ls/svc/${name}`, mode: 'write', create: { kind: 'file' } });
    }
    expect(log.reply({ type: 'list', session: s, path: '/ls/svc' })).toEqual({
      ok: true,
      type: 'list',
      children: ['alpha', 'mid', 'zeta'],
    });
    expect(log.reply({ type: 'list', session: s, path: '/ls/svc/mid' })).toMatchObject({ error: { code: 'not-a-directory' } });
  });

  test('opening an existing node with create opens it, unless exclusive', () => {
    const log = new LogDriver();
    const [a, b] = [log.openSession('a'), log.openSession('b')];
    log.reply({ type: 'open', session: a, path: '/ls/f', mode: 'write', create: { kind: 'file', content: 'one' } });
    expect(log.reply({ type: 'open', session: b, path: '/ls/f', mode: 'read', create: { kind: 'file' } })).toMatchObject({
      ok: true,
      created: false,
    });
    expect(
      log.reply({ type: 'open', session: b, path: '/ls/f', mode: 'read', create: { kind: 'file' }, exclusive: true }),
    ).toMatchObject({ error: { code: 'exists' } });
    expect(log.reply({ type: 'get-contents', session: b, path: '/ls/f' })).toEqual({
      ok: true,
      type: 'get-contents',
      content: 'one',
      version: 1,
    });
  });

  test('contents carry a version; a write can be made conditional on it', () => {
    const log = new LogDriver();
    const s = log.openSession('c1');
    log.reply({ type: 'open', session: s, path: '/ls/master', mode: 'write', create: { kind: 'file' } });
    expect(log.reply({ type: 'set-contents', session: s, path: '/ls/master', content: 'n1', expectedVersion: 1 })).toEqual({
      ok: true,
      type: 'set-contents',
      version: 2,
    });
    expect(log.reply({ type: 'set-contents', session: s, path: '/ls/master', content: 'n2', expectedVersion: 1 })).toMatchObject({
      error: { code: 'version-mismatch' },
    });
    expect(log.reply({ type: 'get-contents', session: s, path: '/ls/master' })).toMatchObject({ content: 'n1', version: 2 });
  });

  test('a node can be deleted only when empty, unlocked and open nowhere else', () => {
    const log = new LogDriver();
    const [a, b] = [log.openSession('a'), log.openSession('b')];
    log.reply({ type: 'open', session: a, path: '/ls/d', mode: 'write', create: { kind: 'directory' } });
    log.reply({ type: 'open', session: a, path: '/ls/d/f', mode: 'write', create: { kind: 'file' } });
    log.reply({ type: 'open', session: b, path: '/ls/d/f', mode: 'read' });
    expect(log.reply({ type: 'delete', session: a, path: '/ls/d' })).toMatchObject({ error: { code: 'not-empty' } });
    expect(log.reply({ type: 'delete', session: a, path: '/ls/d/f' })).toMatchObject({ error: { code: 'in-use' } });
    expect(log.reply({ type: 'delete', session: b, path: '/ls/d/f' })).toMatchObject({ error: { code: 'wrong-mode' } });
    log.reply({ type: 'close', session: b, path: '/ls/d/f' });
    expect(log.reply({ type: 'delete', session: a, path: '/ls/d/f' })).toEqual({ ok: true, type: 'delete' });
    expect(log.reply({ type: 'delete', session: a, path: '/ls/d' })).toEqual({ ok: true, type: 'delete' });
    log.reply({ type: 'open', session: a, path: '/ls', mode: 'read' });
    expect(log.reply({ type: 'list', session: a, path: '/ls' })).toMatchObject({ children: [] });
  });

  test('a re-created node is a new instance, and its lock tokens keep growing', () => {
    const log = new LogDriver();
    const s = log.openSession('c1');
    const first = log.reply({ type: 'open', session: s, path: '/ls/l', mode: 'write', create: { kind: 'file' } });
    const t1 = log.reply({ type: 'acquire', session: s, path: '/ls/l', mode: 'exclusive', wait: false }) as { token: number };
    log.reply({ type: 'release', session: s, path: '/ls/l', token: t1.token });
    log.reply({ type: 'delete', session: s, path: '/ls/l' });
    const second = log.reply({ type: 'open', session: s, path: '/ls/l', mode: 'write', create: { kind: 'file' } });
    expect((second as { instance: number }).instance).toBeGreaterThan((first as { instance: number }).instance);
    const t2 = log.reply({ type: 'acquire', session: s, path: '/ls/l', mode: 'exclusive', wait: false }) as { token: number };
    expect(t2.token).toBeGreaterThan(t1.token);
  });

  test('a session works on a node only through an open of it', () => {
    const log = new LogDriver();
    const [a, b] = [log.openSession('a'), log.openSession('b')];
    log.reply({ type: 'open', session: a, path: '/ls/f', mode: 'write', create: { kind: 'file' } });
    expect(log.reply({ type: 'get-contents', session: b, path: '/ls/f' })).toMatchObject({ error: { code: 'not-open' } });
    expect(log.reply({ type: 'close', session: b, path: '/ls/f' })).toMatchObject({ error: { code: 'not-open' } });
  });
});

describe('the key-value store', () => {
  test('put bumps the version; get reads value and version; absence reads as null and 0', () => {
    const log = new LogDriver();
    expect(log.reply({ type: 'get', key: 'k' })).toEqual({ ok: true, type: 'get', value: null, version: 0 });
    log.reply({ type: 'put', key: 'k', value: 'a' });
    expect(log.reply({ type: 'put', key: 'k', value: 'b' })).toEqual({ ok: true, type: 'put', version: 2 });
    expect(log.reply({ type: 'get', key: 'k' })).toEqual({ ok: true, type: 'get', value: 'b', version: 2 });
  });

  test('compare-and-swap on value, on version, or on absence', () => {
    const log = new LogDriver();
    expect(log.reply({ type: 'cas', key: 'k', expectedValue: null, value: 1 })).toMatchObject({ swapped: true, version: 1 });
    expect(log.reply({ type: 'cas', key: 'k', expectedValue: null, value: 2 })).toMatchObject({ swapped: false, value: 1 });
    expect(log.reply({ type: 'cas', key: 'k', expectedValue: 1, value: 2 })).toMatchObject({ swapped: true, value: 2 });
    expect(log.reply({ type: 'cas', key: 'k', expectedVersion: 1, value: 3 })).toMatchObject({ swapped: false, version: 2 });
    expect(log.reply({ type: 'cas', key: 'k', expectedVersion: 2, expectedValue: 2, value: 3 })).toEqual({
      ok: true,
      type: 'cas',
      swapped: true,
      value: 3,
      version: 3,
    });
    expect(log.reply({ type: 'cas', key: 'new', expectedVersion: 0, value: 'x' })).toMatchObject({ swapped: true, version: 1 });
  });
});
