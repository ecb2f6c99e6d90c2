/**
 * live/: real processes and real time; exempt from the determinism rules (see live/watchdog.ts).
 *
 * Test helpers: run the built `lockstep` command as a user would (npm test builds it first), and
 * decide whether a target's servers are here: outside CI a missing server skips the test with a
 * message naming it; in CI (CI=true) it is a failure.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installCommand, missing } from '../binaries.js';
import { findTarget } from '../catalogue.js';

export const REPO = join(import.meta.dirname, '..', '..');
export const BIN = join(REPO, 'bin', 'lockstep.js');
export const IN_CI = process.env.CI === 'true';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function lockstep(args: string[], timeoutMs = 150_000): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    const t = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(t);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Why this target cannot run here, or null when it can. */
export function unavailable(targetName: string): string | null {
  const t = findTarget(targetName);
  if (!t) return `no live target ${targetName}`;
  if (!existsSync(join(REPO, 'dist', 'live', 'clients', 'main.js'))) return 'dist/ is not built (npm test builds it)';
  const lacking = missing(t.requires);
  return lacking.length === 0 ? null : `live target ${targetName} needs ${lacking.map((r) => r.what).join(', ')} (${installCommand(lacking)})`;
}

export interface StoryResult {
  code: number | null;
  result: Record<string, unknown> & { valid: boolean | 'unknown'; violations: { kind: string }[]; expectationMet: boolean };
  dir: string;
  stderr: string;
}

export async function runStory(target: string, recipe: string, hazard: string): Promise<StoryResult> {
  const dir = join(mkdtempSync(join(tmpdir(), 'lockstep-live-test-')), 'run');
  const run = await lockstep(['live', 'run', target, '--recipe', recipe, '--hazard', hazard, '--seed', '1', '--out', dir, '--json']);
  const file = join(dir, 'result.json');
  if (!existsSync(file)) throw new Error(`no result.json (exit ${run.code}): ${run.stderr.slice(0, 2000)}`);
  return { code: run.code, result: JSON.parse(readFileSync(file, 'utf8')), dir, stderr: run.stderr };
}

export function kindsOf(r: StoryResult): string[] {
  return [...new Set(r.result.violations.map((v) => v.kind))].sort();
}
