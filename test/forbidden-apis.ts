/**
 * Finds uses of real time and real randomness in the simulated world's source. A run must be a
 * pure function of its seed, so these directories may not read the machine's clock, schedule real
 * timers or draw real random numbers.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const SIMULATED_DIRS = ['core', 'sim', 'nemesis', 'checker', 'scenarios'];

const FORBIDDEN = /\bDate\b|Math\.random|performance\.now|setTimeout|setInterval|setImmediate|process\.hrtime/;

export interface Hit {
  file: string;
  line: number;
  text: string;
}

function isTestFile(path: string): boolean {
  return /\.test\.[cm]?[tj]s$/.test(path) || /(^|\/)(test|__tests__)\//.test(path);
}

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== 'node_modules') yield* sourceFiles(path);
    } else if (/\.[cm]?[tj]s$/.test(name) && !name.endsWith('.d.ts')) {
      yield path;
    }
  }
}

/** Every forbidden use under `root`'s simulated directories (test files excepted). */
export function findForbiddenApis(root: string, dirs: readonly string[] = SIMULATED_DIRS): Hit[] {
  const hits: Hit[] = [];
  for (const d of dirs) {
    const dir = join(root, d);
    let exists = false;
    try {
      exists = statSync(dir).isDirectory();
    } catch {
      exists = false;
    }
    if (!exists) continue;
    for (const file of sourceFiles(dir)) {
      const rel = relative(root, file);
      if (isTestFile(rel)) continue;
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((text, i) => {
          if (FORBIDDEN.test(text)) hits.push({ file: rel, line: i + 1, text: text.trim() });
        });
    }
  }
  return hits;
}
