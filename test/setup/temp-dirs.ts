/**
 * Every test file gets a temporary folder of its own as the system's temp dir (TMPDIR, which
 * `os.tmpdir()` and the child processes a test starts read), removed when the file's tests end:
 * the folders tests make for run outputs, sweeps and schedules never pile up in /tmp.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const outer = process.env.TMPDIR;
const root = mkdtempSync(join(tmpdir(), 'lockstep-test-'));
process.env.TMPDIR = root;

afterAll(() => {
  if (outer === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = outer;
  rmSync(root, { recursive: true, force: true });
});
