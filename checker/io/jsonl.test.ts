import { describe, expect, it } from 'vitest';
import type { Op } from '../history.js';
import { HistoryFormatError } from './errors.js';
import { formatHistoryJsonl, parseHistoryJsonl } from './jsonl.js';

const acquire: Op[] = [
  { index: 0, process: 0, type: 'invoke', f: 'acquire', value: null, time: 1_000, node: 'c1', key: '/ls/lock1' },
  { index: 1, process: 'nemesis', type: 'info', f: 'pause', value: ['n2'], time: 1_500 },
  { index: 2, process: 0, type: 'ok', f: 'acquire', value: { token: 7 }, time: 2_000, node: 'c1', key: '/ls/lock1', localMonoNs: 1_990, localWallNs: -40 },
  { index: 3, process: 1, type: 'invoke', f: 'write', value: 3, time: 2_100 },
  { index: 4, process: 1, type: 'info', f: 'write', value: 3, time: 9_000, error: 'timeout' },
];

function thrown(f: () => unknown): HistoryFormatError {
  try {
    f();
  } catch (e) {
    if (e instanceof HistoryFormatError) return e;
    throw e;
  }
  throw new Error('expected a HistoryFormatError');
}

describe('history.jsonl', () => {
  it('reads back exactly what it wrote, one op per line', () => {
    const text = formatHistoryJsonl(acquire);
    expect(text.split('\n')).toHaveLength(acquire.length + 1);
    expect(text.startsWith('{"index":0,"process":0,"type":"invoke","f":"acquire","value":null,"time":1000,')).toBe(true);
    expect(parseHistoryJsonl(text)).toEqual(acquire);
  });

  it('reads what JSON.stringify of an op gives, in any field order, with blank lines and an absent value', () => {
    const text = `\n{"time":5,"f":"read","type":"invoke","process":2,"index":0}\n\n`;
    expect(parseHistoryJsonl(text)).toEqual([{ index: 0, process: 2, type: 'invoke', f: 'read', value: null, time: 5 }]);
  });

  it('names the line and the field of a bad type', () => {
    const lines = formatHistoryJsonl(acquire).split('\n');
    lines[6 - 1] = '';
    lines.splice(6, 0, '{"index":5,"process":2,"type":"done","f":"read","value":null,"time":9100}');
    const e = thrown(() => parseHistoryJsonl(lines.join('\n')));
    expect(e.message).toBe(`history.jsonl line 7: field 'type' must be one of invoke|ok|fail|info, got "done"`);
    expect([e.line, e.field]).toEqual([7, 'type']);
  });

  it.each([
    ['{"index":-1,"process":0,"type":"ok","f":"r","time":1}', `field 'index' must be a non-negative integer, got -1`],
    ['{"index":0,"process":"client","type":"ok","f":"r","time":1}', `field 'process' must be a non-negative integer or "nemesis", got "client"`],
    ['{"index":0,"process":0,"type":"ok","f":"","time":1}', `field 'f' must be a non-empty string, got ""`],
    ['{"index":0,"process":0,"type":"ok","f":"r","time":"soon"}', `field 'time' must be a non-negative number of nanoseconds, got "soon"`],
    ['{"index":0,"process":0,"type":"ok","f":"r","time":1,"node":7}', `field 'node' must be a string, got 7`],
    ['{"index":0,"process":0,"type":"ok","f":"r","time":1,"proces":1}', `field 'proces' is not a field of an operation`],
    ['[1,2]', 'the operation must be a JSON object, got [1,2]'],
    ['{"index":0,', 'not valid JSON'],
  ])('rejects %s', (line, reason) => {
    const e = thrown(() => parseHistoryJsonl(`${line}\n`, { source: 'runs/7/history.jsonl' }));
    expect(e.message.startsWith(`runs/7/history.jsonl line 1: ${reason}`)).toBe(true);
  });

  it('times ops by position when none has a time, and refuses a file where only some have one', () => {
    const report = { untimed: false };
    const ops = parseHistoryJsonl('{"index":0,"process":0,"type":"invoke","f":"r"}\n{"index":1,"process":0,"type":"ok","f":"r","value":3}\n', { report });
    expect(ops.map((op) => op.time)).toEqual([0, 1]);
    expect(report.untimed).toBe(true);
    expect(() => parseHistoryJsonl('{"index":0,"process":0,"type":"invoke","f":"r","time":5}\n{"index":1,"process":0,"type":"ok","f":"r"}\n')).toThrow(
      "history.jsonl position 1: field 'time' is missing, though other operations have one",
    );
  });

  it('reads integers beyond 2^53 exactly, as bigints, and writes them back unchanged', () => {
    const line = '{"index":0,"process":0,"type":"ok","f":"read","value":[9007199254740993,1.5,9007199254740992],"time":1}';
    const [op] = parseHistoryJsonl(line);
    expect(op!.value).toEqual([9007199254740993n, 1.5, 9007199254740992]);
    expect(formatHistoryJsonl([op!]).trim()).toBe(line);
  });

  it('refuses to write an op that would not read back equal, naming its position', () => {
    const bad = [acquire[0]!, { ...acquire[1]!, value: [1, Number.NaN] }];
    expect(() => formatHistoryJsonl(bad)).toThrow(`history.jsonl position 1: field 'value' must be JSON data: value[1] is NaN`);
  });
});
