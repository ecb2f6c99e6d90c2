import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { uniqueIndexLock } from './unique-index-lock.js';

const schedule = { text: readFileSync(new URL('./schedules/unique-index-lock.json', import.meta.url), 'utf8'), file: 'unique-index-lock.json' };
const kinds = (o: { violations: { kind: string }[] }): string[] => [...new Set(o.violations.map((v) => v.kind))].sort();

describe('unique-index-lock: a lock is a row under a unique index, and its expiry is the hazard', () => {
  it('client-stamped expiry: a client whose clock is ahead takes the row while its holder believes, and a row stamped by a clock that jumped ahead outlives the heal', () => {
    const outcome = uniqueIndexLock.run({ seed: 1, design: 'unsafe', schedule, traceLevel: 'none' });
    expect(kinds(outcome)).toEqual(['LV', 'ME-belief']);
    expect(outcome.violations.find((v) => v.kind === 'ME-belief')!.explanation).toMatch(/believed/);
  });

  it('no expiry at all: a holder that walks away keeps the lock for ever', () => {
    expect(kinds(uniqueIndexLock.run({ seed: 1, design: 'unsafe-no-expiry', schedule, traceLevel: 'none' }))).toEqual(['LV']);
  });

  it("the database's own clock stamps and judges the expiry: clean under the same story and on random seeds", () => {
    const outcome = uniqueIndexLock.run({ seed: 1, design: 'safe', schedule, traceLevel: 'none' });
    expect(outcome.violations).toEqual([]);
    expect(outcome.valid).toBe(true);
    expect(outcome.record.grants!.length).toBeGreaterThan(10);
    for (const seed of [2, 3]) expect(uniqueIndexLock.run({ seed, design: 'safe', traceLevel: 'none' }).valid, `seed ${seed}`).toBe(true);
  });

  // Seeds 7 and 34 pause a holder past its deadline: its library's timer fires at the resume, and
  // the belief must still end at the deadline (it once ended at the resume: a false ME-belief).
  it('a holder paused past its deadline stopped believing at the deadline, not when it ran again', () => {
    for (const seed of [7, 34]) expect(uniqueIndexLock.run({ seed, design: 'safe', traceLevel: 'none' }).violations, `seed ${seed}`).toEqual([]);
  });
});
