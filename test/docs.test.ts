import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hazardsMarkdown } from '../scenarios/catalogue/markdown.js';

const root = join(import.meta.dirname, '..');

/** The files git tracks or would track (untracked but not ignored), relative to the root. */
function repositoryFiles(): string[] {
  const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' });
  return out.split('\n').filter((f) => f !== '' && !f.startsWith('test/golden/hashes.json'));
}

describe('the documentation lives in the repository', () => {
  it('docs/hazards.md is what `lockstep list --markdown` prints from the hazard records', () => {
    const onDisk = readFileSync(join(root, 'docs', 'hazards.md'), 'utf8');
    // On a mismatch: `node bin/lockstep.js list --markdown > docs/hazards.md` after a build.
    expect(onDisk).toBe(hazardsMarkdown());
  });

  it('no file points outside the repository, by absolute path or to a catalogue it does not hold', () => {
    const outside = /\/work\/|\.\.\/shared\/|shared\/design\/|cases\.md|\bcase \d+\b|\bCase \d+\b/;
    const self = 'test/docs.test.ts';
    const hits = repositoryFiles()
      .filter((f) => f !== self && /\.(ts|js|json|md|txt|sh)$|^\.ci\//.test(f))
      .flatMap((f) => {
        let text: string;
        try {
          text = readFileSync(join(root, f), 'utf8');
        } catch {
          return [];
        }
        return text.split('\n').flatMap((line, i) => (outside.test(line) ? [`${f}:${i + 1}: ${line.trim().slice(0, 100)}`] : []));
      });
    expect(hits).toEqual([]);
  });
});
