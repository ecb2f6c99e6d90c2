import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lostReplyRetry } from './lost-reply-retry.js';
import { scripted, seeded } from './testing/verdicts.js';

const file = 'lost-reply-retry.json';
const schedule = { text: readFileSync(join(import.meta.dirname, 'schedules', file), 'utf8'), file };

describe('lost-reply-retry: answers lost, requests sent again', () => {
  it('unsafe: a retried try-lock is told R is taken, by its own grant, and R is never freed', () => {
    const verdict = scripted(lostReplyRetry, 'unsafe', schedule);
    expect(verdict.kinds).toEqual(['LV']);
    expect(verdict.locks).toEqual(['R']);
    expect(verdict.explanations[0]).toMatch(/never freed/);
  });

  it('safe: every retry gets the first answer; R and the keys stay consistent', () => {
    expect(scripted(lostReplyRetry, 'safe', schedule)).toMatchObject({ valid: true, kinds: [] });
  });

  it('the random nemesis finds orphaned locks on its own (seeds 4 and 5)', () => {
    for (const seed of [4, 5]) expect(seeded(lostReplyRetry, 'unsafe', seed).kinds).toContain('LV');
  });

  it('the safe design stays clean under the same random faults (seeds 4 and 5)', () => {
    for (const seed of [4, 5]) expect(seeded(lostReplyRetry, 'safe', seed)).toMatchObject({ valid: true, kinds: [] });
  });
});
