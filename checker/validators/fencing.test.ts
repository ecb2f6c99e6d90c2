import { describe, expect, it } from 'vitest';
import { checkFencing } from './fencing.js';
import { grant, historyOf, s } from './testing/records.js';

describe('fencing-token monotonicity (FM)', () => {
  it('passes grants whose tokens rise across a failover, and shared holders granted together', () => {
    const r = checkFencing({
      history: [],
      grants: [
        grant('c1', 5, 1, 2),
        grant('c2', 9, 4, 5), // a new leader: tokens jump, never fall
        grant('c3', 12, 6, 7, { mode: 'shared' }),
        grant('c4', 12, 6, 7, { mode: 'shared' }),
        grant('c1', 3, 1.5, 2, { lock: '/ls/other' }),
      ],
    });
    expect(r.violations).toEqual([]);
    expect(r.stats).toEqual({ grants: 5, acquiresWithToken: 0, sources: ['grants'], regressions: 0 });
  });

  it('catches a snapshot restore that hands out a token again', () => {
    const r = checkFencing({ history: [], grants: [grant('c1', 5, 1, 2), grant('c2', 7, 3, 4), grant('c3', 6, 5, null)] });
    expect(r.violations).toHaveLength(1);
    const v = r.violations[0]!;
    expect([v.kind, v.checker, v.at]).toEqual(['FM', 'fencing', s(5)]);
    expect(v.explanation).toBe(
      '/ls/lock1 was granted to c3 with token 6 at 5s, after c2 had been granted token 7 at 3s; ' +
        'the tokens of a lock must strictly increase, so the resource cannot tell the newer holder from the older.',
    );
  });

  it('catches two exclusive grants with one token', () => {
    const r = checkFencing({ history: [], grants: [grant('c1', 5, 1, 2), grant('c2', 5, 3, 4)] });
    expect(r.violations.map((v) => v.kind)).toEqual(['FM']);
  });

  it('passes overlapping acquires that return out of token order', () => {
    // c2 is granted 8 before c1's reply with 7 arrives: concurrent, so no order is promised.
    const r = checkFencing({
      history: historyOf([
        [0, 'acquire', 1, 'ok', 3, { token: 7 }],
        [1, 'acquire', 1.5, 'ok', 2.5, { token: 8 }],
        [0, 'try-lock', 4, 'ok', 4.5, 9],
        [1, 'acquire', 5, 'fail', 5.5, null],
      ]),
    });
    expect(r.violations).toEqual([]);
    expect(r.stats.sources).toEqual(['acquires']);
    expect(r.stats.acquiresWithToken).toBe(3);
  });

  it('catches an acquire that returned a lower token after a higher one had been returned', () => {
    const r = checkFencing({
      history: historyOf([
        [0, 'acquire', 1, 'ok', 2, { token: 7 }],
        [1, 'acquire', 3, 'ok', 4, { token: 6 }],
      ]),
    });
    expect(r.violations).toHaveLength(1);
    const v = r.violations[0]!;
    expect(v.kind).toBe('FM');
    expect(v.ops).toEqual([0, 1, 2, 3]);
    expect(v.explanation).toBe(
      "process 1's acquire of /ls/lock1 (ops 2–3) returned token 6, but process 0's acquire (ops 0–1) had already returned token 7 at 2s, before process 1's began at 3s.",
    );
  });

  it('says it was skipped when there are neither grants nor tokens', () => {
    const r = checkFencing({ history: historyOf([[0, 'acquire', 1, 'ok', 2, null]]) });
    expect(r.skipped).toBe('the run recorded no grants and no acquire returned a token');
  });
});
