import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clientStampedExpiry } from './client-stamped-expiry.js';

const file = 'scenarios/catalogue/leases/schedules/client-stamped-expiry.json';
const schedule = { text: readFileSync(new URL('./schedules/client-stamped-expiry.json', import.meta.url), 'utf8'), file };
const kinds = (o: { violations: { kind: string }[] }): string[] => [...new Set(o.violations.map((v) => v.kind))].sort();

describe("client-stamped-expiry (client-stamped-expiry): clients' wall clocks behind, then ahead of the servers'", () => {
  it('unsafe: a deadline from a clock behind frees the lock under its holder; one from a clock ahead keeps an abandoned lock past the liveness bound', () => {
    expect(kinds(clientStampedExpiry.run({ seed: 1, design: 'unsafe', schedule }))).toEqual(['LV', 'ME-belief']);
  });

  it('safe: the server counts the expiry itself in log time, whatever the clients\' clocks say', () => {
    expect(clientStampedExpiry.run({ seed: 1, design: 'safe', schedule }).valid).toBe(true);
  });

  it('random schedules (standing client clock offsets from the seed): seeds 1 and 2 catch the unsafe design; the safe design is clean on them', () => {
    for (const seed of [1, 2]) {
      expect(kinds(clientStampedExpiry.run({ seed, design: 'unsafe' }))).toContain('ME-belief');
      expect(clientStampedExpiry.run({ seed, design: 'safe' }).valid).toBe(true);
    }
  });
});
