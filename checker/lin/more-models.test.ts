import { describe, expect, it } from 'vitest';
import { parseHistoryEdn } from '../io/edn.js';
import { checkLinearizable } from './check.js';
import { searchModelOf } from './model.js';
import { makeModel } from './models/index.js';
import { pairOperations } from './pairing.js';
import { Budget } from './search/budget.js';
import { searchLinearization } from './search/wgl.js';
import { history } from './testing/history-builder.js';

const verdict = (ops: ReturnType<typeof history>['ops'], name: Parameters<typeof makeModel>[0], opts = {}) => checkLinearizable(ops, makeModel(name, opts)).valid;

describe('registers as Knossos reads them', () => {
  it('--initial 0 lets a cas from 0 succeed first', () => {
    const h = history().call(0, 'cas', [0, 1]).call(1, 'read', null, 1);
    expect(verdict(h.ops, 'cas-register')).toBe(false);
    expect(verdict(h.ops, 'cas-register', { initial: 0 })).toBe(true);
  });

  it('an ok read of nil: any value under nilRead any, only nil under nilRead value', () => {
    const h = history().call(0, 'write', 3).call(1, 'read', null, null);
    expect(verdict(h.ops, 'register', { nilRead: 'any' })).toBe(true);
    expect(verdict(h.ops, 'register', { nilRead: 'value' })).toBe(false);
  });

  it('compares integers beyond 2^53 exactly', () => {
    const text = `{:process 0, :type :invoke, :f :write, :value 9007199254740993}
{:process 0, :type :ok, :f :write, :value 9007199254740993}
{:process 1, :type :invoke, :f :read, :value nil}
{:process 1, :type :ok, :f :read, :value 9007199254740992}`;
    const ops = parseHistoryEdn(text);
    expect(ops[0]!.value).toBe(9007199254740993n);
    expect(verdict(ops, 'register')).toBe(false);
    expect(verdict(parseHistoryEdn(text.replace(/740992/, '740993')), 'register')).toBe(true);
  });
});

describe('the other models Jepsen users check', () => {
  it('multi-register: a txn read must see the other txn whole', () => {
    const ok = history().call(0, 'txn', [['w', 'x', 1], ['w', 'y', 1]]).call(1, 'txn', [['r', 'x', null], ['r', 'y', null]], [['r', 'x', 1], ['r', 'y', 1]]);
    expect(verdict(ok.ops, 'multi-register')).toBe(true);
    const torn = history().call(0, 'txn', [['w', 'x', 1], ['w', 'y', 1]]).call(1, 'txn', [['r', 'x', null], ['r', 'y', null]], [['r', 'x', 1], ['r', 'y', 2]]);
    expect(verdict(torn.ops, 'multi-register')).toBe(false);
  });

  it('kv get/put/append, in Porcupine\'s shapes: a missing key reads as the empty string', () => {
    const h = history().call(0, 'get', null, '', 'k').call(0, 'append', 'a', undefined, 'k').call(1, 'append', 'b', undefined, 'k').call(2, 'get', null, 'ab', 'k');
    expect(verdict(h.ops, 'kv')).toBe(true);
    expect(verdict(history().call(0, 'put', 'x', undefined, 'k').call(1, 'get', null, '', 'k').ops, 'kv')).toBe(false);
  });

  it('owner-free mutex (Knossos): anyone may release; a second acquire while held is refused', () => {
    expect(verdict(history().call(0, 'acquire', null).call(1, 'release', null).call(2, 'acquire', null).ops, 'owner-free-mutex')).toBe(true);
    expect(verdict(history().call(0, 'acquire', null).call(1, 'acquire', null).ops, 'owner-free-mutex')).toBe(false);
    // The owner-checked mutex refuses the first of these: p1 never held the lock.
    expect(verdict(history().call(0, 'acquire', null).call(1, 'release', null).call(2, 'acquire', null).ops, 'mutex')).toBe(false);
  });

  it('set: a read returns every element added before it, in any order', () => {
    expect(verdict(history().call(0, 'add', 1).call(1, 'add', 2).call(2, 'read', null, [2, 1]).ops, 'set')).toBe(true);
    expect(verdict(history().call(0, 'add', 1).call(1, 'add', 2).call(2, 'read', null, [1]).ops, 'set')).toBe(false);
  });

  it('FIFO queue dequeues the oldest; the unordered queue any element', () => {
    const h = history().call(0, 'enqueue', 1).call(0, 'enqueue', 2).call(1, 'dequeue', null, 2);
    expect(verdict(h.ops, 'fifo-queue')).toBe(false);
    expect(verdict(h.ops, 'unordered-queue')).toBe(true);
    expect(verdict(history().call(1, 'dequeue', null, 7).ops, 'unordered-queue')).toBe(false);
  });

  it('an unknown dequeue took some element: a later read of the rest decides which', () => {
    const h = history().call(0, 'enqueue', 1).call(0, 'enqueue', 2).invoke(1, 'dequeue', null).info(1).call(2, 'dequeue', null, 1).call(2, 'dequeue', null, null);
    expect(verdict(h.ops, 'unordered-queue')).toBe(true);
    expect(verdict(history().call(0, 'enqueue', 1).call(2, 'dequeue', null, null).ops, 'unordered-queue')).toBe(false);
  });

  it('counter: reads see the sum of the adds before them (bigints too)', () => {
    expect(verdict(history().call(0, 'add', 2).call(1, 'add', 3).call(2, 'read', null, 5).ops, 'counter')).toBe(true);
    expect(verdict(history().call(0, 'add', 2).call(2, 'read', null, 3).ops, 'counter')).toBe(false);
    expect(verdict(history().call(0, 'add', 9007199254740992n).call(1, 'add', 1).call(2, 'read', null, 9007199254740993n).ops, 'counter')).toBe(true);
  });
});

