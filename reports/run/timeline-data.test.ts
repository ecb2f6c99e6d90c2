import { describe, expect, it } from 'vitest';
import type { Op, RunRecord } from '../../checker/history.js';
import { traceEventOf, type TraceEvent } from '../../checker/trace.js';
import type { RunResult } from '../types.js';
import { OUTCOMES, ROLES, SESSION_STATES, buildTimeline, faultClass, faultsFromTrace } from './timeline-data.js';

const MS = 1_000_000;

function result(over: Partial<RunResult> = {}): RunResult {
  return {
    scenario: 's',
    design: 'unsafe',
    seed: 1,
    valid: true,
    violations: [],
    stats: {},
    traceHash: '0',
    simTimeNs: 1000 * MS,
    wallMs: 1,
    repro: 'npx lockstep run s --seed 1',
    params: {},
    ...over,
  };
}

function op(index: number, process: number | 'nemesis', type: Op['type'], f: string, time: number, extra: Partial<Op> = {}): Op {
  return { index, process, type, f, value: null, time, ...extra };
}

function ev(seq: number, t: number, kind: string, node?: string, data?: Record<string, unknown>): TraceEvent {
  const e: { seq: number; t: number; kind: string; node?: string; data?: Record<string, unknown> } = { seq, t, kind };
  if (node !== undefined) e.node = node;
  if (data !== undefined) e.data = data;
  return traceEventOf(e);
}

describe('client lanes', () => {
  const history: Op[] = [
    op(0, 0, 'invoke', 'acquire', 10 * MS, { node: 'c1', key: '/ls/a' }),
    op(1, 10, 'invoke', 'acquire', 12 * MS, { node: 'c10' }),
    op(2, 0, 'ok', 'acquire', 20 * MS, { node: 'c1', value: 4 }),
    op(3, 'nemesis', 'invoke', 'partition', 25 * MS),
    op(4, 10, 'info', 'acquire', 30 * MS, { node: 'c10', error: 'timeout' }),
    op(5, 20, 'invoke', 'write', 40 * MS, { node: 'c10' }),
    op(6, 1, 'invoke', 'read', 50 * MS),
    op(7, 1, 'fail', 'read', 60 * MS),
  ];
  const t = buildTimeline(result(), { history }, []);

  it('gives each client node one lane, in natural order, and leaves the nemesis out', () => {
    expect(t.lanes.map((l) => l.label)).toEqual(['c1', 'c10', 'process 1']);
    expect(t.ops).toHaveLength(4);
  });

  it('spans each operation from invocation to completion, coloured by outcome', () => {
    const outcome = (i: number): string => OUTCOMES[t.ops[i]?.[3] as number] as string;
    expect(t.ops[0]?.slice(0, 3)).toEqual([0, 10 * MS, 20 * MS]);
    expect(outcome(0)).toBe('ok');
    expect(outcome(1)).toBe('info');
    expect(t.ops[1]?.[10]).toBe('timeout');
    expect(outcome(3)).toBe('fail');
  });

  it('draws an operation that never completed up to the end of the run', () => {
    expect(t.ops[2]?.[0]).toBe(1);
    expect(t.ops[2]?.[2]).toBe(1000 * MS);
    expect(OUTCOMES[t.ops[2]?.[3] as number]).toBe('pending');
  });
});

describe('lock lanes', () => {
  const record: RunRecord = {
    history: [],
    beliefs: [
      { client: 'c1', lock: 'L', token: 1, mode: 'exclusive', start: 0, end: 100 },
      { client: 'c2', lock: 'L', token: 2, mode: 'exclusive', start: 80, end: 150 },
      { client: 'c3', lock: 'L', token: 3, mode: 'exclusive', start: 200, end: null },
    ],
    grants: [{ lock: 'L', owner: 's1', client: 'c1', token: 1, mode: 'exclusive', at: 0, serverEnd: 60 }],
    resourceLog: [{ time: 90, lock: 'L', client: 'c1', token: 1, accepted: false, reason: 'stale-token' }],
  };
  const t = buildTimeline(result({ simTimeNs: 300 }), record, []);

  it('puts overlapping beliefs of one lock on separate rows, so the overlap shows', () => {
    expect(t.lanes.map((l) => `${l.kind}:${l.label}`)).toEqual([
      'belief:believed held by',
      'belief:…at the same time',
      'grant:granted by server',
      'writes:resource writes',
    ]);
    expect(t.beliefs.map((b) => b[0])).toEqual([0, 1, 0]);
  });

  it('keeps a belief that lasted to the end of the run open', () => {
    expect(t.beliefs[2]?.[2]).toBe(300);
    expect(t.beliefs[2]?.[7]).toBe(1);
  });

  it('marks refused writes with their reason', () => {
    expect(t.writes[0]).toEqual([3, 90, 0, 'c1', 1, 'stale-token', '', '']);
  });
});

