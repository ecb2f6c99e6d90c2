import { describe, expect, it } from 'vitest';
import { summarise } from './summarise.js';
import type { SweepResultLine } from './types.js';

function line(seed: number, kinds: SweepResultLine['kinds'], violations: number): SweepResultLine {
  return { scenario: 'gc-pause-zombie', design: 'unsafe', designKind: 'unsafe', seed, valid: kinds.length === 0, kinds, violations, traceHash: '0', wallMs: 1, simTimeNs: 1 };
}

describe('a sweep row', () => {
  it('names as worst seed the one with the most violations, not the most kinds', () => {
    const results = [line(1, ['LW', 'ME-effect'], 2), line(2, ['LW'], 17), line(3, [], 0)];
    const [row] = summarise(results, [{ scenario: 'gc-pause-zombie', design: 'unsafe', designKind: 'unsafe', expectKinds: ['LW'] }]);
    expect(row?.worst).toEqual({ seed: 2, violations: 17 });
  });
});
