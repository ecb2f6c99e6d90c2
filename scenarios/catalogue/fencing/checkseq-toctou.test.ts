import { describe, expect, it } from 'vitest';
import { checkseqToctou } from './checkseq-toctou.js';
import { kindsOf, runDesign } from './testing/scripted.js';

describe('checkseq-toctou (checkseq-toctou)', () => {
  it("a resource that asks the service applies a write on a stale 'yes', after the next holder has read", () => {
    const out = runDesign(checkseqToctou, 'unsafe', 1, true);
    expect(kindsOf(out)).toEqual(['LW']);
    expect(out.violations[0]!.explanation).toMatch(/both read \d+, so one increment overwrote the other/);
  });

  it('a resource that judges tokens itself, atomically with the write, loses nothing on the same schedule', () => {
    const out = runDesign(checkseqToctou, 'safe', 1, true);
    expect(out.violations).toEqual([]);
    expect(out.valid).toBe(true);
  });

  it('random schedules: seeds 3 and 5 catch the unsafe design; the safe design is clean on them', () => {
    for (const seed of [3, 5]) {
      expect(kindsOf(runDesign(checkseqToctou, 'unsafe', seed, false)), `unsafe seed ${seed}`).toContain('LW');
      expect(runDesign(checkseqToctou, 'safe', seed, false).violations, `safe seed ${seed}`).toEqual([]);
    }
  });
});
