/** The version printed by --version: the package's own, read from its package.json. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function lockstepVersion(): string {
  // dist/cli/ when built, cli/ when run from source: the package.json is two or one folders up.
  for (const up of [['..', '..'], ['..']]) {
    try {
      const pkg = JSON.parse(readFileSync(join(import.meta.dirname, ...up, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'lockstep' && pkg.version) return pkg.version;
    } catch {
      // not this folder
    }
  }
  return 'unknown';
}
