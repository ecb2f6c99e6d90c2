import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { snapshotTokenReset } from './snapshot-token-reset.js';
import { scripted, seeded } from './testing/verdicts.js';

const file = 'snapshot-token-reset.json';
const schedule = { text: readFileSync(join(import.meta.dirname, 'schedules', file), 'utf8'), file };

describe('snapshot-token-reset: a restart from a snapshot that left the token counter out', () => {
  it('unsafe: after the whole cell restarts, L is granted with tokens below ones already given out', () => {
    const verdict = scripted(snapshotTokenReset, 'unsafe', schedule);
    expect(verdict.kinds).toContain('FM');
    expect(verdict.locks).toEqual(['L']);
  });

  it('safe: tokens are log indices and keep rising across the restart', () => {
    expect(scripted(snapshotTokenReset, 'safe', schedule)).toMatchObject({ valid: true, kinds: [] });
  });

  it('a counter kept in the snapshot keeps rising too: the omission is the hazard', () => {
    expect(scripted(snapshotTokenReset, 'safe-whole-snapshot', schedule)).toMatchObject({ valid: true, kinds: [] });
  });

  it('the random crashes find the reset on their own (seeds 1 and 2), and the safe designs stay clean', () => {
    for (const seed of [1, 2]) {
      expect(seeded(snapshotTokenReset, 'unsafe', seed).kinds).toContain('FM');
      expect(seeded(snapshotTokenReset, 'safe', seed)).toMatchObject({ valid: true, kinds: [] });
    }
  });
});
