/**
 * `replica-local-timers`: each replica ends leases with its own timer, outside the log,
 * as ChubbyGo's replicas each start a release timer when they apply an acquire.
 *
 * A replica arms a timer when it applies a renewal (session open or keep-alive, TTL-lock grant),
 * for the same stretched TTL the safe policy counts in log time, but on its own clock and from the
 * moment it applied the entry. A replica that applies later, restarts (and re-arms every timer
 * from scratch), or whose clock runs at another rate, ends the lease at another point of the log
 * than its peers; expiries change the replicated state, so the replicas drift apart. The timers
 * are not part of the replicated state (they are not in the snapshot or the digest), just as a
 * goroutine's sleep is not.
 */
import type { LocalNs } from '../env.js';
import type { Command } from './commands.js';
import type { ApplyContext } from './context.js';
import type { LeasePolicy } from './lease-policy.js';
import type { Reply } from './replies.js';
import { endExpiredSessions } from './sessions.js';
import type { LockServiceState, SessionRecord } from './state.js';
import { expireTtlHolder } from './ttl-locks.js';

/** Reads the replica's own clock (the node host passes its monotonic clock). */
export type ReplicaClock = () => LocalNs;

export class ReplicaTimers {
  /** Session id → when this replica's timer for it fires. */
  private readonly sessions = new Map<string, LocalNs>();
  /** TTL resource id → the grant (token) the timer was armed for and when it fires. */
  private readonly ttlLocks = new Map<string, { token: number; firesAtNs: LocalNs }>();

  constructor(
    private readonly clock: ReplicaClock,
    private readonly policy: LeasePolicy,
  ) {}

  private firesAt(ttlNs: number): LocalNs {
    return this.clock() + this.policy.leaseEnd({ atNs: 0, ttlNs });
  }

  /** After an entry applied: arms the timers of what it granted or renewed. */
  observe(state: LockServiceState, command: Command, reply: Reply): void {
    if (!reply.ok) return;
    if (reply.type === 'open-session') this.armSession(state, reply.session);
    else if (command.type === 'keep-alive') this.armSession(state, command.session);
    else if (command.type === 'try-lock' && reply.type === 'try-lock' && reply.acquired) {
      const holder = state.ttlLocks.get(command.resourceId)?.holder;
      if (holder) this.ttlLocks.set(command.resourceId, { token: holder.token, firesAtNs: this.firesAt(holder.ttlNs) });
    }
  }

  private armSession(state: LockServiceState, id: string): void {
    const session = state.sessions.get(id);
    if (session !== undefined) this.sessions.set(id, this.firesAt(session.ttlNs));
  }

  /** After a restore: the timers of everything the snapshot holds start again, from now. */
  rearm(state: LockServiceState): void {
    this.sessions.clear();
    this.ttlLocks.clear();
    for (const session of state.sessions.values()) this.sessions.set(session.id, this.firesAt(session.ttlNs));
    for (const entry of state.ttlLocks.values()) {
      if (entry.holder !== null) this.ttlLocks.set(entry.resourceId, { token: entry.holder.token, firesAtNs: this.firesAt(entry.holder.ttlNs) });
    }
  }

  /** Fires every timer that is due: its session or TTL grant, if still there, ends as expired. */
  fire(ctx: ApplyContext): void {
    const now = this.clock();
    const { state } = ctx;
    const expiring: SessionRecord[] = [];
    for (const [id, firesAtNs] of this.sessions) {
      if (firesAtNs > now) continue;
      this.sessions.delete(id);
      const session = state.sessions.get(id);
      if (session !== undefined) expiring.push(session);
    }
    endExpiredSessions(ctx, expiring);
    for (const [resourceId, timer] of this.ttlLocks) {
      if (timer.firesAtNs > now) continue;
      this.ttlLocks.delete(resourceId);
      const entry = state.ttlLocks.get(resourceId);
      if (entry?.holder?.token !== timer.token) continue;
      expireTtlHolder(ctx, entry, entry.holder);
      if (entry.grantableAtNs <= state.clockNs) state.ttlLocks.delete(resourceId);
    }
  }
}
