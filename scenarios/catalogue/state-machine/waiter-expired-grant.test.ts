import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scripted, seeded } from './testing/verdicts.js';
import { waiterExpiredGrant } from './waiter-expired-grant.js';

const file = 'waiter-expired-grant.json';
const schedule = { text: readFileSync(join(import.meta.dirname, 'schedules', file), 'utf8'), file };

describe('waiter-expired-grant: a waiter paused past its session', () => {
  it('unsafe: the expired waiter is granted L, wakes up believing it, and overlaps the next holder', () => {
    const verdict = scripted(waiterExpiredGrant, 'unsafe', schedule);
    expect(verdict.kinds).toEqual(['ME-belief']);
    expect(verdict.locks).toEqual(['L']);
  });

  it('safe: the wait ends with the session, and no grant reaches the paused client', () => {
    expect(scripted(waiterExpiredGrant, 'safe', schedule)).toMatchObject({ valid: true, kinds: [] });
  });

  it('the random nemesis finds the unsafe grant on its own (seeds 1 and 2)', () => {
    for (const seed of [1, 2]) expect(seeded(waiterExpiredGrant, 'unsafe', seed).kinds).toContain('ME-belief');
  });

  it('the safe design stays clean under the same random faults (seeds 2 and 4)', () => {
    for (const seed of [2, 4]) expect(seeded(waiterExpiredGrant, 'safe', seed)).toMatchObject({ valid: true, kinds: [] });
  });
});
