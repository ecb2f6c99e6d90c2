import { describe, expect, it } from 'vitest';
import { formatDurationNs, formatInstantNs } from './format.js';
import { FORMAT_SCRIPT } from './format-script.js';

describe("the page script's time formats", () => {
  const { fmtT, fmtDur } = new Function(`${FORMAT_SCRIPT}; return { fmtT, fmtDur };`)() as {
    fmtT(ns: number): string;
    fmtDur(ns: number): string;
  };
  const samples = [0, 1, 850, 999, 1000, 12_300, 999_999, 4_560_000, 376_000_000, 1e9, 1_234_000_000, 2_619_938_123, 35_389_930_116, -2_000_000, -7];

  it('writes every instant and duration as the tables and the checkers do', () => {
    for (const ns of samples) {
      expect(fmtT(ns), String(ns)).toBe(formatInstantNs(ns));
      expect(fmtDur(ns), String(ns)).toBe(formatDurationNs(ns));
    }
  });
});
