/**
 * Values are compared exactly, whichever format the history came in: a keyword is not a string,
 * big integers are not rounded, a number is not its digits, vectors compare element by element.
 * Each case is a write and a later read that differ only in that respect: not linearizable.
 */
import { describe, expect, it } from 'vitest';
import { parseHistoryEdn } from '../io/edn.js';
import { parseHistoryJsonl } from '../io/jsonl.js';
import { checkLinearizable } from './check.js';
import { makeModel } from './models/index.js';

const register = makeModel('register', { nilRead: 'value' });

function edn(written: string, read: string): boolean | 'unknown' {
  const text = [
    `{:process 0, :type :invoke, :f :write, :value ${written}}`,
    `{:process 0, :type :ok, :f :write, :value ${written}}`,
    `{:process 1, :type :invoke, :f :read, :value nil}`,
    `{:process 1, :type :ok, :f :read, :value ${read}}`,
  ].join('\n');
  return checkLinearizable(parseHistoryEdn(text), register).valid;
}

function jsonl(written: string, read: string): boolean | 'unknown' {
  const text = [
    `{"index":0,"process":0,"type":"invoke","f":"write","value":${written},"time":0}`,
    `{"index":1,"process":0,"type":"ok","f":"write","value":${written},"time":1}`,
    `{"index":2,"process":1,"type":"invoke","f":"read","value":null,"time":2}`,
    `{"index":3,"process":1,"type":"ok","f":"read","value":${read},"time":3}`,
  ].join('\n');
  return checkLinearizable(parseHistoryJsonl(text), register).valid;
}

describe('EDN values compare exactly', () => {
  it('a keyword is not the string of its name', () => {
    expect(edn(':a', '"a"')).toBe(false);
    expect(edn('"a"', ':a')).toBe(false);
    expect(edn(':a', ':a')).toBe(true);
    expect(edn(':a', ':b')).toBe(false);
  });

  it('a keyword inside a vector or a map is still a keyword', () => {
    expect(edn('[:a 1]', '["a" 1]')).toBe(false);
    expect(edn('{:x :a}', '{:x "a"}')).toBe(false);
    expect(edn('[:a 1]', '[:a 1]')).toBe(true);
  });

  it('big integers are exact', () => {
    expect(edn('9007199254740993', '9007199254740992')).toBe(false);
    expect(edn('9007199254740993', '9007199254740993')).toBe(true);
    expect(edn('123456789012345678901234567890N', '123456789012345678901234567890N')).toBe(true);
  });

  it('vectors compare element by element, and a number is not its digits', () => {
    expect(edn('[1 2]', '[2 1]')).toBe(false);
    expect(edn('[1 [2 3]]', '[1 [2 3]]')).toBe(true);
    expect(edn('1', '"1"')).toBe(false);
  });
});

describe('JSONL values compare exactly', () => {
  it('a string is not a number, nor the string ":a" a plain "a"', () => {
    expect(jsonl('1', '"1"')).toBe(false);
    expect(jsonl('":a"', '"a"')).toBe(false);
    expect(jsonl('"a"', '"a"')).toBe(true);
  });

  it('big integers are exact', () => {
    expect(jsonl('9007199254740993', '9007199254740992')).toBe(false);
    expect(jsonl('9007199254740993', '9007199254740993')).toBe(true);
  });

  it('arrays compare element by element, objects by content whatever the key order', () => {
    expect(jsonl('[1,2]', '[2,1]')).toBe(false);
    expect(jsonl('{"a":1,"b":[2]}', '{"b":[2],"a":1}')).toBe(true);
    expect(jsonl('{"a":1}', '{"a":1,"b":2}')).toBe(false);
  });
});

describe('models read names from keywords as Jepsen writes them', () => {
  it("a multi-register txn's :r and :w, and its keys", () => {
    const text = [
      '{:process 0, :type :invoke, :f :txn, :value [[:w :x 1]]}',
      '{:process 0, :type :ok, :f :txn, :value [[:w :x 1]]}',
      '{:process 1, :type :invoke, :f :txn, :value [[:r :x nil]]}',
      '{:process 1, :type :ok, :f :txn, :value [[:r :x 1]]}',
    ].join('\n');
    expect(checkLinearizable(parseHistoryEdn(text), makeModel('multi-register')).valid).toBe(true);
  });

  it("a multi-register txn in Knossos's spelling: [:read k v] and [:write k v]", () => {
    const text = [
      '{:process 0, :type :invoke, :f :txn, :value [[:write :x 1]]}',
      '{:process 0, :type :ok, :f :txn, :value [[:write :x 1]]}',
      '{:process 1, :type :invoke, :f :txn, :value [[:read :x nil] [:read :y nil]]}',
      '{:process 1, :type :ok, :f :txn, :value [[:read :x 1] [:read :y 0]]}',
    ].join('\n');
    expect(checkLinearizable(parseHistoryEdn(text), makeModel('multi-register', { initial: { x: 0, y: 0 } })).valid).toBe(true);
    expect(checkLinearizable(parseHistoryEdn(text), makeModel('multi-register', { initial: { x: 0, y: 5 } })).valid).toBe(false);
  });
});
