/**
 * Timers by callback: a component sets a timer with what to do when it fires, and the host hands
 * every fired timer to `fire`, which tells whether the timer was one of this table's.
 */
import type { DurationNs, Env, TimerId } from '../../env.js';

export class TimerTable {
  private readonly actions = new Map<TimerId, () => void>();

  constructor(private readonly env: Env) {}

  after(delay: DurationNs, tag: string, action: () => void): TimerId {
    const id = this.env.setTimer(Math.max(0, delay), tag);
    this.actions.set(id, action);
    return id;
  }

  cancel(id: TimerId | null): void {
    if (id === null) return;
    this.env.cancelTimer(id);
    this.actions.delete(id);
  }

  /** Runs the timer's action; false when the timer is not one of this table's. */
  fire(id: TimerId): boolean {
    const action = this.actions.get(id);
    if (action === undefined) return false;
    this.actions.delete(id);
    action();
    return true;
  }
}
