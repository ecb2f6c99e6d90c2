import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MUTANTS } from './mutants.js';
import { applyPatch, transpile } from './scratch.js';

describe('the planted bugs', () => {
  it('are at least 25, with distinct names, across Raft, the lock service, the client, the resource and the server', () => {
    expect(MUTANTS.length).toBeGreaterThanOrEqual(25);
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

  it('refuses a patch whose text is missing or ambiguous', () => {
    const m = { id: 'x', file: 'f.ts', find: 'a', replace: 'b' };
    expect(() => applyPatch('ccc', m)).toThrow(/not in f.ts/);
    expect(() => applyPatch('aa', m)).toThrow(/more than once/);
  });
});
