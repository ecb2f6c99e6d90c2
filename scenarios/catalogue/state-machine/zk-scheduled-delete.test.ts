import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scripted, seeded } from './testing/verdicts.js';
import { zkScheduledDelete } from './zk-scheduled-delete.js';

const file = 'zk-scheduled-delete.json';
const schedule = { text: readFileSync(join(import.meta.dirname, 'schedules', file), 'utf8'), file };

describe("zk-scheduled-delete: a sidecar's scheduled delete in the jitter", () => {
  it('unsafe: the delete fails once, the session survives, and R is never granted again', () => {
    const verdict = scripted(zkScheduledDelete, 'unsafe', schedule);
    expect(verdict.kinds).toEqual(['LV']);
    expect(verdict.locks).toEqual(['R']);
    expect(verdict.explanations[0]).toMatch(/never freed/);
  });

  it("safe: the service's TTL locks end on their own, whatever the sidecar's network does", () => {
    expect(scripted(zkScheduledDelete, 'safe', schedule)).toMatchObject({ valid: true, kinds: [] });
  });

  it('safe: a delete sent again until it succeeds, checking the owner, frees R after the jitter', () => {
    expect(scripted(zkScheduledDelete, 'safe-retried-delete', schedule)).toMatchObject({ valid: true, kinds: [] });
  });

  it('the random jitter leaves a file behind on its own (seeds 2 and 3); both fixes stay clean there', () => {
    for (const seed of [2, 3]) {
      expect(seeded(zkScheduledDelete, 'unsafe', seed).kinds).toEqual(['LV']);
      expect(seeded(zkScheduledDelete, 'safe', seed)).toMatchObject({ valid: true, kinds: [] });
      expect(seeded(zkScheduledDelete, 'safe-retried-delete', seed)).toMatchObject({ valid: true, kinds: [] });
    }
  });
});
