import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { flappingLeaderRenew } from './flapping-leader-renew.js';

const file = 'scenarios/catalogue/leases/schedules/flapping-leader-renew.json';
const schedule = { text: readFileSync(new URL('./schedules/flapping-leader-renew.json', import.meta.url), 'utf8'), file };
const kinds = (o: { violations: { kind: string }[] }): string[] => [...new Set(o.violations.map((v) => v.kind))].sort();

describe('flapping-leader-renew (flapping-leader-renew): two clients die, then leaders change every 0.8 s', () => {
  it('unsafe: every election restarts the dead sessions\' leases, so the live client waits for as long as the flapping lasts', () => {
    const outcome = flappingLeaderRenew.run({ seed: 1, design: 'unsafe', schedule });
    expect(kinds(outcome)).toEqual(['LV']);
    expect(outcome.violations[0]!.explanation).toMatch(/waited .* longer than the max wait/);
  });

  it('safe: the dead sessions run out in log time across the elections and the live client gets the lock', () => {
    const outcome = flappingLeaderRenew.run({ seed: 1, design: 'safe', schedule });
    expect(outcome.valid).toBe(true);
  });

  it('random schedules: seeds 1 and 6 catch the unsafe design; the safe design is clean on them', () => {
    for (const seed of [1, 6]) {
      expect(kinds(flappingLeaderRenew.run({ seed, design: 'unsafe' }))).toContain('LV');
      expect(flappingLeaderRenew.run({ seed, design: 'safe' }).valid).toBe(true);
    }
  });
});
