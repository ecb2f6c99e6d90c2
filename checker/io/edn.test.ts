import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Op } from '../history.js';
import { formatHistoryEdn, parseHistoryEdn } from './edn.js';
import { HistoryFormatError } from './errors.js';
import { assertWellFormed } from './well-formed.js';
import { pairOps } from './pairs.js';
import { detectHistoryFormat, parseHistory } from './read-history.js';
import { Keyword } from '../lin/values.js';

const fixture = readFileSync(join(import.meta.dirname, 'fixtures', 'etcd-cas-register.edn'), 'utf8');

function errorOf(f: () => unknown): HistoryFormatError {
  try {
    f();
  } catch (e) {
    if (e instanceof HistoryFormatError) return e;
    throw e;
  }
  throw new Error('expected a HistoryFormatError');
}

describe('reading a Jepsen etcd cas-register history', () => {
  const history = parseHistoryEdn(fixture, { independent: true });

  it('reads every op, moving the independent keys into Op.key', () => {
    expect(history).toHaveLength(36);
    expect(history[4]).toEqual({ index: 4, process: 3, type: 'invoke', f: 'cas', value: [3, 1], time: 19840332, key: '0' });
    expect(history[18]).toEqual({
      index: 18,
      process: 2,
      type: 'info',
      f: 'cas',
      value: [4, 0],
      time: 10021502871,
      key: '1',
      error: 'timeout',
    });
    expect(new Set(history.filter((op) => op.process !== 'nemesis').map((op) => op.key))).toEqual(new Set(['0', '1']));
  });

  it('keeps nemesis values as data: keywords stay keywords, sets become arrays', () => {
    expect(history[11]!.process).toBe('nemesis');
    expect(history[11]!.key).toBeUndefined();
    expect(history[11]!.value).toEqual([new Keyword('isolated'), { n1: ['n2', 'n3', 'n4', 'n5'], n2: ['n1'], n3: ['n1'], n4: ['n1'], n5: ['n1'] }]);
    expect(history[24]!.value).toEqual(new Keyword('network-healed'));
  });

  it('is well-formed, and process 2 is retired after its indeterminate cas', () => {
    expect(() => assertWellFormed(history)).not.toThrow();
    const pairs = pairOps(history);
    const timedOut = pairs.find((p) => p.invoke.index === 15)!;
    expect(timedOut.complete?.type).toBe('info');
    expect(pairs.filter((p) => p.invoke.process === 2)).toHaveLength(2);
    expect(pairs.filter((p) => p.invoke.process === 'nemesis').map((p) => p.invoke.f)).toEqual(['start', 'stop']);
  });

  it('writes back a text Knossos reads the same way', () => {
    const text = formatHistoryEdn(history, { independent: true });
    expect(text.split('\n')[4]).toBe('{:type :invoke, :f :cas, :value [0 [3 1]], :process 3, :time 19840332, :index 4}');
    expect(text.split('\n')[18]).toBe('{:type :info, :f :cas, :value [1 [4 0]], :process 2, :time 10021502871, :index 18, :error :timeout}');
    expect(parseHistoryEdn(text, { independent: true })).toEqual(history);
  });

  it('is recognised as EDN by its extension or by its first form', () => {
    expect(detectHistoryFormat(fixture, 'store/etcd/latest/history.edn')).toBe('edn');
    expect(detectHistoryFormat(fixture)).toBe('edn');
    expect(detectHistoryFormat('{"index":0}\n')).toBe('jsonl');
    expect(parseHistory(fixture, { independent: true })).toEqual(history);
  });
});

describe('the other layouts Jepsen and Knossos use', () => {
  it('reads one vector of op maps, numbering ops without :index or :time by position (or refusing, when asked)', () => {
    const text = `[{:process 0, :type :invoke, :f :write, :value 3}
 {:process 0, :type :ok, :f :write, :value 3}
 {:process 1, :type :invoke, :f :cas, :value [3 4]}]`;
    const report = { untimed: false };
    expect(parseHistoryEdn(text, { report })).toEqual([
      { index: 0, process: 0, type: 'invoke', f: 'write', value: 3, time: 0 },
      { index: 1, process: 0, type: 'ok', f: 'write', value: 3, time: 1 },
      { index: 2, process: 1, type: 'invoke', f: 'cas', value: [3, 4], time: 2 },
    ]);
    expect(report.untimed).toBe(true);
    expect(errorOf(() => parseHistoryEdn(text, { missingTime: 'error' })).message).toBe(
      'history.edn form 1 (line 1): field :time is missing',
    );
  });

  it('reads #jepsen.history.Op records and multi-key map values, ignoring keys an Op has no place for', () => {
    const text = `#jepsen.history.Op{:index 0, :time 5, :type :invoke, :process 0, :f :txn, :value {:k1 3, "k 2" nil}, :clock-offsets {"n1" 0.2}}\n`;
    expect(parseHistoryEdn(text)).toEqual([{ index: 0, process: 0, type: 'invoke', f: 'txn', value: { k1: 3, 'k 2': null }, time: 5 }]);
  });

  it('keeps an error that is not a simple name as its EDN text', () => {
    const text = `{:type :fail, :f :acquire, :value nil, :process 4, :time 9, :index 0, :error [:not-found "lock1"]}`;
    expect(parseHistoryEdn(text)[0]!.error).toBe('[:not-found "lock1"]');
  });

  it('writes our own fields so that they come back', () => {
    const ops: Op[] = [
      { index: 0, process: 3, type: 'ok', f: 'try lock', value: { token: 12, 'lock path': '/ls/a' }, time: 40, key: '/ls/a', node: 'c3', localMonoNs: 38, localWallNs: -2, error: 'stale token!' },
    ];
    const text = formatHistoryEdn(ops);
    expect(text).toBe(
      '{:type :ok, :f "try lock", :value {:token 12 "lock path" "/ls/a"}, :process 3, :time 40, :index 0, :error "stale token!", :key "/ls/a", :node "c3", :local-mono-ns 38, :local-wall-ns -2}\n',
    );
    expect(parseHistoryEdn(text)).toEqual(ops);
  });
});

