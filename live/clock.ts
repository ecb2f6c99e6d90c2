/**
 * live/: real processes and real time; exempt from the determinism rules (see live/watchdog.ts).
 *
 * The run's true time: nanoseconds since the run began, from the harness's monotonic clock. Every
 * record of a live run (history, beliefs, resource writes, faults) is stamped with it, so the
 * checkers read a live history exactly as a simulated one.
 */
export class RunClock {
  private origin = process.hrtime.bigint();

  /** The run's time 0 is now (when the clients are told to go). */
  restart(): void {
    this.origin = process.hrtime.bigint();
  }

  nowNs(): number {
    return Number(process.hrtime.bigint() - this.origin);
  }
}

export const MS = 1_000_000;
export const SEC = 1_000_000_000;

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
