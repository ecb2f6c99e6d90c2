/**
 * The grants the client knows of and whether it believes in them. A belief starts when a grant is
 * learned and ends, once and for good, when the application releases, the believed lease runs
 * out, or the session is lost or (by the design's policy) suspended. The `belief` events are the
 * intervals the mutual-exclusion checker judges, so each one is emitted exactly once.
 */
import type { LocalNs } from '../env.js';
import type { Holding, LockMode, Token } from './api.js';
import type { ClientEvents } from './events.js';
import type { DeadlineTimer, LeaseClock } from './lease-clock.js';
import type { LiveSession } from './session.js';

export interface KnownGrant {
  readonly lock: string;
  readonly kind: 'file' | 'ttl';
  readonly token: Token;
  readonly mode: LockMode;
  /** The session a file lock was granted to (null for TTL locks). */
  readonly session: LiveSession | null;
  /**
   * Lease clock: the end of the belief when it is the grant's own (TTL locks, or a grant believed
   * outside its session's lease); null when it follows the session's lease.
   */
  readonly until: LocalNs | null;
  believed: boolean;
  timer: DeadlineTimer | null;
}

/** A belief whose believed end already passed on the client's clock, and how long ago. */
export interface OverdueBelief {
  readonly lock: string;
  readonly token: Token;
  readonly endedAgoNs: number;
}

/**
 * A process whose beliefs an observer can read when it is killed. A frozen process does not end a
 * belief whose deadline passed while it was frozen until it runs again, and a crash ends it before
 * it runs again; the observer dates such a belief's end at its deadline, not at the crash.
 */
export interface BeliefInspection {
  overdueBeliefs(): OverdueBelief[];
}

export function inspectsBeliefs(x: unknown): x is BeliefInspection {
  return typeof x === 'object' && x !== null && typeof (x as Partial<BeliefInspection>).overdueBeliefs === 'function';
}

export class Beliefs {
  private readonly grants = new Map<string, KnownGrant>();

  constructor(
    private readonly clock: LeaseClock,
    private readonly events: ClientEvents,
  ) {}

  get(lock: string): KnownGrant | undefined {
    return this.grants.get(lock);
  }

  /**
   * Records a grant. `believe`: whether the client trusts it now; a grant with its own end gets a
   * timer that ends the belief there.
   */
  learn(grant: Omit<KnownGrant, 'believed' | 'timer'>, believe: boolean): KnownGrant {
    const previous = this.grants.get(grant.lock);
    if (previous !== undefined) this.forget(previous, 'superseded');
    const known: KnownGrant = { ...grant, believed: believe, timer: null };
    this.grants.set(grant.lock, known);
    if (!believe) return known;
    this.events.emit({ type: 'belief', lock: known.lock, token: known.token, mode: known.mode, held: true });
    if (known.until !== null) {
      known.timer = this.clock.deadline(known.until, 'belief', () => {
        known.timer = null;
        this.stopBelieving(known, 'deadline');
      });
    }
    return known;
  }

  /** What the client believes about `lock` now. */
  holds(lock: string): Holding {
    const grant = this.grants.get(lock);
    if (grant === undefined) return { held: false, token: null };
    if (!grant.believed) return { held: false, token: grant.token };
    if (this.clock.now() < this.endOf(grant)) return { held: true, token: grant.token };
    const endedAgoNs = this.clock.passedAgo(this.believedEnd(grant));
    return { held: false, token: grant.token, ...(endedAgoNs > 0 ? { endedAgoNs } : {}) };
  }

  /** Ends the belief in a grant (if any) but keeps the grant known, so it can still be released. */
  stopBelieving(grant: KnownGrant, reason: string): void {
    grant.timer?.cancel();
    grant.timer = null;
    if (!grant.believed) return;
    grant.believed = false;
    // A belief cannot outlive its believed end, whatever ends it and however late that comes.
    const endedAgoNs = this.clock.passedAgo(this.believedEnd(grant));
    this.events.emit({ type: 'belief', lock: grant.lock, token: grant.token, mode: grant.mode, held: false, reason, ...(endedAgoNs > 0 ? { endedAgoNs } : {}) });
  }

  /** Ends the belief and forgets the grant. */
  forget(grant: KnownGrant, reason: string): void {
    this.stopBelieving(grant, reason);
    if (this.grants.get(grant.lock) === grant) this.grants.delete(grant.lock);
  }

  /** The beliefs still held whose believed end has passed on the lease clock (none on a wall clock). */
  overdue(): OverdueBelief[] {
    const out: OverdueBelief[] = [];
    for (const g of this.grants.values()) {
      if (!g.believed) continue;
      const endedAgoNs = this.clock.passedAgo(this.believedEnd(g));
      if (endedAgoNs > 0) out.push({ lock: g.lock, token: g.token, endedAgoNs });
    }
    return out;
  }

  /** Every file-lock grant of `session` whose belief follows the session's lease. */
  ofSession(session: LiveSession): KnownGrant[] {
    return [...this.grants.values()].filter((g) => g.session === session && g.until === null);
  }

  /** The end the belief had on the lease clock, lost session or not (null session: no end known). */
  private believedEnd(grant: KnownGrant): LocalNs {
    if (grant.until !== null) return grant.until;
    return grant.session === null ? Number.POSITIVE_INFINITY : grant.session.trustedUntil;
  }

  private endOf(grant: KnownGrant): LocalNs {
    if (grant.until !== null) return grant.until;
    const session = grant.session;
    return session === null || session.lost ? Number.NEGATIVE_INFINITY : session.trustedUntil;
  }
}
