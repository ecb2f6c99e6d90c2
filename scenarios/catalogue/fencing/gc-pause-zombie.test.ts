import { describe, expect, it } from 'vitest';
import { gcPauseZombie } from './gc-pause-zombie.js';
import { kindsOf, runDesign } from './testing/scripted.js';

describe('gc-pause-zombie (gc-pause-zombie)', () => {
  it('a client frozen between its read and its write wakes up and overwrites its successor on a resource that checks no tokens', () => {
    const out = runDesign(gcPauseZombie, 'unsafe', 1, true);
    expect(kindsOf(out)).toEqual(expect.arrayContaining(['ME-effect', 'LW']));
    const late = out.violations.find((v) => v.kind === 'ME-effect')!;
    expect(late.explanation).toMatch(/acted on an older grant|interleaved/);
  });

  it('a fencing resource refuses the zombie, on the same schedule', () => {
    const out = runDesign(gcPauseZombie, 'safe', 1, true);
    expect(out.violations).toEqual([]);
    expect(out.valid).toBe(true);
    const refused = out.record.resourceLog!.filter((w) => !w.accepted);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((w) => w.reason === 'stale-token')).toBe(true);
  });

  it('random schedules: seeds 2 and 4 catch the unsafe design; the safe design is clean on them', () => {
    for (const seed of [2, 4]) {
      expect(kindsOf(runDesign(gcPauseZombie, 'unsafe', seed, false)), `unsafe seed ${seed}`).toContain('LW');
      expect(runDesign(gcPauseZombie, 'safe', seed, false).violations, `safe seed ${seed}`).toEqual([]);
    }
  });
});
