import { describe, expect, it } from 'vitest';
import { suspendedIgnored } from './suspended-ignored.js';
import { kindsOf, runDesign } from './testing/scripted.js';

describe('suspended-ignored (suspended-ignored)', () => {
  it('a leader that waits for LOST through SUSPENDED is still leading when the next leader is elected', () => {
    const out = runDesign(suspendedIgnored, 'unsafe', 1, true);
    expect(kindsOf(out)).toEqual(['ME-belief']);
    const [two] = out.violations;
    expect(two!.explanation).toMatch(/both believed they held leader exclusively/);
    expect(two!.explanation).toMatch(/\(ended: lost\)/);
  });

  it('a leader that treats SUSPENDED as loss stops before the service ends its session, on the same schedule', () => {
    const out = runDesign(suspendedIgnored, 'safe', 1, true);
    expect(out.violations).toEqual([]);
    expect(out.record.beliefs!.some((b) => b.endReason === 'suspended')).toBe(true);
  });

  it('random schedules: seeds 3 and 9 catch the unsafe design; the safe design is clean on them', () => {
    for (const seed of [3, 9]) {
      expect(kindsOf(runDesign(suspendedIgnored, 'unsafe', seed, false)), `unsafe seed ${seed}`).toEqual(['ME-belief']);
      expect(runDesign(suspendedIgnored, 'safe', seed, false).violations, `safe seed ${seed}`).toEqual([]);
    }
  });
});
