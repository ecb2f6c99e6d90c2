import { describe, expect, it } from 'vitest';
import { leaseSkew } from './lease-skew.js';
import { kindsOf, runDesign } from './testing/scripted.js';

describe('lease-skew (lease-skew)', () => {
  it('a client that counts its TTL from a slow reply still believes after the server gave the lock to another', () => {
    const out = runDesign(leaseSkew, 'unsafe', 3, true);
    expect(kindsOf(out)).toEqual(['ME-belief']);
    expect(out.violations[0]!.explanation).toMatch(/both believed they held R exclusively/);
  });

  it("the server's 2x wait of 004 only moves the line: a reply slower than a TTL still breaks it", () => {
    expect(kindsOf(runDesign(leaseSkew, 'unsafe-2x-wait', 3, true))).toEqual(['ME-belief']);
  });

  it('counting from the send, less ε and a margin, against a server that waits TTL·(1+ε) and a lock-delay, is clean on the same schedule', () => {
    const out = runDesign(leaseSkew, 'safe', 3, true);
    expect(out.violations).toEqual([]);
    expect(out.valid).toBe(true);
  });

  it('random schedules: seeds 5 and 6 catch the unsafe design, seed 27 the 2x wait; the safe design is clean on them', () => {
    for (const seed of [5, 6]) expect(kindsOf(runDesign(leaseSkew, 'unsafe', seed, false)), `unsafe seed ${seed}`).toEqual(['ME-belief']);
    expect(kindsOf(runDesign(leaseSkew, 'unsafe-2x-wait', 27, false))).toEqual(['ME-belief']);
    for (const seed of [5, 6, 27]) expect(runDesign(leaseSkew, 'safe', seed, false).violations, `safe seed ${seed}`).toEqual([]);
  });
});
