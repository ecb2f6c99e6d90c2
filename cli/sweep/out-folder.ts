/**
 * The folder a sweep or merge writes. Without --out, a new one in the store; with --out, a folder
 * that is new, empty, or holds an earlier sweep, whose files are removed first so that no stale run
 * folder is mixed with the new ones. Anything else is refused before a run starts.
 */
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SCENARIOS } from '../../scenarios/registry.js';
import { BadInputError } from '../errors.js';
import { newStoreFolder, refuseFileAsFolder } from '../store.js';

const SWEEP_FILES = ['summary.json', 'index.html'];

export function sweepOutFolder(out: string | undefined, storeName: string): string {
  if (out === undefined) return newStoreFolder(storeName);
  refuseFileAsFolder(out);
  if (!existsSync(out)) {
    mkdirSync(out, { recursive: true });
    return out;
  }
  const entries = readdirSync(out);
  if (entries.length === 0) return out;
  if (!entries.includes('summary.json')) {
    throw new BadInputError(`--out ${out} holds files that are not an earlier sweep's; give a new or empty folder (without --out each sweep gets its own folder under store/)`);
  }
  const scenarioNames = new Set(SCENARIOS.map((s) => s.name));
  for (const e of entries) if (SWEEP_FILES.includes(e) || scenarioNames.has(e)) rmSync(join(out, e), { recursive: true, force: true });
  return out;
}
