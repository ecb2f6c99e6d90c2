import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..', '..');

/** Every source file `check` can load, static and dynamic imports alike. */
function importGraph(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*)'(\.[^']+)\.js'/g)) visit(join(dirname(file), `${m[1]}.ts`));
  };
  visit(entry);
  return seen;
}

describe('lockstep check loads only the checker', () => {
  it('never reaches the simulator, the scenarios, the nemesis or the reports', () => {
    // The light entry bin/lockstep.js starts `check` through (bundled into dist/check.mjs).
    const files = [...importGraph(join(root, 'cli', 'check-entry.ts'))].map((f) => relative(root, f));
    expect(files).toContain('cli/commands/check.ts');
    expect(files.length).toBeGreaterThan(10);
    expect(files.filter((f) => /^(sim|scenarios|nemesis|reports|core)\//.test(f))).toEqual([]);
    expect(files.filter((f) => /^cli\/(main|commands\/(run|sweep|list|live|serve|shrink|merge|report))\.ts$/.test(f))).toEqual([]);
  });
});
