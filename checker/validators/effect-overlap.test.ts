import { describe, expect, it } from 'vitest';
import { checkEffectOverlap } from './effect-overlap.js';
import { grant, s, write } from './testing/records.js';

describe('effect overlap (ME-effect)', () => {
  it('passes a fenced resource that refused the zombie’s stale write', () => {
    const r = checkEffectOverlap({
      history: [],
      resourceLog: [
        write('c1', 5, 1),
        write('c2', 6, 3),
        write('c1', 5, 3.5, { accepted: false, reason: 'stale-token' }),
        write('c2', 6, 3.8),
        write('c3', 9, 5, { lock: '/ls/lock2' }),
      ],
    });
    expect(r.violations).toEqual([]);
    expect(r.skipped).toBeUndefined();
    expect(r.stats).toEqual({ writes: 5, accepted: 4, refused: 1, inferredTokens: 0, unplaced: 0, outOfOrder: 0 });
  });

  it('catches a paused holder’s write accepted after the next holder’s (A, B, A)', () => {
    const r = checkEffectOverlap({
      history: [],
      resourceLog: [write('c1', 5, 1), write('c2', 6, 3), write('c1', 5, 3.5)],
    });
    expect(r.violations).toHaveLength(1);
    const v = r.violations[0]!;
    expect([v.kind, v.checker, v.at]).toEqual(['ME-effect', 'effect-overlap', s(3.5)]);
    expect(v.explanation).toBe(
      "the resource accepted c1's write to /ls/lock1 with token 5 at 3.5s, after it had already accepted c2's write with token 6 at 3s; " +
        'the writes of the two holders interleaved: c1 at 1s, c2 at 3s, c1 again at 3.5s.',
    );
    expect(v.detail).toMatchObject({ lock: '/ls/lock1', window: { start: s(3), end: s(3.5) }, clients: ['c2', 'c1'], tokens: [6, 5] });
  });

  it('catches a write with a lower token from a client that had not written before', () => {
    const r = checkEffectOverlap({ history: [], resourceLog: [write('c2', 8, 2), write('c1', 7, 2.5)] });
    expect(r.violations.map((v) => v.kind)).toEqual(['ME-effect']);
    expect(r.violations[0]!.explanation).toContain('c1 acted on an older grant after c2 had started on a newer one');
  });

  it('catches two clients writing with one token', () => {
    const r = checkEffectOverlap({ history: [], resourceLog: [write('c1', 4, 1), write('c2', 4, 2)] });
    expect(r.violations.map((v) => v.kind)).toEqual(['ME-effect']);
    expect(r.violations[0]!.explanation).toContain('from two clients with the same token 4');
  });

  it('places writes that carried no token by the writer’s grants, and catches the zombie', () => {
    const r = checkEffectOverlap({
      history: [],
      grants: [grant('c1', 5, 0.5, 2), grant('c2', 6, 2.1, null)],
      resourceLog: [write('c1', null, 1), write('c2', null, 3), write('c1', null, 3.5)],
    });
    expect(r.stats.inferredTokens).toBe(3);
    expect(r.violations.map((v) => v.kind)).toEqual(['ME-effect']);
    expect(r.violations[0]!.explanation).toContain('with token 5 (from its grant; the write carried none) at 3.5s');
  });

  it('passes the same untokened writes when the holders took turns', () => {
    const r = checkEffectOverlap({
      history: [],
      grants: [grant('c1', 5, 0.5, 2), grant('c2', 6, 2.1, 4), grant('c1', 7, 4.2, null)],
      resourceLog: [write('c1', null, 1), write('c2', null, 3), write('c1', null, 4.5)],
    });
    expect(r.violations).toEqual([]);
  });

  it('says it was skipped when there is no resource log, or no write can be placed', () => {
    expect(checkEffectOverlap({ history: [] }).skipped).toBe('the run recorded no resource log');
    const r = checkEffectOverlap({ history: [], resourceLog: [write('c1', null, 1), write('c2', null, 2)] });
    expect(r.skipped).toBe('no accepted write carried a token and no grant was recorded to place them by');
  });
});
