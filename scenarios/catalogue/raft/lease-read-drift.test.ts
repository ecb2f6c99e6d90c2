import { describe, expect, it } from 'vitest';
import { leaseReadDrift } from './lease-read-drift.js';
import { kindsOf, runRandom, runScripted } from './testing/scripted.js';

describe('lease-read-drift (lease-read-drift)', () => {
  it("a leader whose clock runs slow keeps its read lease after the followers' timeouts ran out, and answers stale reads once cut off", () => {
    const out = runScripted(leaseReadDrift, 'unsafe');
    expect(kindsOf(out)).toEqual(['LIN']);
    expect(out.violations[0]!.explanation).toMatch(/^On [xy]: read [xy] → \d+ .* cannot be placed/);
    expect(out.violations[0]!.at).toBeGreaterThan(2e9);
  });

  it('ReadIndex asks the majority for every read and stays linearizable, on the same schedule', () => {
    const out = runScripted(leaseReadDrift, 'safe');
    expect(out.violations).toEqual([]);
    expect(out.valid).toBe(true);
  });

  it('random schedules: seeds 6 and 8 catch the unsafe design; the safe design is clean on them', () => {
    for (const seed of [6, 8]) {
      expect(kindsOf(runRandom(leaseReadDrift, 'unsafe', seed)), `unsafe seed ${seed}`).toEqual(['LIN']);
      expect(runRandom(leaseReadDrift, 'safe', seed).valid, `safe seed ${seed}`).toBe(true);
    }
  });
});
