import { describe, expect, it } from 'vitest';
import { staticMembership } from './static-membership.js';
import { kindsOf, runRandom, runScripted } from './testing/scripted.js';

describe('static-membership (static-membership)', () => {
  it('grown by editing peer files, two sides of a split each believe they hold a majority, and one overwrites what the other committed', () => {
    const out = runScripted(staticMembership, 'unsafe-static-peers');
    expect(kindsOf(out)).toEqual(expect.arrayContaining(['RAFT', 'FM']));
    expect(out.violations.some((v) => v.checker === 'raft:state-machine-safety')).toBe(true);
  });

  it('grown through the log, the same split leaves one side with a majority and nothing committed is lost', () => {
    const out = runScripted(staticMembership, 'safe');
    expect(out.violations).toEqual([]);
    expect(out.valid).toBe(true);
  });

  it('a cluster of two that loses a machine for good never grants the lock again; three servers carry on', () => {
    const two = runScripted(staticMembership, 'unsafe-two-nodes', 1, 'static-membership-two-nodes');
    expect(kindsOf(two)).toEqual(['LV']);
    expect(two.violations[0]!.explanation).toMatch(/^L was wanted from the final heal .* but never granted again/);
    const three = runScripted(staticMembership, 'safe', 1, 'static-membership-two-nodes');
    expect(three.violations).toEqual([]);
    expect(three.valid).toBe(true);
  });

  it('random schedules: seed 1 loses a machine (two nodes caught), seed 6 splits the peer files (static lists caught); the safe design is clean on both', () => {
    expect(kindsOf(runRandom(staticMembership, 'unsafe-two-nodes', 1))).toEqual(['LV']);
    expect(kindsOf(runRandom(staticMembership, 'unsafe-static-peers', 6))).toContain('RAFT');
    for (const seed of [1, 6]) expect(runRandom(staticMembership, 'safe', seed).valid, `safe seed ${seed}`).toBe(true);
  });
});
