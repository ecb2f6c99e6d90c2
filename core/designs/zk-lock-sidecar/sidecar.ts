/**
 * Seed 000's sidecar, scheme a: the lock API (`tryLock(resource, owner, expire)`, `unlock`) built
 * the ZooKeeper way, with ONE SESSION PER TRY-LOCK whose timeout is the expiry the application
 * asked for. A try-lock opens a session (timeout = expire), creates the lock file in it, exclusive
 * and ephemeral, and keeps the session alive with heartbeats; when the expiry has passed the
 * sidecar closes the session, and the service deletes the file with it. Unlock closes it early.
 *
 * The sidecar speaks to the service through the lock client library's request line (leader
 * discovery, retries with exactly-once numbers); the sessions are its own, several at a time.
 *
 * What the application is told to believe is the design under test:
 * - `reply-plus-expire` (the thread's scheme a, unsafe): the lock is the application's for the
 *   expiry, counted from when the try-lock's answer came back; nothing tells it when the session
 *   ends early because heartbeats did not get through (the API has no way to say so);
 * - `send-minus-lag` (safe): the lock is believed from the moment the sidecar asked for it, for
 *   expire·(1−ε) minus a margin, and no longer than the session is known to live: it stops at the
 *   first sign of trouble, SUSPENDED (no heartbeat answered for 2/3 of the timeout), long before
 *   the service can have ended the session, or when the service says it ended. The token (the
 *   file's instance, the log index that created it) goes with the grant, for fencing.
 */
import type { ClientEvents, Holding, LockMode, Token, TryLockResult, UnlockResult } from '../../client/index.js';
import type { OverdueBelief } from '../../client/beliefs.js';
import { clientDesign } from '../../client/design.js';
import { LeaseClock, type DeadlineTimer } from '../../client/lease-clock.js';
import { BAD_REPLY, failureOf } from '../../client/outcomes.js';
import { RequestChannel, type RequestOutcome } from '../../client/request-channel.js';
import { RequestNumbers } from '../../client/request-numbers.js';
import { sessionEnded } from '../../client/session.js';
import { Timers } from '../../client/timers.js';
import type { Env, LocalNs, NodeId, Process, TimerId } from '../../env.js';
import type { Command } from '../../lock/commands.js';
import { isClientReply } from '../../server/protocol.js';

export type SidecarBelief = 'reply-plus-expire' | 'send-minus-lag';

export interface SidecarOptions {
  servers: readonly NodeId[];
  belief: SidecarBelief;
  /** Clock-rate bound and margin of the safe belief. */
  epsilon: number;
  marginNs: number;
  requestTimeoutNs: number;
  retryBackoffNs: number;
  /** A try-lock or unlock gives up after this long. */
  operationTimeoutNs: number;
  /** Where lock files live: "/ls/<resource>". */
  lockDir: string;
}

/** Told when the sidecar learns that one of its lock files exists (for the run's record). */
export type FileCreated = (resource: string, owner: string, token: Token) => void;

const NS_PER_MS = 1_000_000;
const HEARTBEAT_FRACTION = 1 / 3;
const SUSPEND_FRACTION = 2 / 3;

/** One try-lock's session and, once it got the file, its lock. */
interface Held {
  readonly resource: string;
  readonly owner: string;
  readonly session: string;
  readonly leaseNs: number;
  token: Token | null;
  believed: boolean;
  /** Lease clock: the send of the latest heartbeat the service answered (or of the open). */
  renewedAt: LocalNs;
  closed: boolean;
  heartbeat: TimerId | null;
  suspendAt: DeadlineTimer | null;
  beliefEnd: DeadlineTimer | null;
  closeAt: DeadlineTimer | null;
  /** Lease clock: the end of the belief the grant started (null before the grant). */
  until: LocalNs | null;
}

export class ZkSidecar implements Process {
  private readonly timers: Timers;
  private readonly clock: LeaseClock;
  private channel: RequestChannel | null = null;
  /** By resource and owner. */
  private readonly held = new Map<string, Held>();

  constructor(
    private readonly env: Env,
    private readonly options: SidecarOptions,
    private readonly events: ClientEvents,
    private readonly created: FileCreated = () => {},
  ) {
    this.timers = new Timers(env);
    this.clock = new LeaseClock(env, this.timers, clientDesign(), options.epsilon, options.marginNs);
  }

  start(): void {
    this.channel = new RequestChannel(this.env, this.timers, this.clock, new RequestNumbers(this.env), this.options.servers, this.options);
  }

  onMessage(_from: NodeId, message: unknown): void {
    if (isClientReply(message)) this.channel?.handleReply(message);
  }