describe('long histories with little concurrency', () => {
  it('are checked in time linear in their length: one configuration per op, a few words each', () => {
    const h = history();
    for (let i = 0; i < 5_000; i++) h.invoke(0, 'write', i).invoke(1, 'read', null).ok(0).ok(1, i);
    const r = checkLinearizable(h.ops, 'register');
    expect(r.valid).toBe(true);
    // The frontier pass decides it, holding a few configurations at a time.
    expect(r.partitions[0]!.configurations).toBeLessThan(10);
    expect(r.partitions[0]!.steps).toBeLessThan(3 * 10_000);
    // The depth-first search, on its own, keeps one configuration per op, and the key of each stays
    // a few words, not a bitset of 10,000 ops.
    const dfs = searchLinearization(pairOperations(h.ops).ops, searchModelOf(makeModel('register')), Budget.of());
    expect(dfs.valid).toBe(true);
    expect(dfs.configurations).toBeLessThan(3 * 10_000);
    expect(dfs.cacheBytes / dfs.configurations).toBeLessThan(64);
  });

  it('when invalid, are explained near the first illegal return, not over the whole history', () => {
    const h = history();
    for (let i = 0; i < 20_000; i++) h.invoke(0, 'write', i).invoke(1, 'read', null).ok(0).ok(1, i === 15_000 ? i - 2 : i);
    const r = checkLinearizable(h.ops, 'register');
    expect(r.valid).toBe(false);
    const v = r.violations[0]!;
    // The stale read, and the read before it that saw the newer value.
    expect(v.ops).toEqual([59_997, 60_001]);
    expect(v.detail!.minimal).toBe(true);
  });

  it('the depth-first search, at the memory budget, forgets what lies behind and goes on instead of giving up', () => {
    const h = history();
    for (let i = 0; i < 2_000; i++) h.invoke(0, 'write', i).invoke(1, 'read', null).ok(0).ok(1, i);
    const { ops } = pairOperations(h.ops);
    const r = searchLinearization(ops, searchModelOf(makeModel('register')), Budget.of({ maxCacheBytes: 16 * 1024 }));
    expect(r.valid).toBe(true);
    expect(r.forgot).toBe(true);
  });
});
