import { describe, expect, it } from 'vitest';
import { parseTraceLines, traceEventOf, TraceFormatError } from './trace.js';

describe('a trace read back from a file is parsed into the closed union', () => {
  it('a known kind keeps its typed fields and the event as it was written', () => {
    const raw = { seq: 3, t: 10, kind: 'lock:grant', node: 'n1', data: { lockKind: 'file', lock: '/ls/L', owner: 's1', client: 'c1', token: 7, mode: 'exclusive', request: { index: 4 }, index: 4 } };
    const e = traceEventOf(raw);
    expect(e).toBe(raw);
    if (e.kind !== 'lock:grant') throw new Error('narrowing failed');
    expect([e.data.client, e.data.token]).toEqual(['c1', 7]);
  });

  it("a kind lockstep does not know (a system's own log line) is kept as `other` with its name", () => {
    const e = traceEventOf({ seq: 0, t: 5, kind: 'my-cache-miss', node: 's1', data: { key: 'x' } });
    expect(e).toEqual({ seq: 0, t: 5, kind: 'other', name: 'my-cache-miss', node: 's1', data: { key: 'x' } });
    // Written back and read again, it stays what it is.
    expect(parseTraceLines(JSON.stringify(e))).toEqual([e]);
  });

  it('a known kind with a wrong field is an error naming the kind and the field', () => {
    expect(() => traceEventOf({ seq: 1, t: 0, kind: 'resource-write', data: { lock: 'L', client: 'c1', token: 'seven', accepted: true } })).toThrow(
      /resource-write.*field "token"/,
    );
    expect(() => traceEventOf({ seq: 1, t: 0, kind: 'sentinel-failover' })).toThrow(/sentinel-failover\) has no data/);
  });

  it('a bad line is an error naming the line', () => {
    const good = JSON.stringify({ seq: 0, t: 0, kind: 'pause', node: 'c1' });
    expect(() => parseTraceLines(`${good}\n{oops`, 'run/trace.jsonl')).toThrow(new TraceFormatError('run/trace.jsonl line 2 is not valid JSON'));
    expect(() => parseTraceLines(`${good}\n{"t":1,"kind":"pause"}`, 'run/trace.jsonl')).toThrow(/line 2: .*"seq"/);
  });
});
