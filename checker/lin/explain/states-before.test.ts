/**
 * The states an op can see when it takes effect: the one frontier pass that never places the op
 * finds exactly the states the exhaustive walk over every order finds, on random histories.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { searchModelOf } from '../model.js';
import { models } from '../models/index.js';
import { unreturned } from '../operation.js';
import { pairOperations } from '../pairing.js';
import { Budget } from '../search/budget.js';
import { chooserFrom, randomHistory } from '../testing/random-history.js';
import type { ReferenceModel } from '../testing/brute-force.js';
import { statesBefore, statesByWalk } from './states-before.js';

const MODELS: ReferenceModel[] = ['register', 'cas-register', 'mutex', 'fenced-mutex'];

describe('the states at an op', () => {
  for (const name of MODELS) {
    it(`${name}: one frontier pass finds the states the walk over every order finds`, () => {
      const model = models[name];
      const search = searchModelOf(model);
      const shown = (states: readonly unknown[] | null): string[] | null => (states === null ? null : states.map((s) => model.describeState(s, null)).sort());
      fc.assert(
        fc.property(
          fc.array(fc.nat(), { minLength: 10, maxLength: 80 }),
          fc.integer({ min: 2, max: 8 }),
          fc.integer({ min: 1, max: 4 }),
          fc.constantFrom(0, 30, 70),
          fc.constantFrom(0, 25),
          (choices, ops, processes, corruptPercent, infoPercent) => {
            const history = randomHistory(chooserFrom(choices), { model: name, ops, processes, corruptPercent, infoPercent });
            const paired = pairOperations(history).ops;
            for (const v of paired.filter((o) => o.known)) {
              const byPass = shown(statesBefore(model, search, { ops: paired, cut: Infinity, prefix: paired }, v, Budget.of({})));
              const byWalk = shown(statesByWalk(model, search, paired, v, Budget.of({})));
              expect(byPass).toEqual(byWalk);
              // The history cut just after v's return: ops still running then may return anything.
              const cut = v.retPos;
              const prefix = paired.filter((o) => o.callPos <= cut).map((o) => (o.retPos <= cut ? o : unreturned(o)));
              const upTo = shown(statesBefore(model, search, { ops: paired, cut, prefix }, v, Budget.of({})));
              expect(upTo).toEqual(shown(statesByWalk(model, search, prefix, v, Budget.of({}))));
            }
          },
        ),
        { numRuns: 300, seed: 14 },
      );
    });
  }
});