  onTimer(id: TimerId): void {
    this.timers.fire(id);
  }

  // ---- the sidecar's lock API --------------------------------------------------------------------

  tryLock(resource: string, owner: string, expireMs: number, cb: (r: TryLockResult) => void): void {
    if (!Number.isFinite(expireMs) || expireMs <= 0) return cb({ ok: false, error: 'bad-expiry' });
    const expireNs = expireMs * NS_PER_MS;
    this.submit({ type: 'open-session', client: this.env.id, ttlNs: expireNs }, (outcome) => {
      if (outcome.kind !== 'answered') return cb(failureOf(outcome) ?? BAD_REPLY);
      const { reply, sentAt } = outcome;
      if (!reply.ok) return cb({ ok: false, error: reply.error.code });
      if (reply.type !== 'open-session') return cb(BAD_REPLY);
      const held = this.track(resource, owner, reply.session, reply.leaseNs, sentAt);
      const path = `${this.options.lockDir}/${resource}`;
      this.submit({ type: 'open', session: held.session, path, mode: 'write', create: { kind: 'file', ephemeral: true }, exclusive: true }, (created) => {
        const r = created.kind === 'gave-up' ? null : created.reply;
        if (r !== null && r.ok && r.type === 'open') return this.granted(held, r.instance, sentAt, expireNs, cb);
        // Not ours (taken, or unknown): let the session go, and the file with it if it was made.
        this.close(held);
        if (r !== null && !r.ok && r.error.code === 'exists') return cb({ ok: true, acquired: false });
        cb(failureOf(created) ?? BAD_REPLY);
      });
    });
  }

  unlock(resource: string, owner: string, cb: (r: UnlockResult) => void): void {
    const held = this.held.get(key(resource, owner));
    if (held === undefined || held.token === null) return cb({ ok: true, status: 'not-held' });
    this.stopBelieving(held, 'released');
    // The session already ended (expired, or closed at the expiry): so did the file.
    if (held.closed) return cb({ ok: true, status: 'not-held' });
    this.close(held, (outcome) => {
      if (outcome.kind !== 'gave-up' && sessionEnded(outcome.reply)) return cb({ ok: true, status: 'not-held' });
      cb(failureOf(outcome) ?? { ok: true, status: 'ok' });
    });
  }

  /** What the application may believe about `resource` now. */
  holds(resource: string): Holding {
    for (const h of this.held.values()) {
      if (h.resource !== resource || !h.believed) continue;
      // The clock, not the timer: a paused process's timers fire late.
      const end = this.believedEnd(h);
      if (this.clock.now() < end) return { held: true, token: h.token };
      const endedAgoNs = this.clock.passedAgo(end);
      return { held: false, token: h.token, ...(endedAgoNs > 0 ? { endedAgoNs } : {}) };
    }
    return { held: false, token: null };
  }

  /** The beliefs still held whose believed end has passed on the lease clock (a crash ends them). */
  overdueBeliefs(): OverdueBelief[] {
    const out: OverdueBelief[] = [];
    for (const h of this.held.values()) {
      if (!h.believed || h.token === null) continue;
      const endedAgoNs = this.clock.passedAgo(this.believedEnd(h));
      if (endedAgoNs > 0) out.push({ lock: h.resource, token: h.token, endedAgoNs });
    }
    return out;
  }

  /**
   * Where the belief ends on the lease clock: its own end, or, for the safe belief, the moment the
   * session counts as suspended if that comes first (the heartbeats that would move it are late).
   */
  private believedEnd(held: Held): LocalNs {
    const until = held.until ?? Number.POSITIVE_INFINITY;
    if (this.options.belief !== 'send-minus-lag') return until;
    return Math.min(until, held.renewedAt + Math.floor(held.leaseNs * SUSPEND_FRACTION));
  }

  // ---- one try-lock's session -------------------------------------------------------------------

  private track(resource: string, owner: string, session: string, leaseNs: number, sentAt: LocalNs): Held {
    const held: Held = { resource, owner, session, leaseNs, token: null, believed: false, renewedAt: sentAt, closed: false, heartbeat: null, suspendAt: null, beliefEnd: null, closeAt: null, until: null };
    this.held.set(key(resource, owner), held);
    this.scheduleHeartbeat(held);
    this.armSuspension(held);
    return held;
  }

