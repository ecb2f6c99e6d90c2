import { describe, expect, it } from 'vitest';
import { checkLiveness } from './liveness.js';
import { grant, historyOf, s } from './testing/records.js';

const bound = { boundNs: s(5) };

describe('liveness after the final heal (LV)', () => {
  it('passes a lock granted 2s after the heal to a client that was waiting through it', () => {
    const r = checkLiveness(
      {
        history: historyOf([[0, 'acquire', 8, 'ok', 12, { token: 9 }]]),
        grants: [grant('c1', 5, 2, 6), grant('c0', 9, 12, 13)],
        healAt: s(10),
        endAt: s(20),
      },
      bound,
    );
    expect(r.violations).toEqual([]);
    expect(r.skipped).toBeUndefined();
    expect(r.stats.locks).toEqual([{ lock: '/ls/lock1', wantedAt: s(10), grantedAt: s(12), delayNs: s(2), outcome: 'granted' }]);
    expect([r.stats.worstDelayNs, r.stats.worstDelayLock]).toEqual([s(2), '/ls/lock1']);
  });

  it('measures from the first acquire after the heal when nobody was waiting', () => {
    const r = checkLiveness(
      { history: historyOf([[0, 'acquire', 15, 'ok', 16, 3]]), healAt: s(10), endAt: s(20) },
      bound,
    );
    expect(r.violations).toEqual([]);
    expect(r.stats.locks[0]).toMatchObject({ wantedAt: s(15), delayNs: s(1) });
  });

  it('does not count a try-lock refused as held-by-other as the lock coming back', () => {
    const r = checkLiveness(
      {
        history: historyOf([
          [0, 'try-lock', 11, 'ok', 11.1, { result: 'held-by-other' }],
          [1, 'try-lock', 17, 'ok', 17.1, { result: 'ok', token: 20 }],
        ]),
        healAt: s(10),
        endAt: s(20),
      },
      bound,
    );
    expect(r.stats.locks[0]).toMatchObject({ wantedAt: s(11), grantedAt: s(17.1), outcome: 'late' });
    expect(r.violations.map((v) => v.kind)).toEqual(['LV']);
  });

  it('catches a lock granted only after its bound', () => {
    const r = checkLiveness({ history: historyOf([[0, 'acquire', 8, 'ok', 17, 9]]), healAt: s(10), endAt: s(20) }, bound);
    expect(r.violations).toHaveLength(1);
    const v = r.violations[0]!;
    expect([v.kind, v.checker, v.at]).toEqual(['LV', 'liveness', s(15)]);
    expect(v.explanation).toBe(
      "/ls/lock1 was wanted from the final heal at 10s (process 0's acquire, op 0) but first granted at 17s: 7s later, past its bound of 5s.",
    );
    expect(r.stats.worstDelayNs).toBe(s(7));
  });

  it('catches a deadlock: the holder expired and nobody was granted the lock again', () => {
    const r = checkLiveness(
      {
        history: historyOf([[1, 'acquire', 11, null, 0, null]]),
        grants: [grant('c1', 5, 2, 6, { endReason: 'expired' })],
        healAt: s(10),
        endAt: s(30),
      },
      bound,
    );
    expect(r.violations.map((v) => v.detail?.['outcome'])).toEqual(['deadlock']);
    expect(r.violations[0]!.explanation).toBe(
      "/ls/lock1 was wanted from 11s (process 1's acquire, op 0) but never granted again before the run ended at 30s (19s later; bound 5s): " +
        'its last holder c1 (token 5) had lost it at 6s (expired), yet nobody got it after, a deadlock.',
    );
    expect(r.stats.worstDelayNs).toBeNull();
  });

  it('catches a lock the service never freed', () => {
    const r = checkLiveness(
      { history: historyOf([[1, 'acquire', 11, null, 0, null]]), grants: [grant('c1', 5, 2, null)], healAt: s(10), endAt: s(30) },
      bound,
    );
    expect(r.violations.map((v) => [v.kind, v.detail?.['outcome']])).toEqual([['LV', 'never-freed']]);
  });

  it('cannot tell when the run ends within the bound, and says so', () => {
    const r = checkLiveness({ history: historyOf([[1, 'acquire', 11, null, 0, null]]), healAt: s(10), endAt: s(13) }, bound);
    expect(r.violations).toEqual([]);
    expect(r.stats.locks[0]!.outcome).toBe('inconclusive');
  });

  it('says it was skipped without a heal and without a max wait, or when nobody wanted a lock', () => {
    expect(checkLiveness({ history: [] }, bound).skipped).toBe('the run has no final heal (healAt) and no max wait was given');
    expect(checkLiveness({ history: historyOf([[0, 'acquire', 1, 'ok', 2, 1]]), healAt: s(10), endAt: s(20) }, bound).skipped).toBe(
      'no lock was wanted or granted after the final heal',
    );
  });
});

describe('max wait of one acquire (LV, herd and starvation)', () => {
  it('passes short waits and ignores refused tries', () => {
    const r = checkLiveness(
      {
        history: historyOf([
          [0, 'acquire', 1, 'ok', 2, 1],
          [1, 'try-lock', 1.5, 'fail', 1.6, null],
          [1, 'acquire', 2, 'ok', 3.5, 2],
        ]),
        endAt: s(5),
      },
      { ...bound, maxWaitNs: s(2) },
    );
    expect(r.violations).toEqual([]);
    expect([r.stats.waitsMeasured, r.stats.worstWaitNs]).toEqual([2, s(1.5)]);
  });

  it('catches a starved writer, whether it was granted late or was still waiting at the end', () => {
    const r = checkLiveness(
      {
        history: historyOf([
          [0, 'acquire', 1, 'ok', 4, 1],
          [1, 'acquire', 6, null, 0, null],
        ]),
        endAt: s(12),
      },
      { ...bound, maxWaitNs: s(2) },
    );
    expect(r.violations.map((v) => v.kind)).toEqual(['LV', 'LV']);
    expect(r.violations.map((v) => v.explanation)).toEqual([
      "process 0's acquire of /ls/lock1 waited 3s (from 1s) before it was granted, longer than the max wait of 2s.",
      "process 1's acquire of /ls/lock1 waited 6s (from 6s) and was still waiting when the run ended, longer than the max wait of 2s.",
    ]);
    expect(r.stats.worstWaitNs).toBe(s(6));
  });
});
