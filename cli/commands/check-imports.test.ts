import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

describe('lockstep check starts light', () => {
  it('does not load child_process (commander asks for it, the bundle defers it) and still checks', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lockstep-start-'));
    try {
      const file = join(dir, 'one-op.edn');
      writeFileSync(file, '{:process 0, :type :invoke, :f :write, :value 1}\n{:process 0, :type :ok, :f :write, :value 1}\n');
      const report = "process.on('exit', () => process.stderr.write('LOADED ' + JSON.stringify(process.moduleLoadList.filter((m) => m.includes('child_process')))))";
      const r = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(report)}`, join(root, 'bin', 'lockstep.js'), 'check', file, '--model', 'register'], { encoding: 'utf8' });
      expect(r.status).toBe(0);
      expect(r.stdout).toContain('VALID');
      expect(r.stderr).toContain('LOADED []');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
