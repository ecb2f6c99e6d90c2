import { describe, expect, it } from 'vitest';
import type { Op, RunRecord, Violation } from '../../checker/history.js';
import { focusViolation } from './violation-focus.js';

const history: Op[] = [
  { index: 0, process: 0, type: 'invoke', f: 'write', value: 1, time: 100, key: 'k1' },
  { index: 1, process: 1, type: 'invoke', f: 'read', value: null, time: 150, key: 'k1' },
  { index: 2, process: 0, type: 'ok', f: 'write', value: 1, time: 200, key: 'k1' },
  { index: 3, process: 1, type: 'ok', f: 'read', value: 0, time: 400, key: 'k1' },
];

const record: RunRecord = {
  history,
  beliefs: [
    { client: 'c1', lock: '/ls/a', token: 7, mode: 'exclusive', start: 1000, end: 5000 },
    { client: 'c2', lock: '/ls/a', token: 8, mode: 'exclusive', start: 3000, end: 4000 },
    { client: 'c2', lock: '/ls/b', token: 7, mode: 'exclusive', start: 3000, end: 4000 },
  ],
  resourceLog: [
    { time: 3500, lock: '/ls/a', client: 'c2', token: 8, accepted: true },
    { time: 4500, lock: '/ls/a', client: 'c1', token: 7, accepted: true },
    { time: 4600, lock: '/ls/b', client: 'c2', token: 7, accepted: true },
  ],
};

function v(over: Partial<Violation>): Violation {
  return { kind: 'ME-belief', explanation: '', ops: [], at: 3000, ...over };
}

describe('focusViolation', () => {
  it('finds the overlapping beliefs and their writes by lock and tokens, and zooms to the stated overlap', () => {
    const f = focusViolation(v({ detail: { lock: '/ls/a', tokens: [7, 8], overlap: { start: 3000, end: 4000 } } }), record);
    expect(f).toMatchObject({ subject: '/ls/a', start: 3000, end: 4000, beliefs: [0, 1], writes: [0, 1] });
  });

  it('reads tokens and clients from nested detail such as a list of beliefs', () => {
    const f = focusViolation(v({ detail: { lock: '/ls/a', beliefs: [{ client: 'c1', token: 7 }, { client: 'c2', token: 8 }] } }), record);
    expect(f.beliefs).toEqual([0, 1]);
    expect([f.start, f.end]).toEqual([1000, 5000]);
  });

  it('falls back to the span of the operations involved, and names their key', () => {
    const f = focusViolation(v({ kind: 'LIN', ops: [1, 3], at: 400, detail: { linearizablePrefix: [0, 2, 99] } }), record);
    expect(f).toMatchObject({ subject: 'k1', start: 150, end: 400, ops: [1, 3], prefix: [0, 2], beliefs: [] });
  });

  it('never gives an empty window', () => {
    const f = focusViolation(v({ at: 5000 }), record);
    expect(f.end).toBeGreaterThan(f.start);
    expect(f.start).toBeLessThanOrEqual(5000);
    expect(f.end).toBeGreaterThanOrEqual(5000);
  });
});

describe('focusViolation on a window the run ended inside', () => {
  it('ends the window where the involved beliefs end', () => {
    const f = focusViolation(
      v({ at: 3000, detail: { lock: '/ls/a', tokens: [7, 8], overlap: { start: 3000, end: null } } }),
      record,
    );
    expect([f.start, f.end]).toEqual([3000, 5000]);
  });
});
