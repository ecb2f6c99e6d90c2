import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MUTANTS } from './mutants.js';
import { applyPatch, transpile } from './scratch.js';
import { formatTable, summary, type MutantRow } from './table.js';

describe('the planted bugs', () => {
  it('are at least 25, with distinct names, across Raft, the lock service, the client, the resource and the server', () => {
    // At least 25 that a run can observe: equivalent ones are kept but not counted.
    expect(MUTANTS.filter((m) => m.equivalent === undefined).length).toBeGreaterThanOrEqual(25);
    expect(new Set(MUTANTS.map((m) => m.id)).size).toBe(MUTANTS.length);
    expect(new Set(MUTANTS.map((m) => m.area))).toEqual(new Set(['raft', 'lock', 'client', 'resource', 'server']));
    for (const m of MUTANTS) expect(m.file).toMatch(/^core\//);
  });

  it.each(MUTANTS.map((m) => [m.id, m] as const))('%s applies to exactly one place of the current source and still compiles', (_id, m) => {
    const source = readFileSync(m.file, 'utf8');
    const mutated = applyPatch(source, m);
    expect(mutated).not.toBe(source);
    expect(transpile(mutated, m.file).length).toBeGreaterThan(0);
  });

  it('scores only what a run can observe: an equivalent bug that escapes is left out, one that is caught counts', () => {
    const row = (id: string, firstSeed: number | null, equivalent?: string): MutantRow => ({
      mutant: { id, area: 'lock', file: 'core/x.ts', find: 'a', replace: 'b', bug: id, ...(equivalent ? { equivalent } : {}) },
      result: { seedsRun: 10, lastSeed: 10, firstSeed, caughtSeeds: firstSeed === null ? 0 : 1, kinds: [], byScenario: {}, stoppedBy: 'range' },
      wallS: 1,
    });
    expect(summary([row('a', 2), row('b', null), row('c', null, 'why'), row('d', 4, 'why')])).toBe(
      'caught 2/3 (1 equivalent left out); median first catching seed 4',
    );
    expect(formatTable([row('c', null, 'why')], false)).toMatch(/^c\s+lock\s+equivalent\s+0\/10/);
  });

  it('refuses a patch whose text is missing or ambiguous', () => {
    const m = { id: 'x', file: 'f.ts', find: 'a', replace: 'b' };
    expect(() => applyPatch('ccc', m)).toThrow(/not in f.ts/);
    expect(() => applyPatch('aa', m)).toThrow(/more than once/);
  });
});
