import { describe, expect, it } from 'vitest';
import { checkLeaseAudit } from './lease-audit.js';
import { belief, grant, s } from './testing/records.js';

describe('lease audit', () => {
  it('measures a conservative client: it stopped believing before the service let go', () => {
    const r = checkLeaseAudit({
      history: [],
      grants: [grant('c1', 5, 1, 11, { endReason: 'expired' }), grant('c2', 6, 11.5, null)],
      beliefs: [belief('c1', 5, 1.1, 9.5, { endReason: 'deadline' }), belief('c2', 6, 11.6, null)],
      endAt: s(20),
    });
    expect(r.violations).toEqual([]);
    expect(r.stats).toMatchObject({ grants: 2, unbelieved: 0, overruns: 0, overrunsWithSuccessor: 0, worstGapNs: s(-1.5) });
    expect(r.stats.rows[1]).toEqual({
      lock: '/ls/lock1',
      client: 'c2',
      owner: 's-c2',
      token: 6,
      grantedAt: s(11.5),
      serverEnd: null,
      believedStart: s(11.6),
      believedEnd: s(20),
      believedToRunEnd: true,
      gapNs: null,
    });
  });

  it('records an overrun nobody could exploit as a stat, not a violation', () => {
    const r = checkLeaseAudit({
      history: [],
      grants: [grant('c1', 5, 1, 6), grant('c2', 6, 9, 10)],
      beliefs: [belief('c1', 5, 1.1, 8)],
    });
    expect(r.violations).toEqual([]);
    expect(r.stats).toMatchObject({ overruns: 1, overrunsWithSuccessor: 0, unbelieved: 1, worstGapNs: s(2) });
    expect(r.stats.worst).toMatchObject({ client: 'c1', token: 5 });
  });

  it('catches a client that believed past the server’s end while the lock went to another', () => {
    const r = checkLeaseAudit({
      history: [],
      grants: [grant('c1', 5, 1, 5, { endReason: 'expired' }), grant('c2', 6, 5.5, 9)],
      beliefs: [belief('c1', 5, 1.1, 7, { op: 3 }), belief('c2', 6, 5.6, 9)],
    });
    expect(r.violations).toHaveLength(1);
    const v = r.violations[0]!;
    expect([v.kind, v.checker, v.at, v.ops]).toEqual(['ME-belief', 'lease-audit', s(5.5), [3]]);
    expect(v.explanation).toBe(
      'c1 believed it held /ls/lock1 (token 5) until 7s, but the service had ended that grant at 5s (expired) and granted the lock to c2 (token 6) at 5.5s: ' +
        'c1 went on believing for 1.5s after the lock had passed to c2.',
    );
    expect(v.detail).toMatchObject({ lock: '/ls/lock1', window: { start: s(5), end: s(7) }, clients: ['c1', 'c2'], tokens: [5, 6], gapNs: s(2) });
  });

  it('reads a later belief under a reissued token as that later grant, not the earlier one overstayed', () => {
    // The service lost c1's first grant of token 5 and handed token 5 to c1 again later.
    const r = checkLeaseAudit({
      history: [],
      grants: [grant('c1', 5, 1, 2), grant('c2', 6, 3, 4), grant('c1', 5, 10, 12)],
      beliefs: [belief('c1', 5, 1.1, 2), belief('c2', 6, 3.1, 4), belief('c1', 5, 10.1, 11.5)],
    });
    expect(r.violations).toEqual([]);
    expect(r.stats.rows.map((row) => [row.grantedAt, row.believedStart, row.believedEnd])).toEqual([
      [s(1), s(1.1), s(2)],
      [s(3), s(3.1), s(4)],
      [s(10), s(10.1), s(11.5)],
    ]);
  });

  it('says it was skipped without grants or beliefs', () => {
    expect(checkLeaseAudit({ history: [], beliefs: [] }).skipped).toBe('the run recorded no grants');
    expect(checkLeaseAudit({ history: [] }).skipped).toBe('the run recorded no grants or client beliefs');
  });
});