describe('malformed EDN is refused with the line and field at fault', () => {
  it.each([
    [`{:type :invoke, :f :read, :value nil, :process 0, :time 1, :index 0}\n{:type :done, :f :read, :value 1, :process 0, :time 2, :index 1}`, 'history.edn form 2 (line 2): field :type must be one of :invoke|:ok|:fail|:info, got :done'],
    [`{:type :ok, :f :read, :value nil, :process "p0", :time 1, :index 0}`, 'history.edn form 1 (line 1): field :process must be a non-negative integer or :nemesis, got "p0"'],
    [`{:type :ok, :f :read, :value nil, :process 0, :time -4, :index 0}`, 'history.edn form 1 (line 1): field :time must be a non-negative number of nanoseconds, got -4'],
    [`{:type :ok, :f :read, :process 0, :time 1, :index 0, :f :write}`, 'history.edn form 1 (line 1): field :f appears twice'],
    [`{:type :ok, :value nil, :process 0, :time 1, :index 0}`, 'history.edn form 1 (line 1): field :f is missing'],
    [`{:type :ok, :f :read, :value nil, :process 0, :time 1, :index 0}\n\n{:type :ok, :f :read, :value nil,\n :process 0, :time 2 :index}`, 'history.edn line 3: the map opened here has a key without a value'],
    [`{:type :ok, :f :read, :value [1 2, :process 0, :time 1, :index 0}`, "history.edn line 1: '}' cannot close the '[' opened on line 1"],
    [`{:type :ok, :f :read, :value nil, :process 0, :time 1, :index 0}\n{:type :ok, :f :read`, "history.edn line 2: '{' opened here is never closed"],
    [`{:type :ok, :f :read, :value "abc, :process 0, :time 1, :index 0}`, 'history.edn line 1: a string opened here is never closed'],
    [`{:type :ok, :f :read, :value nil, :process 0, :time 1, :index 0}\n]`, "history.edn line 2: ']' closes nothing"],
    [`{:type :ok, :f :read, :value nil, :process 0, :time 1, :index 0}\n[1 2]\n`, 'history.edn form 2 (line 2): the operation must be an EDN map, got "[1 2]"'],
    [`{:type :ok, :f :read, :value "\\q", :process 0, :time 1, :index 0}`, 'history.edn form 1 (line 1): the operation is not valid EDN (Unexpected escape character: \\q)'],
    [`{:type :ok, :f :read, :value 1e999, :process 0, :time 1, :index 0}`, 'history.edn form 1 (line 1): field :value cannot be read: value is Infinity'],
    [`{:type :ok, :f :read, :value nil, :process 0, :time 1}\n{:type :ok, :f :read, :value nil, :process 0, :time 2, :index 1}`, 'history.edn form 1 (line 1): field :index is missing, though other operations have one'],
  ])('%s', (text, message) => {
    expect(errorOf(() => parseHistoryEdn(text)).message.startsWith(message)).toBe(true);
  });

  it('names the field when an independent history has a value that is not a [key value] tuple', () => {
    const text = `{:type :invoke, :f :read, :value nil, :process 0, :time 1, :index 0}`;
    const e = errorOf(() => parseHistoryEdn(text, { independent: true }));
    expect(e.message).toBe('history.edn form 1 (line 1): field :value must be an independent tuple [key value], got nil');
    expect(e.field).toBe(':value');
  });

  it('counts forms inside a vector, with their own lines', () => {
    const text = `[{:type :invoke, :f :read, :value nil, :process 0, :time 1, :index 0}\n ;; a comment\n {:type :ok, :f :read, :value nil, :process :nobody, :time 2, :index 1}]`;
    expect(errorOf(() => parseHistoryEdn(text)).message).toBe(
      'history.edn form 2 (line 3): field :process must be a non-negative integer or :nemesis, got :nobody',
    );
  });
});
