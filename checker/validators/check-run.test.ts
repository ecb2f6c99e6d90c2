import { describe, expect, it } from 'vitest';
import type { RunRecord } from '../history.js';
import { checkRun, VALIDATOR_NAMES, type ValidatorName } from './check-run.js';
import { belief, grant, historyOf, s, write } from './testing/records.js';

/**
 * gc-pause-zombie: c1 holds token 5, pauses past its lease; the service expires it and grants
 * token 6 to c2; c1 resumes, still believing, and its write lands on an unfenced resource.
 */
function zombie(fenced: boolean): RunRecord {
  return {
    history: historyOf([
      [0, 'acquire', 0.9, 'ok', 1, { token: 5 }],
      [1, 'acquire', 2, 'ok', 5.5, { token: 6 }],
    ]),
    grants: [grant('c1', 5, 1, 5, { endReason: 'expired' }), grant('c2', 6, 5.5, 9)],
    beliefs: [belief('c1', 5, 1, 7, { op: 1 }), belief('c2', 6, 5.5, 9, { op: 3 })],
    resourceLog: [
      write('c1', 5, 1.5),
      write('c2', 6, 6),
      write('c1', 5, 6.5, fenced ? { accepted: false, reason: 'stale-token' } : {}),
    ],
    healAt: s(8),
    endAt: s(20),
  };
}

describe('checkRun', () => {
  it('finds the zombie by beliefs, by the lease audit and at the unfenced resource', () => {
    const r = checkRun(zombie(false), { liveness: { boundNs: s(5) } });
    expect(r.valid).toBe(false);
    expect(r.violations.map((v) => [v.kind, v.checker])).toEqual([
      ['ME-belief', 'belief-overlap'],
      ['ME-belief', 'lease-audit'],
      ['ME-effect', 'effect-overlap'],
    ]);
    expect(r.violations.map((v) => v.at)).toEqual([s(5.5), s(5.5), s(6.5)]);
    expect(r.judged).toEqual(['belief-overlap', 'effect-overlap', 'fencing', 'lease-audit']);
    expect(r.skipped).toEqual({
      'lost-update': 'no lock-counter workload in this run (no numeric writes, no acknowledged increments)',
      liveness: 'no lock was wanted or granted after the final heal',
      'replica-agreement': 'the run captured no replica states',
    });
    expect(r.stats['lease-audit']?.worstGapNs).toBe(s(2));
  });

  it('runs only the validators asked for: a fenced resource keeps the effects clean', () => {
    const r = checkRun(zombie(true), { validators: ['effect-overlap', 'fencing'] });
    expect(r).toMatchObject({ valid: true, violations: [], judged: ['effect-overlap', 'fencing'], skipped: {} });
    expect(Object.keys(r.stats)).toEqual(['effect-overlap', 'fencing']);
  });

  it('skips liveness, with its reason, when no bound was given, and the verdict is unknown', () => {
    const r = checkRun(zombie(true), { validators: ['liveness'] });
    expect(r).toMatchObject({
      valid: 'unknown',
      judged: [],
      skipped: { liveness: 'no liveness bound (boundNs) was given' },
      unknownBecause: ['liveness: no liveness bound (boundNs) was given'],
    });
  });

  it('a violation outweighs a validator that could not judge: the verdict is invalid', () => {
    const r = checkRun(zombie(false), { liveness: { boundNs: s(5) } });
    expect(Object.keys(r.skipped).length).toBeGreaterThan(0);
    expect(r.valid).toBe(false);
  });

  it('refuses a validator it does not know', () => {
    expect(() => checkRun(zombie(true), { validators: ['mutex' as ValidatorName] })).toThrow(
      `unknown validator "mutex"; the validators are ${VALIDATOR_NAMES.join(', ')}`,
    );
  });
});
