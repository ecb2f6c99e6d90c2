import { describe, expect, it } from 'vitest';
import { checkBeliefOverlap } from './belief-overlap.js';
import { belief, s } from './testing/records.js';

describe('belief overlap (ME-belief)', () => {
  it('passes a clean hand-off: c2 starts believing the instant c1 released', () => {
    const r = checkBeliefOverlap({
      history: [],
      beliefs: [belief('c1', 5, 1, 3, { endReason: 'released' }), belief('c2', 6, 3, 4), belief('c3', 7, 4.5, null)],
      endAt: s(10),
    });
    expect(r.violations).toEqual([]);
    expect(r.skipped).toBeUndefined();
    expect(r.stats).toEqual({ beliefs: 3, locks: 1, overlappingPairs: 0, worstOverlapNs: 0 });
  });

  it('lets shared holders overlap, and one client overlap itself', () => {
    const shared = { mode: 'shared' as const };
    const r = checkBeliefOverlap({
      history: [],
      beliefs: [belief('c1', 5, 1, 3, shared), belief('c2', 6, 2, 4, shared), belief('c3', 9, 5, 7), belief('c3', 10, 6, 8)],
    });
    expect(r.violations).toEqual([]);
  });

  it('passes two clients holding different locks at once', () => {
    const r = checkBeliefOverlap({ history: [], beliefs: [belief('c1', 5, 1, 3), belief('c2', 6, 2, 4, { lock: '/ls/lock2' })] });
    expect(r.violations).toEqual([]);
    expect(r.stats.locks).toBe(2);
  });

  it('catches a paused holder that still believed while the next one was granted', () => {
    const r = checkBeliefOverlap({
      history: [],
      beliefs: [
        belief('c1', 5, 1, 3.4, { endReason: 'deadline', op: 2 }),
        belief('c2', 6, 2, 4, { op: 9, endReason: 'released' }),
      ],
    });
    expect(r.violations).toHaveLength(1);
    const v = r.violations[0]!;
    expect(v.kind).toBe('ME-belief');
    expect(v.checker).toBe('belief-overlap');
    expect(v.at).toBe(s(2));
    expect(v.ops).toEqual([2, 9]);
    expect(v.detail).toMatchObject({ lock: '/ls/lock1', overlap: { start: s(2), end: s(3.4) }, clients: ['c1', 'c2'], tokens: [5, 6] });
    expect(v.explanation).toBe(
      'c1 (token 5) and c2 (token 6) both believed they held /ls/lock1 exclusively from 2s to 3.4s (1.4s): ' +
        'c1 believed from 1s to 3.4s (ended: deadline), c2 believed from 2s to 4s (ended: released); ' +
        'c2 started believing at 2s while c1 still did.',
    );
    expect(r.stats.worstOverlapNs).toBe(s(1.4));
  });

  it('catches a shared reader overlapping an exclusive writer, and a belief that never ended', () => {
    const r = checkBeliefOverlap({
      history: [],
      beliefs: [belief('c1', 5, 1, null), belief('c2', 6, 2, 3, { mode: 'shared' })],
      endAt: s(6),
    });
    expect(r.violations.map((v) => v.kind)).toEqual(['ME-belief']);
    expect(r.violations[0]!.explanation).toContain('(one of them exclusively) from 2s to 3s');
    expect(r.violations[0]!.explanation).toContain('c1 believed from 1s until the run ended');
  });

  it('lists at most maxViolations but counts every overlapping pair', () => {
    const beliefs = [belief('zombie', 1, 0, null), ...[2, 3, 4, 5].map((t) => belief(`c${t}`, t, t, t + 0.5))];
    const r = checkBeliefOverlap({ history: [], beliefs }, { maxViolations: 2 });
    expect(r.violations).toHaveLength(2);
    expect(r.stats.overlappingPairs).toBe(4);
    expect(r.stats.worstOverlapNs).toBe(s(0.5));
  });

  it('says it was skipped when the run recorded no beliefs', () => {
    const r = checkBeliefOverlap({ history: [] });
    expect(r.skipped).toBe('the run recorded no client beliefs');
    expect(r.violations).toEqual([]);
  });
});
