import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

describe('property tests are pinned', () => {
  it('run on the one fixed fast-check seed unless FC_SEED asks for another', () => {
    const wanted = process.env.FC_SEED;
    const seed = fc.readConfigureGlobal().seed;
    if (wanted === undefined) expect(seed).toBe(20261207);
    else if (wanted === 'random') expect(seed).toBeUndefined();
    else expect(seed).toBe(Number(wanted));
  });
});
