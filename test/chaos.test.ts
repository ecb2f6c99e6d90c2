/**
 * The chaos scenarios on a few dozen seeds (the long sweeps are `npm run sweep:chaos`): the safe
 * designs stay clean, and the monitors see the planted faults of the unsafe ones.
 */
import { describe, expect, it } from 'vitest';
import { getScenario } from '../scenarios/registry.js';

const seeds = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

function verdicts(scenario: string, design: string, range: number[]) {
  const s = getScenario(scenario);
  return range.map((seed) => {
    const out = s.run({ seed, design, traceLevel: 'none' });
    return { seed, valid: out.valid, kinds: [...new Set(out.violations.map((v) => v.kind))], first: out.violations[0]?.explanation };
  });
}

describe('raft-chaos', () => {
  it('the safe Raft breaks no invariant and recovers after every heal, on 24 seeds', () => {
    const bad = verdicts('raft-chaos', 'safe', seeds(1, 24)).filter((v) => v.valid !== true);
    expect(bad).toEqual([]);
  });

  it('with fsync "no" and power-loss crashes, the monitors catch the amnesia on some seed', () => {
    const caught = verdicts('raft-chaos', 'unsafe-fsync-no', seeds(1, 30)).filter((v) => v.valid === false);
    expect(caught.length).toBeGreaterThan(0);
    expect(caught.flatMap((v) => v.kinds)).toContain('RAFT');
  });

  it('with the Figure 8 commit rule, the monitors catch a leader committing an old-term entry on some seed', () => {
    const caught = verdicts('raft-chaos', 'unsafe-commit-old-term', seeds(1, 12)).filter((v) => v.valid === false);
    expect(caught.flatMap((v) => v.kinds)).toContain('RAFT');
  });
});

describe('lock-chaos', () => {
  it('the lock service keeps mutual exclusion, fencing and liveness on 8 seeds', () => {
    const bad = verdicts('lock-chaos', 'safe', seeds(1, 8)).filter((v) => v.valid !== true);
    expect(bad).toEqual([]);
  });
});
