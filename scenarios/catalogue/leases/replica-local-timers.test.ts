import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { replicaLocalTimers } from './replica-local-timers.js';

const file = 'scenarios/catalogue/leases/schedules/replica-local-timers.json';
const schedule = { text: readFileSync(new URL('./schedules/replica-local-timers.json', import.meta.url), 'utf8'), file };
const kinds = (o: { violations: { kind: string }[] }): string[] => [...new Set(o.violations.map((v) => v.kind))].sort();

describe('replica-local-timers (replica-local-timers): leaders crash and restart, and the others take over', () => {
  it('unsafe: a restarted replica frees locks later than its peers; once it leads its answers contradict theirs and the states differ', () => {
    expect(kinds(replicaLocalTimers.run({ seed: 1, design: 'unsafe', schedule }))).toEqual(['DIV', 'LIN']);
  });

  it('safe: locks are freed only at ticks in the log, at the same entry on every replica', () => {
    expect(replicaLocalTimers.run({ seed: 1, design: 'safe', schedule }).valid).toBe(true);
  });

  it('random schedules: seeds 1 and 3 catch the unsafe design; the safe design is clean on them', () => {
    for (const seed of [1, 3]) {
      const caught = kinds(replicaLocalTimers.run({ seed, design: 'unsafe' }));
      expect(caught.filter((k) => k === 'DIV' || k === 'LIN')).not.toEqual([]);
      expect(replicaLocalTimers.run({ seed, design: 'safe' }).valid).toBe(true);
    }
  });
});
