import { describe, expect, it } from 'vitest';
import { raftChaos } from '../../raft-chaos/scenario.js';
import { raftFigure8 } from './raft-figure-8.js';
import { kindsOf, runRandom, runScripted } from './testing/scripted.js';

describe('raft-figure-8 (raft-figure-8)', () => {
  it('a leader that counts replicas of its predecessor\'s entries commits them, falls, and a newer log overwrites them', () => {
    const out = runScripted(raftFigure8, 'unsafe', 3);
    expect(kindsOf(out)).toContain('RAFT');
    const lost = out.violations.find((v) => v.checker === 'raft:leader-completeness')!;
    expect(lost.explanation).toMatch(/^n5 is leader of term 9 without the entry at index 2445 \(term 4\) that n3 saw committed in term 7/);
    expect(out.violations.some((v) => v.checker === 'raft:state-machine-safety')).toBe(true);
  });

  it("under Raft's rule the same interleaving commits nothing that is later lost", () => {
    const out = runScripted(raftFigure8, 'safe', 3);
    expect(out.violations).toEqual([]);
    expect(out.valid).toBe(true);
  });

  it('random schedules: seeds 3 and 4 catch the unsafe rule; the safe rule is clean on them', () => {
    for (const seed of [3, 4]) {
      expect(kindsOf(runRandom(raftFigure8, 'unsafe', seed)), `unsafe seed ${seed}`).toContain('RAFT');
      expect(runRandom(raftFigure8, 'safe', seed).valid, `safe seed ${seed}`).toBe(true);
    }
  });

  it("raft-chaos: the random nemesis's leader-churn profile finds the same interleaving (seed 3)", () => {
    expect(kindsOf(runRandom(raftChaos, 'unsafe-commit-old-term', 3))).toContain('RAFT');
    expect(runRandom(raftChaos, 'safe', 3).valid).toBe(true);
  });
});
