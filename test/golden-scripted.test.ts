import { describe, expect, it } from 'vitest';
import { readGolden, runCase, scriptedCases } from './golden/golden.js';

const golden = readGolden();

describe('golden trace hashes: every scripted schedule under every design of its scenario', () => {
  for (const c of scriptedCases()) {
    it(c.key, () => {
      expect(runCase(c)).toEqual(golden[c.key]);
    });
  }
});