describe('server lanes', () => {
  const trace = [
    ev(0, 0, 'role', 'n1', { role: 'follower', term: 0 }),
    ev(1, 10, 'role', 'n1', { role: 'candidate', term: 1 }),
    ev(2, 15, 'role', 'n1', { role: 'leader', term: 1 }),
    ev(3, 50, 'crash', 'n1', { mode: 'kill' }),
    ev(4, 70, 'restart', 'n1'),
    ev(5, 75, 'role', undefined, { node: 'n1', role: 'follower', term: 2 }),
    ev(6, 20, 'pause', 'n2'),
    ev(7, 40, 'resume', 'n2'),
    ev(8, 5, 'role', 'n2', { role: 'follower', term: 1 }),
  ];
  // No fault lanes: the record says no fault was injected (the crash and pause came from elsewhere).
  const t = buildTimeline(result({ simTimeNs: 100 }), { history: [], faults: [] }, trace);

  it('shows each server’s role and term over time, down while crashed', () => {
    const n1 = t.roles.filter((r) => r[0] === 0).map((r) => [r[1], r[2], ROLES[r[3]], r[4]]);
    expect(n1).toEqual([
      [0, 10, 'follower', 0],
      [10, 15, 'candidate', 1],
      [15, 50, 'leader', 1],
      [50, 70, 'down', 1],
      [70, 75, 'up', 1],
      [75, 100, 'follower', 2],
    ]);
  });

  it('records pauses on the paused process’s lane', () => {
    expect(t.pauses).toEqual([[1, 20, 40]]);
  });
});

describe('faults', () => {
  it('are read from the trace when the record carries none', () => {
    const trace = [
      ev(0, 10, 'partition', undefined, { pairs: ['n1>n2', 'n2>n1'] }),
      ev(1, 20, 'pause', 'c3'),
      ev(2, 30, 'heal-partition'),
      ev(3, 35, 'fault', undefined, { fault: 'clock-skew', targets: ['n4'], params: { deltaMs: 5 } }),
      ev(4, 40, 'resume', 'c3'),
      ev(5, 45, 'crash', 'n5'),
      ev(6, 50, 'heal'),
    ];
    expect(faultsFromTrace(trace)).toEqual([
      { fault: 'partition', targets: ['n1', 'n2'], start: 10, end: 30, params: { pairs: ['n1>n2', 'n2>n1'] } },
      { fault: 'pause', targets: ['c3'], start: 20, end: 40 },
      { fault: 'clock-skew', targets: ['n4'], start: 35, end: 50, params: { deltaMs: 5 } },
      { fault: 'crash', targets: ['n5'], start: 45, end: null },
    ]);
  });

  it('are classed for colour by name', () => {
    expect(['partition', 'gc-pause', 'clock-jump', 'kill', 'delay', 'membership'].map(faultClass)).toEqual([
      'partition',
      'pause',
      'clock',
      'crash',
      'network',
      'other',
    ]);
  });

  it('get one lane per kind, so many faults stack in a few thin rows, and tint only the lanes they target', () => {
    const history = [op(0, 0, 'invoke', 'read', 0, { node: 'c1' }), op(1, 0, 'ok', 'read', 1, { node: 'c1' })];
    const pauses = Array.from({ length: 9 }, (_, i) => ({ fault: 'pause', targets: [`c${i + 1}`], start: 20 + i, end: 60 }));
    const t = buildTimeline(result({ simTimeNs: 100 }), {
      history,
      faults: [{ fault: 'partition', targets: ['c1'], start: 10, end: 50 }, ...pauses, { fault: 'pause', targets: ['c9'], start: 70, end: null }],
    }, []);
    expect(t.lanes.map((l) => [l.kind, l.label, l.rows])).toEqual([
      ['faults', 'partition ×1', 1],
      ['faults', 'pause ×10', 4],
      ['client', 'c1', undefined],
    ]);
    expect(t.faults[0]?.slice(0, 6)).toEqual([0, 10, 50, 'c1', 0, [2]]);
    expect(Math.max(...t.faults.map((f) => f[9]))).toBe(3);
    expect(t.faults[t.faults.length - 1]?.[8]).toBe(1);
  });
});

