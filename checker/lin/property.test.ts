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

/**
 * The history as it stood just after event `index`: later events are gone, so ops still running
 * then are pending, except those known (from later on) to have failed, which never happened.
 */
function cutAfter(history: readonly Op[], index: number): Op[] {
  const failed = new Set<number>();
  for (const e of history) if (e.type === 'fail') failed.add(e.index).add(invokeOf(history, e.index));
  return history.filter((e) => e.index <= index && !failed.has(e.index));
}

function invokeOf(history: readonly Op[], completion: number): number {
  const done = history[completion];
  for (let i = completion - 1; ; i--) if (history[i].process === done.process && history[i].type === 'invoke') return i;
}

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

function completionOf(history: readonly Op[], invoke: number): number {
  const inv = history[invoke];
  return history.find((e) => e.index > invoke && e.process === inv.process && e.type !== 'invoke')!.index;
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
            // The core alone cannot be ordered.
            expect(bruteForceLinearizable(restrictedTo(history, v.ops), model)).toBe(false);
            // And it is minimal, as the words claim: in the history up to the moment the anomaly
            // became visible, with every op outside the core allowed not to have happened, it still
            // fails; allowing any one core op not to have happened as well, it passes.
            const victim = v.detail!.visibleAfterOp as number;
            // Parts are checked alone, so judge the claims on the violation's own key.
            const key = v.detail!.key as string | null;
            const own = (h: Op[]): Op[] => h.filter((e) => (e.key ?? null) === key);
            const cut = own(cutAfter(history, completionOf(history, victim)));
            const others = new Set(history.filter((e) => e.type === 'invoke' && !v.ops.includes(e.index)).map((e) => e.index));
            expect(bruteForceLinearizable(cut, model, others)).toBe(false);
            // Just before the victim returned, the history could still be ordered.
            expect(bruteForceLinearizable(own(cutAfter(history, completionOf(history, victim) - 1)), model)).toBe(true);
            expect(v.detail!.minimal).toBe(true);
            for (const op of v.ops) {
              if (op !== victim) expect(bruteForceLinearizable(cut, model, new Set([...others, op]))).toBe(true);
            }
            expect(v.ops).toContain(victim);
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
