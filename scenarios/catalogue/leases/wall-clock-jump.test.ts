import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { wallClockJump } from './wall-clock-jump.js';

const file = 'scenarios/catalogue/leases/schedules/wall-clock-jump.json';
const schedule = { text: readFileSync(new URL('./schedules/wall-clock-jump.json', import.meta.url), 'utf8'), file };
const kinds = (o: { violations: { kind: string }[] }): string[] => [...new Set(o.violations.map((v) => v.kind))].sort();

describe('wall-clock-jump (wall-clock-jump): NTP steps the leader\'s wall clock forward', () => {
  it('unsafe: expiry by the wall clock ends the holder\'s lease early and a waiter is granted the lock while it still believes', () => {
    const outcome = wallClockJump.run({ seed: 1, design: 'unsafe', schedule });
    expect(kinds(outcome)).toEqual(['ME-belief']);
    expect(outcome.violations[0]!.explanation).toMatch(/believed/);
  });

  it('safe: log time moves only by what the leaders\' monotonic clocks measured, so the steps change nothing', () => {
    const outcome = wallClockJump.run({ seed: 1, design: 'safe', schedule });
    expect(outcome.violations).toEqual([]);
    expect(outcome.valid).toBe(true);
  });

  it('random schedules: seeds 5 and 8 catch the unsafe design; the safe design is clean on them', () => {
    for (const seed of [5, 8]) {
      expect(kinds(wallClockJump.run({ seed, design: 'unsafe' }))).toContain('ME-belief');
      expect(wallClockJump.run({ seed, design: 'safe' }).valid).toBe(true);
    }
  });
});
