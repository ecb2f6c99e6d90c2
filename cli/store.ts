/**
 * The results store, laid out as Jepsen's: `store/<name>/<timestamp>/` per run or sweep, with
 * `store/<name>/latest` and `store/latest` pointing at the newest. The timestamp comes from the
 * real clock: the command may read it, the simulated world never does.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, rmSync, statSync, symlinkSync, unlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { BadInputError } from './errors.js';

export const STORE_ROOT = 'store';

/** 20261207T151822.123Z: sorts by time, and has no character a shell or a URL minds. */
export function timestampName(at: Date): string {
  return at.toISOString().replace(/[-:]/g, '');
}

function pointLatest(linkDir: string, target: string): void {
  const link = join(linkDir, 'latest');
  try {
    if (existsSync(link) || lstatSync(link, { throwIfNoEntry: false })) unlinkSync(link);
    symlinkSync(relative(linkDir, target), link, 'dir');
  } catch {
    // A file system without symbolic links still gets the folder; only the shortcut is missing.
  }
}

/** A new, empty folder `store/<name>/<timestamp>/`, with both `latest` links moved to it. */
export function newStoreFolder(name: string, root: string = STORE_ROOT, at: Date = new Date()): string {
  const parent = join(root, name);
  mkdirSync(parent, { recursive: true });
  const base = timestampName(at);
  let dir = join(parent, base);
  for (let n = 2; existsSync(dir); n++) dir = join(parent, `${base}-${n}`);
  mkdirSync(dir);
  pointLatest(parent, dir);
  pointLatest(root, dir);
  return dir;
}

/** The store name of a sweep: its one scenario, `all`, or the scenarios joined with `+`. */
export function storeNameFor(scenarios: readonly string[], all: boolean): string {
  if (all) return 'all';
  return scenarios.length === 1 ? (scenarios[0] as string) : [...scenarios].sort().join('+');
}

/** Refuses an --out that names an existing file (before any run starts, so nothing is lost). */
export function refuseFileAsFolder(out: string, flag = '--out'): void {
  const st = statSync(out, { throwIfNoEntry: false });
  if (st && !st.isDirectory()) throw new BadInputError(`${flag} ${out} is an existing file, not a folder; give a folder`);
}

/** Whether a folder is missing or empty. */
export function isEmptyFolder(dir: string): boolean {
  return !existsSync(dir) || readdirSync(dir).length === 0;
}

/** Removes a folder's entries that `keep` does not name (used to clear a previous sweep). */
export function removeEntries(dir: string, names: Iterable<string>): void {
  for (const n of names) rmSync(join(dir, n), { recursive: true, force: true });
}
