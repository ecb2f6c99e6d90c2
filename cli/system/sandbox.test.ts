import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createSandbox, RefusedCallError } from './sandbox.js';

describe('the sandbox a user system runs in', () => {
  it('runs every continuation an entry woke before the entry returns', () => {
    const realm = createSandbox();
    const log: string[] = [];
    const wake: Array<(v: number) => void> = [];
    const user = vm.runInContext(
      `(async (log, wait) => { log('a'); const x = await wait(); log('b' + x); await null; await Promise.resolve(); log('c'); log('d' + await wait()); })`,
      realm.context,
    ) as (log: (s: string) => void, wait: () => Promise<number>) => Promise<void>;
    const wait = (): Promise<number> => new realm.Promise<number>((resolve) => wake.push(resolve));
    realm.enter(() => void user((s) => log.push(s), wait));
    log.push('|');
    realm.enter(() => wake.shift()!(1));
    log.push('|');
    realm.enter(() => wake.shift()!(2));
    expect(log.join(' ')).toBe('a | b1 c | d2');
  });

  it.each([
    ['Date.now()', 'Date.now()'],
    ['new Date()', 'new Date()'],
    ['Date()', 'Date()'],
    ['Math.random()', 'Math.random()'],
    ['setTimeout(() => {}, 1)', 'setTimeout()'],
    ['setInterval(() => {}, 1)', 'setInterval()'],
    ['performance.now()', 'performance.now()'],
    ['process.hrtime()', 'process.hrtime()'],
    ['crypto.randomUUID()', 'crypto.randomUUID()'],
    ["fetch('http://x')", 'fetch()'],
    ['new WeakRef({})', 'new WeakRef()'],
  ])('refuses %s, naming the call', (source, call) => {
    const realm = createSandbox();
    expect(() => realm.enter(() => vm.runInContext(source, realm.context))).toThrow(RefusedCallError);
    expect(realm.refused?.call).toBe(call);
    expect(realm.refused?.message).toContain(`called ${call}`);
  });

  it('remembers a refusal the user code swallowed', () => {
    const realm = createSandbox();
    realm.enter(() => vm.runInContext('try { Date.now() } catch (e) {}', realm.context));
    expect(realm.refused?.call).toBe('Date.now()');
  });

  it('lets deterministic uses of Date through', () => {
    const realm = createSandbox();
    expect(realm.enter(() => vm.runInContext('new Date(0).toISOString()', realm.context))).toBe('1970-01-01T00:00:00.000Z');
    expect(realm.refused).toBeNull();
  });

  it('copies messages into objects of the realm', () => {
    const realm = createSandbox();
    const sent = { a: [1, 2], b: { c: 'x' } };
    const copy = realm.copy(sent);
    expect(copy).toEqual(sent);
    expect(copy).not.toBe(sent);
    expect(vm.runInContext('(v) => v.a instanceof Array', realm.context)(copy)).toBe(true);
  });
});