  private granted(held: Held, token: Token, sentAt: LocalNs, expireNs: number, cb: (r: TryLockResult) => void): void {
    held.token = token;
    this.created(held.resource, held.owner, token);
    const safe = this.options.belief === 'send-minus-lag';
    const now = this.clock.now();
    // Scheme a closes the session once the expiry has passed, counted as the application counts it.
    const closeAt = (safe ? sentAt : now) + expireNs;
    held.closeAt = this.clock.deadline(closeAt, 'sidecar-expire', () => {
      held.closeAt = null;
      this.stopBelieving(held, 'deadline');
      this.close(held);
    });
    const until = safe ? this.clock.end(sentAt, expireNs) : closeAt;
    held.until = until;
    if (now < until && !(safe && this.suspended(held))) {
      held.believed = true;
      this.emit(held, true);
      held.beliefEnd = this.clock.deadline(until, 'sidecar-belief', () => {
        held.beliefEnd = null;
        this.stopBelieving(held, 'deadline');
      });
    }
    cb({ ok: true, acquired: true, token });
  }

  private scheduleHeartbeat(held: Held): void {
    const every = Math.max(1, Math.floor(held.leaseNs * HEARTBEAT_FRACTION));
    held.heartbeat = this.timers.set(every, 'sidecar-heartbeat', () => {
      held.heartbeat = null;
      if (held.closed) return;
      this.submit(
        { type: 'keep-alive', session: held.session },
        (outcome) => {
          if (held.closed || outcome.kind === 'gave-up') return;
          if (sessionEnded(outcome.reply)) return this.sessionOver(held);
          if (outcome.reply.ok && outcome.sentAt > held.renewedAt) {
            held.renewedAt = outcome.sentAt;
            this.armSuspension(held);
          }
        },
        { urgent: true, patienceNs: every },
      );
      this.scheduleHeartbeat(held);
    });
  }

  /** SUSPENDED: no heartbeat answered for 2/3 of the timeout. Only the safe belief listens. */
  private armSuspension(held: Held): void {
    held.suspendAt?.cancel();
    held.suspendAt = this.clock.deadline(held.renewedAt + Math.floor(held.leaseNs * SUSPEND_FRACTION), 'sidecar-suspend', () => {
      held.suspendAt = null;
      if (this.options.belief === 'send-minus-lag') this.stopBelieving(held, 'suspended');
    });
  }

  private suspended(held: Held): boolean {
    return this.clock.now() >= held.renewedAt + Math.floor(held.leaseNs * SUSPEND_FRACTION);
  }

  /** The service says the session ended: the file went with it. */
  private sessionOver(held: Held): void {
    if (this.options.belief === 'send-minus-lag') this.stopBelieving(held, 'lost');
    this.endSession(held);
  }

  private close(held: Held, onOutcome: (o: RequestOutcome) => void = () => {}): void {
    if (held.closed) return;
    this.endSession(held);
    this.submit({ type: 'close-session', session: held.session }, onOutcome);
  }

  /** The session is over for the sidecar: no more heartbeats; forgotten once nobody believes in it. */
  private endSession(held: Held): void {
    held.closed = true;
    this.timers.cancel(held.heartbeat);
    held.heartbeat = null;
    held.suspendAt?.cancel();
    held.closeAt?.cancel();
    if (!held.believed) this.forget(held);
  }

  private forget(held: Held): void {
    if (this.held.get(key(held.resource, held.owner)) === held) this.held.delete(key(held.resource, held.owner));
  }

  private stopBelieving(held: Held, reason: string): void {
    held.beliefEnd?.cancel();
    held.beliefEnd = null;
    if (!held.believed) return;
    held.believed = false;
    // However late this runs (a paused process), the belief ended when its end passed.
    this.emit(held, false, reason, this.clock.passedAgo(this.believedEnd(held)));
    if (held.closed) this.forget(held);
  }

  private emit(held: Held, believed: boolean, reason?: string, endedAgoNs = 0): void {
    const mode: LockMode = 'exclusive';
    this.events.emit({ type: 'belief', lock: held.resource, token: held.token as Token, mode, held: believed, ...(reason !== undefined ? { reason } : {}), ...(endedAgoNs > 0 ? { endedAgoNs } : {}) });
  }

  private submit(command: Command, onOutcome: (o: RequestOutcome) => void, extra: { urgent?: boolean; patienceNs?: number } = {}): void {
    if (this.channel === null) throw new Error(`sidecar ${this.env.id}: called before start()`);
    this.channel.submit({
      command,
      deadline: this.env.monotonicNs() + (extra.patienceNs ?? this.options.operationTimeoutNs),
      ...(extra.urgent ? { urgent: true } : {}),
      onOutcome,
    });
  }
}

function key(resource: string, owner: string): string {
  return `${resource}\u0000${owner}`;
}
