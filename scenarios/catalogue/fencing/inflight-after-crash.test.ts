import { describe, expect, it } from 'vitest';
import { inflightAfterCrash } from './inflight-after-crash.js';
import { kindsOf, runDesign } from './testing/scripted.js';

describe('inflight-after-crash (inflight-after-crash)', () => {
  it("without lock-delay or fencing, a crashed holder's delayed write lands after its successor's", () => {
    const out = runDesign(inflightAfterCrash, 'unsafe', 1, true);
    expect(kindsOf(out)).toEqual(['ME-effect']);
    expect(out.violations[0]!.explanation).toMatch(/acted on an older grant after/);
  });

  it('a lock-delay longer than any delay on the wire keeps the lock unavailable until a crashed holder\'s late write has landed', () => {
    const out = runDesign(inflightAfterCrash, 'lock-delay-only', 1, true);
    expect(out.violations).toEqual([]);
    // Every write landed: the lock-delay, not the resource, kept the order.
    expect(out.record.resourceLog!.every((w) => w.accepted)).toBe(true);
  });

  it('a fencing resource refuses the late write instead', () => {
    const out = runDesign(inflightAfterCrash, 'safe-fenced', 1, true);
    expect(out.violations).toEqual([]);
    expect(out.record.resourceLog!.filter((w) => !w.accepted).map((w) => w.reason)).toContain('stale-token');
  });

  it('random schedules: seeds 18 and 41 catch the unsafe design; both fixes are clean on them', () => {
    for (const seed of [18, 41]) {
      expect(kindsOf(runDesign(inflightAfterCrash, 'unsafe', seed, false)), `unsafe seed ${seed}`).toEqual(['ME-effect']);
      expect(runDesign(inflightAfterCrash, 'safe', seed, false).violations, `safe seed ${seed}`).toEqual([]);
      expect(runDesign(inflightAfterCrash, 'safe-fenced', seed, false).violations, `safe-fenced seed ${seed}`).toEqual([]);
    }
  });
});
