import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { staleRelease } from './stale-release.js';
import { scripted, seeded } from './testing/verdicts.js';

const file = 'stale-release.json';
const schedule = { text: readFileSync(join(import.meta.dirname, 'schedules', file), 'utf8'), file };

describe('stale-release: releases that name only the lock', () => {
  it("unsafe: c1's held-up release frees the next holder of L, and the TTL timers free R early", () => {
    const verdict = scripted(staleRelease, 'unsafe', schedule, 2);
    expect(verdict.kinds).toEqual(['ME-belief']);
    expect(verdict.locks).toEqual(expect.arrayContaining(['L', 'R']));
  });

  it('safe: the late release names an ended grant and is refused; R ends at its own expiry', () => {
    expect(scripted(staleRelease, 'safe', schedule, 2)).toMatchObject({ valid: true, kinds: [] });
  });

  it('the random nemesis finds a stale release of the file lock on seed 3, and of the TTL lock on seed 1', () => {
    expect(seeded(staleRelease, 'unsafe', 3)).toMatchObject({ kinds: ['ME-belief'], locks: expect.arrayContaining(['L']) });
    expect(seeded(staleRelease, 'unsafe', 1)).toMatchObject({ kinds: ['ME-belief'], locks: ['R'] });
  });

  it('the safe design stays clean under the same random faults (seeds 1 and 3)', () => {
    for (const seed of [1, 3]) expect(seeded(staleRelease, 'safe', seed)).toMatchObject({ valid: true, kinds: [] });
  });
});
