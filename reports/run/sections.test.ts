import { describe, expect, it } from 'vitest';
import type { Op, RunRecord } from '../../checker/history.js';
import { traceEventOf, type TraceEvent } from '../../checker/trace.js';
import { clockSeries, niceTicks, renderClockChart } from './clock-chart.js';
import { renderElections, summariseTerms } from './elections.js';
import { auditLeases, renderLeaseAudit } from './lease-audit.js';
import { countMessages, countOperations } from './message-counts.js';

const MS = 1_000_000;

function ev(seq: number, t: number, kind: string, node?: string, data?: Record<string, unknown>): TraceEvent {
  const e: { seq: number; t: number; kind: string; node?: string; data?: Record<string, unknown> } = { seq, t, kind };
  if (node !== undefined) e.node = node;
  if (data !== undefined) e.data = data;
  return traceEventOf(e);
}

describe('the lease audit', () => {
  const record: RunRecord = {
    history: [],
    grants: [
      { lock: 'L', owner: 's1', client: 'c1', token: 1, mode: 'exclusive', at: 0, serverEnd: 300 * MS },
      { lock: 'L', owner: 's2', client: 'c2', token: 2, mode: 'exclusive', at: 310 * MS, serverEnd: 600 * MS },
      { lock: 'L', owner: 's3', client: 'c3', token: 3, mode: 'exclusive', at: 610 * MS, serverEnd: null },
    ],
    beliefs: [
      { client: 'c1', lock: 'L', token: 1, mode: 'exclusive', start: 5 * MS, end: 700 * MS },
      { client: 'c2', lock: 'L', token: 2, mode: 'exclusive', start: 315 * MS, end: 590 * MS },
    ],
  };

  it('measures how long each client believed past the server’s end', () => {
    const audit = auditLeases(record, 1000 * MS);
    expect(audit.rows.map((r) => r.gapNs)).toEqual([400 * MS, -10 * MS, null]);
    expect(audit.worst?.client).toBe('c1');
    expect(audit.overrun).toBe(1);
  });

  it('names the worst gap in words', () => {
    expect(renderLeaseAudit(record, 1000 * MS)).toContain(
      'Worst gap: <strong>c1</strong> went on believing it held <strong>L</strong> (token 1) for <strong class="bad">400ms</strong>',
    );
  });
});

describe('elections and terms', () => {
  const trace = [
    ev(0, 10, 'role', 'n1', { role: 'candidate', term: 1 }),
    ev(1, 12, 'role', 'n2', { role: 'candidate', term: 1 }),
    ev(2, 20, 'role', 'n1', { role: 'leader', term: 1 }),
    ev(3, 50, 'crash', 'n1'),
    ev(4, 60, 'role', 'n3', { role: 'candidate', term: 2 }),
    ev(5, 65, 'role', 'n3', { role: 'leader', term: 2 }),
    ev(6, 66, 'role', 'n4', { role: 'leader', term: 2 }),
  ];

  it('tells who stood, who won, and for how long each leader led', () => {
    const terms = summariseTerms(trace);
    expect(terms.map((t) => [t.term, t.candidates, t.leaders.map((l) => [l.node, l.at, l.until])])).toEqual([
      [1, ['n1', 'n2'], [['n1', 20, 50]]],
      [2, ['n3'], [['n3', 65, null], ['n4', 66, null]]],
    ]);
  });

  it('calls out a term with two leaders', () => {
    expect(renderElections(trace)).toContain('Terms with two leaders: 2</strong>');
  });
});

describe('clock offsets', () => {
  it('follow each node’s drift between clock events', () => {
    const series = clockSeries(
      [ev(0, 0, 'clock', 'n1', { driftPpm: 100, wallOffsetNs: 0 }), ev(1, 1000 * MS, 'clock', 'n1', { driftPpm: 0, wallOffsetNs: 50 * MS })],
      2000 * MS,
    );
    expect(series).toEqual([
      { node: 'n1', points: [[0, 0], [1000 * MS, 100_000], [1000 * MS, 50 * MS], [2000 * MS, 50 * MS]], worstNs: 50 * MS, driftPpm: 0 },
    ]);
  });

  it('draws an SVG without any external reference', () => {
    const svg = renderClockChart([ev(0, 0, 'clock', 'n<1>', { driftPpm: 10, wallOffsetNs: 3 * MS })], 1000 * MS);
    expect(svg).toContain('<svg class="chart"');
    expect(svg).toContain('n&lt;1&gt;');
    expect(svg).not.toMatch(/xmlns|href|https?:/);
  });

  it('picks round tick values', () => {
    expect(niceTicks(0, 7_612_000_000, 6)).toEqual([0, 1e9, 2e9, 3e9, 4e9, 5e9, 6e9, 7e9]);
    expect(niceTicks(-3, 120, 4)).toEqual([0, 20, 40, 60, 80, 100, 120]);
  });
});

describe('operation and message counts', () => {
  const history: Op[] = [
    { index: 0, process: 0, type: 'invoke', f: 'acquire', value: null, time: 1 },
    { index: 1, process: 1, type: 'invoke', f: 'acquire', value: null, time: 2 },
    { index: 2, process: 0, type: 'ok', f: 'acquire', value: 1, time: 3 },
    { index: 3, process: 1, type: 'info', f: 'acquire', value: null, time: 4 },
    { index: 4, process: 0, type: 'invoke', f: 'release', value: null, time: 5 },
  ];

  it('count operations by function and outcome', () => {
    expect(countOperations(history)).toEqual([
      { f: 'acquire', invoked: 2, ok: 1, fail: 0, info: 1, pending: 0 },
      { f: 'release', invoked: 1, ok: 0, fail: 0, info: 0, pending: 1 },
    ]);
  });

  it('prefer the simulator’s message counters', () => {
    const stats = { messages: { Vote: { sent: 3, delivered: 2, dropped: 1 }, Append: { sent: 9, delivered: 9, dropped: 0 } } };
    expect(countMessages(stats, []).rows.map((r) => r.type)).toEqual(['Append', 'Vote']);
  });

  it('fall back to counting the trace’s send, deliver and drop events', () => {
    const trace = [
      ev(0, 1, 'send', 'n1', { type: 'Append' }),
      ev(1, 2, 'deliver', 'n2', { type: 'Append' }),
      ev(2, 3, 'drop', 'n1', { to: 'n3', type: 'Append', why: 'partition' }),
      ev(3, 4, 'send', 'n1'),
    ];
    expect(countMessages({}, trace)).toEqual({
      source: 'the trace',
      rows: [
        { type: '(untyped)', sent: 1, delivered: 0, dropped: 0 },
        { type: 'Append', sent: 1, delivered: 1, dropped: 1 },
      ],
    });
  });
});
