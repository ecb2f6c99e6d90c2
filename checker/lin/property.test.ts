/**
 * The checker against a brute-force one on thousands of small random histories: same verdict
 * every time, and every violation it reports names a set of ops that really cannot be ordered.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Op } from '../history.js';
import { checkLinearizable } from './check.js';
import { bruteForceLinearizable, type ReferenceModel } from './testing/brute-force.js';
import { chooserFrom, randomHistory } from './testing/random-history.js';

const MODELS: ReferenceModel[] = ['register', 'cas-register', 'kv', 'mutex', 'fenced-mutex', 'ttl-lock'];
const RUNS = 2500;

const historyArb = (model: ReferenceModel) =>
  fc
    .record({
      choices: fc.array(fc.nat(), { minLength: 10, maxLength: 120 }),
      ops: fc.integer({ min: 2, max: 9 }),
      processes: fc.integer({ min: 1, max: 4 }),
      corruptPercent: fc.constantFrom(0, 20, 50, 80),
      infoPercent: fc.constantFrom(0, 15, 35),
    })
    .map(({ choices, ...opts }) => randomHistory(chooserFrom(choices), { model, ...opts }));

/** The sub-history made of just these ops (invokes and completions), in the original order. */
function restrictedTo(history: readonly Op[], invokeIndices: readonly number[]): Op[] {
  const keep = new Set<number>();
  for (const i of invokeIndices) {
    keep.add(i);
    const inv = history[i];
    const done = history.find((e) => e.index > i && e.process === inv.process && e.type !== 'invoke');
    if (done) keep.add(done.index);
  }
  return history.filter((e) => keep.has(e.index));
}

describe.each(MODELS)('%s: the checker agrees with brute force', (model) => {
  it(`on ${RUNS} random histories`, () => {
    fc.assert(
      fc.property(historyArb(model), (history) => {
        const result = checkLinearizable(history, model);
        const expected = bruteForceLinearizable(history, model);
        expect(result.valid).toBe(expected);
        if (result.valid === false) {
          for (const v of result.violations) {
            expect(bruteForceLinearizable(restrictedTo(history, v.ops), model)).toBe(false);
          }
        }
      }),
      { numRuns: RUNS, seed: 0x5eed + MODELS.indexOf(model) },
    );
  });

  it('the random histories are a real mix of valid and invalid', () => {
    const sample = fc.sample(historyArb(model), { numRuns: 400, seed: 7 });
    const valid = sample.filter((h) => bruteForceLinearizable(h, model)).length;
    expect(valid).toBeGreaterThan(sample.length * 0.15);
    expect(valid).toBeLessThan(sample.length * 0.85);
    expect(sample.some((h) => h.some((e) => e.type === 'info'))).toBe(true);
  });
});
