import { describe, expect, it } from 'vitest';
import { randomCases, readGolden, runCase } from './golden/golden.js';

const golden = readGolden();

describe('golden trace hashes: seed 1 of every design of every scenario', () => {
  for (const c of randomCases()) {
    it(c.key, () => {
      expect(runCase(c)).toEqual(golden[c.key]);
    });
  }
});
