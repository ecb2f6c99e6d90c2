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

/** How often a drifting clock's file is rewritten: libfaketime reads it at most once a second. */
const DRIFT_STEP_MS = 250;

/**
 * One server's fake clock: an offset from true time, in ns, written where libfaketime reads it.
 * Steps (offsets, jumps, strobe flips) add up in `steps`. A drift is a ramp: libfaketime's own
 * rate setting counts from the process's start, so changing it mid-run would step the clock; the
 * ramp instead rewrites the offset every quarter second, and the server sees a staircase of steps
 * of at most ppm × 1 s (0.1 ms at 100 ppm). When a drift ends, what it accumulated stays, as a
 * drifted clock keeps its error until it is set again; `reset` (the final heal) clears it all.
 */
export class FakeClock {
  private steps = 0;
  private ppm = 0;
  /** Drift accumulated before the current rate took effect. */
  private drifted = 0;
  private since = process.hrtime.bigint();
  private ramp: NodeJS.Timeout | null = null;

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

  /** The offset from true time now, in ns. */
  get offset(): number {
    return this.steps + this.driftNow();
  }

  get driftPpm(): number {
    return this.ppm;
  }

  shift(deltaNs: number): void {
    this.steps += deltaNs;
    this.write();
  }

  /** Runs the clock `ppm` parts per million fast (negative: slow) from now on; 0 stops drifting. */
  setDrift(ppm: number): void {
    this.drifted = this.driftNow();
    this.since = process.hrtime.bigint();
    this.ppm = ppm;
    if (ppm !== 0 && this.ramp === null) {
      this.ramp = setInterval(() => this.write(), DRIFT_STEP_MS);
      this.ramp.unref();
    }
    if (ppm === 0) this.stopRamp();
    this.write();
  }

  reset(): void {
    this.stopRamp();
    this.steps = 0;
    this.ppm = 0;
    this.drifted = 0;
    this.write();
  }

  private driftNow(): number {
    return this.drifted + (Number(process.hrtime.bigint() - this.since) * this.ppm) / 1e6;
  }

  private stopRamp(): void {
    if (this.ramp !== null) clearInterval(this.ramp);
    this.ramp = null;
  }

  private write(): void {
    const s = this.offset / 1e9;
    writeFileSync(this.file, `${s >= 0 ? '+' : ''}${s.toFixed(6)}\n`);
  }
}
