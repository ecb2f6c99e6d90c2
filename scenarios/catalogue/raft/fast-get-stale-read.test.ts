import { describe, expect, it } from 'vitest';
import { fastGetStaleRead } from './fast-get-stale-read.js';
import { kindsOf, runRandom, runScripted } from './testing/scripted.js';

describe('fast-get-stale-read (fast-get-stale-read)', () => {
  it('a leader cut off from the servers keeps answering reads from its local map after the new leader committed newer writes', () => {
    const out = runScripted(fastGetStaleRead, 'unsafe');
    expect(kindsOf(out)).toEqual(['LIN']);
    expect(out.violations[0]!.explanation).toMatch(/^On [xy]: read [xy] → \d+ .* cannot be placed/);
    // The stale answers come after the cut at 2 s, from the old leader.
    expect(out.violations[0]!.at).toBeGreaterThan(2e9);
  });

  it('with ReadIndex the old leader cannot confirm its leadership, and every read is linearizable, on the same schedule', () => {
    const out = runScripted(fastGetStaleRead, 'safe');
    expect(out.violations).toEqual([]);
    expect(out.valid).toBe(true);
  });

  it('random schedules: the unsafe designs are caught on seeds 1, 2 and 32; the safe design is clean on them', () => {
    for (const seed of [1, 2]) expect(kindsOf(runRandom(fastGetStaleRead, 'unsafe', seed)), `unsafe seed ${seed}`).toEqual(['LIN']);
    expect(kindsOf(runRandom(fastGetStaleRead, 'unsafe-checkquorum', 32))).toEqual(['LIN']);
    for (const seed of [1, 2]) expect(runRandom(fastGetStaleRead, 'safe', seed).valid, `safe seed ${seed}`).toBe(true);
  });
});
