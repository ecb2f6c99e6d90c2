import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { failoverLeaseReset } from './failover-lease-reset.js';

const file = 'scenarios/catalogue/leases/schedules/failover-lease-reset.json';
const schedule = { text: readFileSync(new URL('./schedules/failover-lease-reset.json', import.meta.url), 'utf8'), file };
const kinds = (o: { violations: { kind: string }[] }): string[] => [...new Set(o.violations.map((v) => v.kind))].sort();

describe('failover-lease-reset (failover-lease-reset): a new leader whose wall clock is ahead of the old leader\'s stamps', () => {
  it('unsafe: the new leader charges the wall-clock gap, ends leases that still had time, and the lock passes to a waiter', () => {
    for (const seed of [1, 2]) {
      expect(kinds(failoverLeaseReset.run({ seed, design: 'unsafe', schedule }))).toEqual(['ME-belief']);
    }
  });

  it('safe: no log time passes without a leader, so the same failovers only extend the leases', () => {
    for (const seed of [1, 2]) {
      expect(failoverLeaseReset.run({ seed, design: 'safe', schedule }).valid).toBe(true);
    }
  });

  it('random schedules: seeds 2 and 8 catch the unsafe design; the safe design is clean on them', () => {
    for (const seed of [2, 8]) {
      expect(kinds(failoverLeaseReset.run({ seed, design: 'unsafe' }))).toContain('ME-belief');
      expect(failoverLeaseReset.run({ seed, design: 'safe' }).valid).toBe(true);
    }
  });
});
