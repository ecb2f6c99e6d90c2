/**
 * Lease arithmetic on the client's side. A lease is a duration the server promised; the client
 * believes it for less than that (duration·(1−ε) − margin) counted from when the request that
 * earned it was sent, on a clock that cannot jump. Each of those three choices is a design option,
 * and every one of them is read here and nowhere else.
 */
import type { DurationNs, Env, LocalNs } from '../env.js';
import type { ClientDesign } from './design.js';
import type { Timers } from './timers.js';

/** A timer that fires once the lease clock reads `at` or later. */
export interface DeadlineTimer {
  readonly at: LocalNs;
  cancel(): void;
}

export class LeaseClock {
  constructor(
    private readonly env: Env,
    private readonly timers: Timers,
    private readonly design: ClientDesign,
    private readonly epsilon: number,
    private readonly marginNs: DurationNs,
  ) {}

  /** The clock leases are counted on. */
  now(): LocalNs {
    return this.design.clockForLease === 'wall' ? this.env.wallNs() : this.env.monotonicNs();
  }

  /** How much of a lease of `durationNs` the client believes. */
  believed(durationNs: DurationNs): DurationNs {
    if (this.design.ttlMargin === 'none') return durationNs;
    return Math.max(0, Math.floor(durationNs * (1 - this.epsilon)) - this.marginNs);
  }

  /**
   * Where a lease earned by a request starts, given the lease-clock reading at the request's first
   * send: then, or (unsafe) now, as the reply arrives.
   */
  start(sentAt: LocalNs): LocalNs {
    return this.design.leaseFrom === 'receive' ? this.now() : sentAt;
  }

  /** The believed end of a lease of `durationNs` that started at `startAt`. */
  end(startAt: LocalNs, durationNs: DurationNs): LocalNs {
    return startAt + this.believed(durationNs);
  }

  /**
   * How long ago, on this process's monotonic clock, the lease clock read `at`: zero unless `at`
   * has passed. A paused process runs its timers late, but the belief they end had already ended
   * when the clock passed the deadline (`holds()` reads the clock, not the timer), so the belief's
   * end is dated back by this much; the observer, who knows the clock's true rate, turns it into
   * true time. Counted only on the monotonic clock (a wall clock may have jumped over the
   * deadline, and its reading says nothing of when).
   */
  passedAgo(at: LocalNs): DurationNs {
    if (this.design.clockForLease === 'wall') return 0;
    const late = this.now() - at;
    return late > 0 ? late : 0;
  }

  /**
   * Calls `handler` once the lease clock reads `at`. Timers run on the monotonic clock, so on a
   * wall-clock lease the timer looks again when it fires: a wall clock stepped back has moved the
   * moment further away.
   */
  deadline(at: LocalNs, tag: string, handler: () => void): DeadlineTimer {
    let id: number | null = null;
    const arm = (): void => {
      const left = at - this.now();
      if (left <= 0) {
        id = null;
        handler();
        return;
      }
      id = this.timers.set(left, tag, arm);
    };
    id = this.timers.set(Math.max(0, at - this.now()), tag, arm);
    return {
      at,
      cancel: () => {
        this.timers.cancel(id);
        id = null;
      },
    };
  }
}
