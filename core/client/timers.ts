/**
 * The library's timers: each one carries its own handler, so the hosting process only has to
 * forward `onTimer` and learn whether the timer was the library's.
 */
import type { DurationNs, Env, TimerId } from '../env.js';

/** Every timer tag the library sets starts with this, so a host can tell them apart. */
export const TIMER_TAG_PREFIX = 'lock-client:';

export class Timers {
  private readonly handlers = new Map<TimerId, () => void>();

  constructor(private readonly env: Env) {}

  set(delay: DurationNs, tag: string, handler: () => void): TimerId {
    const id = this.env.setTimer(Math.max(0, delay), TIMER_TAG_PREFIX + tag);
    this.handlers.set(id, handler);
    return id;
  }

  cancel(id: TimerId | null): void {
    if (id === null) return;
    if (this.handlers.delete(id)) this.env.cancelTimer(id);
  }

  /** Runs the timer's handler; false when the timer is not one of ours (or was cancelled). */
  fire(id: TimerId): boolean {
    const handler = this.handlers.get(id);
    if (handler === undefined) return false;
    this.handlers.delete(id);
    handler();
    return true;
  }
}
