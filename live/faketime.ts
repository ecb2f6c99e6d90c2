/**
 * live/: real processes and real time; exempt from the determinism rules (see live/watchdog.ts).
 *
 * Clock faults through libfaketime: the server is started with the library preloaded and reads its
 * offset from a file of its own, which the nemesis rewrites ("+2.5" is 2.5 s ahead of true time).
 * This reaches every runtime that asks libc for the time: Redis and the JVM. It cannot reach Go
 * (etcd): Go's runtime reads the clock through the vDSO itself, never through libc.
 */
import { existsSync, writeFileSync } from 'node:fs';

export const LIBFAKETIME_CANDIDATES = [
  '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1',
  '/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1',
  '/usr/lib/faketime/libfaketime.so.1',
];

export function libfaketimePath(): string | null {
  return LIBFAKETIME_CANDIDATES.find((p) => existsSync(p)) ?? null;
}

/** One server's fake clock: an offset from true time, in ns, written where libfaketime reads it. */
export class FakeClock {
  private offsetNs = 0;

  constructor(readonly file: string) {
    this.write();
  }

  /** The environment that puts a process under this clock. */
  env(): Record<string, string> {
    const lib = libfaketimePath();
    if (lib === null) throw new Error('libfaketime is not installed');
    return {
      LD_PRELOAD: lib,
      FAKETIME_TIMESTAMP_FILE: this.file,
      // Read the file again at most every second: a jump lands within a second of the fault.
      FAKETIME_CACHE_DURATION: '1',
      FAKETIME_DONT_RESET: '1',
    };
  }

  get offset(): number {
    return this.offsetNs;
  }

  shift(deltaNs: number): void {
    this.offsetNs += deltaNs;
    this.write();
  }

  reset(): void {
    this.offsetNs = 0;
    this.write();
  }

  private write(): void {
    const s = this.offsetNs / 1e9;
    writeFileSync(this.file, `${s >= 0 ? '+' : ''}${s.toFixed(3)}\n`);
  }
}
