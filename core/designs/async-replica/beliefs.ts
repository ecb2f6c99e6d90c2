/**
 * What a client believes it holds, and until when by its own monotonic clock. A belief begins when
 * a grant arrives and ends when the application gives the lock up, or at its deadline, whichever
 * comes first; each start and end is announced as a `belief` event, the intervals the
 * mutual-exclusion checker judges.
 */
import type { Env, LocalNs } from '../../env.js';
import type { ClientEvents, Token } from './lock-api.js';
import type { TimerTable } from './timers.js';

export interface HeldLock {
  owner: string;
  token: Token;
  /** Local monotonic time at which the belief ends. */
  deadline: LocalNs;
}

export class BeliefTable {
  private readonly held = new Map<string, HeldLock & { timer: number }>();

  constructor(
    private readonly env: Env,
    private readonly timers: TimerTable,
    private readonly events: ClientEvents,
  ) {}

  /**
   * Believes `name` held until `deadline`. A grant whose deadline has already passed when it
   * arrives is not believed at all. The same grant arriving again moves the deadline only.
   */
  believe(name: string, owner: string, token: Token, deadline: LocalNs): boolean {
    if (deadline <= this.env.monotonicNs()) return false;
    const old = this.held.get(name);
    if (old !== undefined && old.token === token && old.owner === owner) {
      this.timers.cancel(old.timer);
      old.deadline = Math.max(old.deadline, deadline);
      old.timer = this.arm(name, old.deadline);
      return true;
    }
    if (old !== undefined) this.end(name, 'replaced');
    this.held.set(name, { owner, token, deadline, timer: this.arm(name, deadline) });
    this.events.emit({ type: 'belief', lock: name, token, mode: 'exclusive', held: true });
    return true;
  }

  /** Stops believing (no-op when nothing is believed). */
  end(name: string, reason: string): void {
    const h = this.held.get(name);
    if (h === undefined) return;
    this.held.delete(name);
    this.timers.cancel(h.timer);
    this.events.emit({ type: 'belief', lock: name, token: h.token, mode: 'exclusive', held: false, reason });
  }

  current(name: string): HeldLock | undefined {
    const h = this.held.get(name);
    if (h === undefined || h.deadline <= this.env.monotonicNs()) return undefined;
    return { owner: h.owner, token: h.token, deadline: h.deadline };
  }

  private arm(name: string, deadline: LocalNs): number {
    return this.timers.after(deadline - this.env.monotonicNs(), 'async-belief-deadline', () => {
      if (this.held.get(name)?.deadline === deadline) this.end(name, 'deadline');
    });
  }
}
