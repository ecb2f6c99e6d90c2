/**
 * Names in the namespace: "/ls" is the root, every other node is "/ls/<name>/<name>...".
 */
import type { Path } from './commands.js';

export const ROOT: Path = '/ls';

const NAME = /^[A-Za-z0-9_.:@-]{1,255}$/;
const MAX_PATH_LENGTH = 4096;

/** Why `path` is not a valid name, or null when it is one. */
export function pathProblem(path: string): string | null {
  if (path.length > MAX_PATH_LENGTH) return `path longer than ${MAX_PATH_LENGTH} characters`;
  if (path === ROOT) return null;
  if (!path.startsWith(`${ROOT}/`)) return `path ${JSON.stringify(path)} is not under ${ROOT}`;
  for (const name of path.slice(ROOT.length + 1).split('/')) {
    if (name === '.' || name === '..') return `path ${JSON.stringify(path)} contains "${name}"`;
    if (!NAME.test(name)) return `path ${JSON.stringify(path)} has an empty or invalid component`;
  }
  return null;
}

/** The parent directory of a valid non-root path. */
export function parentOf(path: Path): Path {
  return path.slice(0, path.lastIndexOf('/'));
}

/** The last component of a valid non-root path. */
export function nameOf(path: Path): string {
  return path.slice(path.lastIndexOf('/') + 1);
}
