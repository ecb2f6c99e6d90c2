import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findForbiddenApis } from './forbidden-apis.js';

const repoRoot = join(import.meta.dirname, '..');

describe('the simulated world never reads real time or real randomness', () => {
  it('core/, sim/, nemesis/, checker/ and scenarios/ are clean', () => {
    const hits = findForbiddenApis(repoRoot);
    expect(hits.map((h) => `${h.file}:${h.line}: ${h.text}`)).toEqual([]);
  });

  it('catches a planted use in each forbidden form', () => {
    const root = mkdtempSync(join(tmpdir(), 'lockstep-lint-'));
    try {
      mkdirSync(join(root, 'core', 'raft'), { recursive: true });
      mkdirSync(join(root, 'checker'), { recursive: true });
      const planted = [
        'const now = Date.now();',
        'const r = Math.random();',
        'const t = performance.now();',
        'setTimeout(() => {}, 10);',
        'setInterval(tick, 5);',
        'setImmediate(go);',
        'const [s, ns] = process.hrtime();',
      ];
      writeFileSync(join(root, 'core', 'raft', 'bad.ts'), planted.join('\n'));
      writeFileSync(join(root, 'checker', 'fine.ts'), 'export const x = 1;\n');
      // Tests may use real time: they are not part of a run.
      writeFileSync(join(root, 'checker', 'fine.test.ts'), 'const now = Date.now();\n');
      const hits = findForbiddenApis(root);
      expect(hits.map((h) => h.line)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(hits.every((h) => h.file === join('core', 'raft', 'bad.ts'))).toBe(true);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