describe('other processes', () => {
  it('get a lane when the trace saw them start, pause or crash, apart from the Raft servers', () => {
    const trace = [
      ev(0, 0, 'start', 's0'),
      ev(1, 0, 'start', 'resource'),
      ev(2, 0, 'role', 'n1', { role: 'follower', term: 0 }),
      ev(3, 10, 'crash', 'resource'),
    ];
    const t = buildTimeline(result({ simTimeNs: 20 }), { history: [], faults: [] }, trace);
    expect(t.lanes.map((l) => [l.kind, l.label])).toEqual([
      ['server', 'n1'],
      ['process', 'resource'],
      ['process', 's0'],
    ]);
    expect(t.roles.filter((r) => r[0] === 1).map((r) => ROLES[r[3]])).toEqual(['up', 'down']);
  });

  it('of a replicated store show primary, replica and promoted with their epoch, and sentinels as sentinels', () => {
    const trace = [
      ev(0, 0, 'store-start', 'n1', { role: 'primary', following: null, epoch: 0 }),
      ev(1, 0, 'store-start', 'n2', { role: 'replica', following: 'n1', epoch: 0 }),
      ev(2, 0, 'sentinel-start', 's1', { primary: 'n1', epoch: 0 }),
      ev(3, 10, 'crash', 'n1'),
      ev(4, 12, 'role', 'n2', { role: 'primary', following: null, epoch: 1, by: 's1' }),
      ev(5, 15, 'restart', 'n1'),
      ev(6, 15, 'store-start', 'n1', { role: 'primary', following: null, epoch: 0 }),
      ev(7, 16, 'role', 'n1', { role: 'replica', following: 'n2', epoch: 1, by: 's1' }),
    ];
    const t = buildTimeline(result({ simTimeNs: 20 }), { history: [], faults: [] }, trace);
    expect(t.lanes.map((l) => [l.label, l.group])).toEqual([
      ['n1', 'Stores: primary, replica or promoted, and epoch'],
      ['n2', 'Stores: primary, replica or promoted, and epoch'],
      ['s1', 'Sentinels: watch the stores, run failovers'],
    ]);
    const rolesOf = (lane: number): string[] => t.roles.filter((r) => r[0] === lane).map((r) => `${ROLES[r[3]]}@${r[4]}`);
    expect(rolesOf(0)).toEqual(['primary@0', 'down@0', 'primary@0', 'replica@1']);
    expect(rolesOf(1)).toEqual(['replica@0', 'promoted@1']);
    expect(rolesOf(2)).toEqual(['sentinel@-1']);
  });

  it('of a client show its session: connected, suspended, lost', () => {
    const history = [op(0, 1, 'invoke', 'try-lock', 0, { node: 'c1' }), op(1, 2, 'ok', 'try-lock', 0, { node: 'c1' })];
    const trace = [
      ev(0, 1, 'client-session', 'c1', { session: 's5', state: 'connected' }),
      ev(1, 5, 'client-session', 'c1', { session: 's5', state: 'suspended' }),
      ev(2, 7, 'client-session', 'c1', { session: 's5', state: 'reconnected' }),
      ev(3, 9, 'client-session', 'c1', { session: 's5', state: 'suspended' }),
      ev(4, 11, 'client-session', 'c1', { session: 's5', state: 'lost', reason: 'deadline' }),
    ];
    const t = buildTimeline(result({ simTimeNs: 20, params: { sidecars: 1 } }), { history }, trace);
    expect(t.lanes[0]?.group).toBe('Sidecars: operations, and the session each one holds');
    expect(t.sessions.map((s) => [s[1], s[2], SESSION_STATES[s[3]], s[4]])).toEqual([
      [1, 5, 'connected', 's5'],
      [5, 7, 'suspended', 's5'],
      [7, 9, 'connected', 's5'],
      [9, 11, 'suspended', 's5'],
      [11, 20, 'lost', 's5'],
    ]);
  });
});
