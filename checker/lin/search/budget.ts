/**
 * How much search a check may spend before it answers "unknown". The checker may not read a
 * clock of its own (a run must be a pure function of its seed), so time is measured only with a
 * `now` the caller passes in; without one the budget counts search steps.
 */

export type Exhaustion = 'time' | 'steps' | 'configurations' | 'memory';

export interface BudgetLimits {
  /** Wall-clock limit in the units of `now` (milliseconds); needs `now`. */
  timeLimitMs?: number;
  /** The caller's clock in milliseconds (cli and bench pass the high-resolution timer of perf_hooks). */
  now?: () => number;
  /** Search steps (one step = one look at one list entry), across the whole check. */
  maxSteps?: number;
  /** Cached configurations one search may hold at once: the memory bound. */
  maxConfigurations?: number;
  /**
   * Bytes the configuration cache of one search may take (default 256 MB; the cli passes a
   * quarter of the machine's memory). At the limit the cache first forgets the configurations
   * wholly behind the search's low-water mark; the search ends "unknown (memory)" only when that
   * frees less than half.
   */
  maxCacheBytes?: number;
}

export const DEFAULT_MAX_STEPS = 200_000_000;
export const DEFAULT_MAX_CONFIGURATIONS = 2_000_000;
export const DEFAULT_MAX_CACHE_BYTES = 256 * 1024 * 1024;

export class Budget {
  steps = 0;
  exhausted: Exhaustion | null = null;

  private constructor(
    private readonly now: (() => number) | undefined,
    private readonly deadline: number,
    private readonly maxSteps: number,
    readonly maxConfigurations: number,
    readonly maxCacheBytes: number,
    /** A slice charges its steps to its parent too, and ends when the parent does. */
    private readonly parent: Budget | null = null,
  ) {}

  static of(limits: BudgetLimits = {}): Budget {
    if (limits.timeLimitMs !== undefined && limits.now === undefined) {
      throw new TypeError('timeLimitMs needs a clock: pass now (a function returning milliseconds), or limit maxSteps instead');
    }
    const deadline = limits.now && limits.timeLimitMs !== undefined ? limits.now() + limits.timeLimitMs : Infinity;
    return new Budget(
      limits.now,
      deadline,
      limits.maxSteps ?? DEFAULT_MAX_STEPS,
      limits.maxConfigurations ?? DEFAULT_MAX_CONFIGURATIONS,
      limits.maxCacheBytes ?? DEFAULT_MAX_CACHE_BYTES,
    );
  }

  /** Records `n` more steps; false (and `exhausted` set) once the steps or the time are used up. */
  spend(n: number): boolean {
    if (this.exhausted !== null) return false;
    this.steps += n;
    if (this.parent !== null && !this.parent.spend(n)) this.exhausted = this.parent.exhausted;
    else if (this.steps > this.maxSteps) this.exhausted = 'steps';
    else if (this.now !== undefined && this.now() > this.deadline) this.exhausted = 'time';
    return this.exhausted === null;
  }

  /** At most `maxSteps` of this budget's steps (and time), for one attempt among several. */
  slice(maxSteps: number): Budget {
    return new Budget(this.now, this.deadline, maxSteps, this.maxConfigurations, this.maxCacheBytes, this);
  }

  /** Steps left before `maxSteps`. */
  get stepsLeft(): number {
    return Math.max(0, this.maxSteps - this.steps);
  }

  /**
   * A budget for side work (explaining a violation) with `maxSteps` of its own, ending at this
   * budget's deadline too, or `maxMs` from now when given (and a clock is); its steps are not
   * charged to this budget.
   */
  sub(maxSteps: number, maxMs?: number): Budget {
    const deadline = this.now !== undefined && maxMs !== undefined ? Math.min(this.deadline, this.now() + maxMs) : this.deadline;
    return new Budget(this.now, deadline, maxSteps, this.maxConfigurations, this.maxCacheBytes);
  }

  /** True while the deadline (if any) has not passed. */
  hasTime(): boolean {
    return this.now === undefined || this.now() <= this.deadline;
  }
}
