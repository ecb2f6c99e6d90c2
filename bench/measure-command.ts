/** Runs one `lockstep` command in a child process and measures its wall time, CPU time and peak RSS. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

export interface CommandFigures {
  wallSeconds: number;
  /** User + system CPU of the whole process, every thread included. */
  cpuSeconds: number;
  maxRssMb: number;
  exitCode: number;
  stdout: string;
}

const ROOT = join(import.meta.dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'lockstep.js');
const HOOK = pathToFileURL(join(import.meta.dirname, 'usage-hook.js')).href;

/** `args` are the lockstep arguments; `{out}` in them is replaced by a fresh temporary folder. */
export function measureCommand(args: readonly string[]): CommandFigures {
  const scratch = mkdtempSync(join(tmpdir(), 'lockstep-bench-'));
  const usageFile = join(scratch, 'usage.json');
  try {
    const argv = args.map((a) => a.replace('{out}', join(scratch, 'out')));
    const start = performance.now();
    const child = spawnSync(process.execPath, ['--import', HOOK, BIN, ...argv], {
      env: { ...process.env, LOCKSTEP_USAGE_FILE: usageFile, CI: '1' },
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    });
    const wallSeconds = (performance.now() - start) / 1000;
    if (child.status === null || child.status >= 254) {
      throw new Error(`lockstep ${argv.join(' ')} failed (${child.status ?? child.signal}): ${child.stderr.split('\n')[0]}`);
    }
    const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as { cpuSeconds: number; maxRssMb: number };
    return { wallSeconds, ...usage, exitCode: child.status, stdout: child.stdout };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
