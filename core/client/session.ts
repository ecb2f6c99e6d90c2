/**
 * The client's session and its lease, after Chubby's client and Curator's connection states.
 *
 * The session is opened before the first lock call and kept alive with a keep-alive every part of
 * the lease. Each answered keep-alive renews the lease from when it was sent; the client believes
 * the lease until `trustedUntil`, a conservative end that falls before the server's. When no
 * keep-alive has been answered for a part of the lease the session is SUSPENDED (jeopardy: it may
 * be gone); an answer in time makes it RECONNECTED; at `trustedUntil`, or when the server says the
 * session ended, it is LOST, and the next lock call opens a new one.
 */
import type { DurationNs, Env, LocalNs } from '../env.js';
import type { SessionId } from '../lock/commands.js';
import type { Reply } from '../lock/replies.js';
import type { SessionState } from './api.js';
import { clientDeadline } from './client-deadline.js';
import type { DeadlineTimer, LeaseClock } from './lease-clock.js';
import type { ResolvedClientOptions } from './options.js';
import type { RequestChannel, Ticket } from './request-channel.js';
import type { Timers } from './timers.js';

/** One session as the client knows it. A new session is a new object. */
export interface LiveSession {
  readonly id: SessionId;
  /** The lease the server granted. */
  readonly leaseNs: DurationNs;
  /** Lease clock: the believed end of the lease. */
  trustedUntil: LocalNs;
  /** Lease clock: where the latest answered renewal started counting. */
  renewedAt: LocalNs;
  state: Exclude<SessionState, 'lost'>;
  /** Lease clock: when the session last went SUSPENDED; null while it is in contact. */
  suspendedAt: LocalNs | null;
  lost: boolean;
}

/** Why a session was given up: its believed lease ran out, or the server said it ended. */
export type LossReason = 'deadline' | 'lost';

export interface SessionHooks {
  emit(state: SessionState): void;
  /** The session went SUSPENDED (before the event is emitted). */
  suspended(session: LiveSession): void;
  /** The session is LOST (before the event is emitted). */
  lost(session: LiveSession, reason: LossReason): void;
}

/** Answer to `ensure`: the session to use, or why there is none. */
export type SessionAnswer = { ok: true; session: LiveSession } | { ok: false; error: string };

/** Error codes by which the server says a session is over. */
const ENDED: ReadonlySet<string> = new Set(['session-expired', 'session-closed', 'no-such-session']);

export function sessionEnded(reply: Reply): boolean {
  return !reply.ok && ENDED.has(reply.error.code);
}

export class SessionKeeper {
  private session: LiveSession | null = null;
  private opening: Array<(answer: SessionAnswer) => void> | null = null;
  private keepAliveTimer: number | null = null;
  private keepAlive: Ticket | null = null;
  private suspendTimer: DeadlineTimer | null = null;
  private deadlineTimer: DeadlineTimer | null = null;

  constructor(
    private readonly env: Env,
    private readonly timers: Timers,
    private readonly clock: LeaseClock,
    private readonly channel: RequestChannel,
    private readonly options: ResolvedClientOptions,
    private readonly hooks: SessionHooks,
  ) {}

  /** The current session (possibly suspended), or null. */
  get current(): LiveSession | null {
    return this.session;
  }

  /** Whether the lease of `session` is believed now. */
  trusted(session: LiveSession): boolean {
    return !session.lost && this.clock.now() < session.trustedUntil;
  }

  /** Calls back with the current session, opening one first if there is none. */
  ensure(answer: (a: SessionAnswer) => void): void {
    if (this.session !== null) return answer({ ok: true, session: this.session });
    if (this.opening !== null) {
      this.opening.push(answer);
      return;
    }
    this.opening = [answer];
    this.channel.submit({
      command: { type: 'open-session', client: this.env.id, ttlNs: this.options.sessionTtlNs, ...clientDeadline(this.env, this.options.sessionTtlNs) },
      deadline: this.env.monotonicNs() + this.options.operationTimeoutNs,
      onOutcome: (outcome) => {
        const waiting = this.opening ?? [];
        this.opening = null;
        let result: SessionAnswer;
        if (outcome.kind === 'gave-up') result = { ok: false, error: 'timeout' };
        else if (!outcome.reply.ok) result = { ok: false, error: outcome.reply.error.code };
        else if (outcome.reply.type !== 'open-session') result = { ok: false, error: 'bad-reply' };
        else result = { ok: true, session: this.begin(outcome.reply.session, outcome.reply.leaseNs, outcome.sentAt) };
        for (const w of waiting) w(result);
      },
    });
  }

  /** A reply to a command of `session` said the session is over. */
  serverEnded(session: LiveSession): void {
    if (session === this.session) this.lose('lost');
  }

  private begin(id: SessionId, leaseNs: DurationNs, sentAt: LocalNs): LiveSession {
    const renewedAt = this.clock.start(sentAt);
    const session: LiveSession = { id, leaseNs, renewedAt, trustedUntil: this.clock.end(renewedAt, leaseNs), state: 'connected', suspendedAt: null, lost: false };
    this.session = session;
    this.armLeaseTimers(session);
    this.scheduleKeepAlive(session);
    this.env.trace('client-session', { session: id, state: 'connected', leaseNs });
    this.hooks.emit('connected');
    return session;
  }

  private scheduleKeepAlive(session: LiveSession): void {
    const every = Math.max(1, Math.floor(session.leaseNs * this.options.keepAliveFraction));
    this.keepAliveTimer = this.timers.set(every, 'keep-alive', () => {
      this.keepAliveTimer = null;
      if (session !== this.session) return;
      if (this.keepAlive === null) this.sendKeepAlive(session, every);
      this.scheduleKeepAlive(session);
    });
  }

  private sendKeepAlive(session: LiveSession, every: DurationNs): void {
    const ticket = this.channel.submit({
      command: { type: 'keep-alive', session: session.id, ...clientDeadline(this.env, session.leaseNs) },
      // An unanswered keep-alive makes way for the next one, which counts from a later send.
      deadline: this.env.monotonicNs() + every,
      urgent: true,
      onOutcome: (outcome) => {
        if (this.keepAlive === ticket) this.keepAlive = null;
        if (outcome.kind === 'gave-up' || session !== this.session) return;
        const reply = outcome.reply;
        if (sessionEnded(reply)) return this.lose('lost');
        if (!reply.ok || reply.type !== 'keep-alive') return;
        this.renewed(session, this.clock.start(outcome.sentAt), reply.leaseNs);
      },
    });
    this.keepAlive = ticket;
  }

  private renewed(session: LiveSession, startAt: LocalNs, leaseNs: DurationNs): void {
    const until = this.clock.end(startAt, leaseNs);
    if (startAt > session.renewedAt) session.renewedAt = startAt;
    if (until > session.trustedUntil) session.trustedUntil = until;
    this.armLeaseTimers(session);
    if (session.state === 'suspended' && this.trusted(session)) {
      session.state = 'reconnected';
      session.suspendedAt = null;
      // In contact again: the suspension's LOST timer is void, and a new silence must suspend.
      if (this.options.design.lostAfter === 'timeout-after-suspended') this.armLeaseTimers(session);
      this.env.trace('client-session', { session: session.id, state: 'reconnected' });
      this.hooks.emit('reconnected');
    }
  }

  private armLeaseTimers(session: LiveSession): void {
    this.suspendTimer?.cancel();
    this.deadlineTimer?.cancel();
    const suspendAt = session.renewedAt + Math.floor(session.leaseNs * this.options.suspendFraction);
    this.suspendTimer = session.state === 'suspended' ? null : this.clock.deadline(suspendAt, 'suspend', () => this.suspend(session));
    const lostAt = this.lostAt(session);
    this.deadlineTimer =
      lostAt === null
        ? null
        : this.clock.deadline(lostAt, 'lease', () => {
            if (session === this.session) this.lose('deadline');
          });
  }

  /** When the session becomes LOST unless renewed first (null: not while it is in contact). */
  private lostAt(session: LiveSession): LocalNs | null {
    if (this.options.design.lostAfter === 'lease-end') return session.trustedUntil;
    // Curator 3.x starts its timer when the connection drops and runs it for the negotiated
    // session timeout, although the server counts from the last message it heard.
    return session.suspendedAt === null ? null : session.suspendedAt + session.leaseNs;
  }

  private suspend(session: LiveSession): void {
    this.suspendTimer = null;
    if (session !== this.session || session.state === 'suspended') return;
    session.state = 'suspended';
    session.suspendedAt = this.clock.now();
    if (this.options.design.lostAfter === 'timeout-after-suspended') this.armLeaseTimers(session);
    this.env.trace('client-session', { session: session.id, state: 'suspended' });
    this.hooks.suspended(session);
    this.hooks.emit('suspended');
  }

  private lose(reason: LossReason): void {
    const session = this.session;
    if (session === null) return;
    this.session = null;
    session.lost = true;
    this.suspendTimer?.cancel();
    this.deadlineTimer?.cancel();
    this.suspendTimer = null;
    this.deadlineTimer = null;
    this.timers.cancel(this.keepAliveTimer);
    this.keepAliveTimer = null;
    this.keepAlive?.cancel();
    this.keepAlive = null;
    this.env.trace('client-session', { session: session.id, state: 'lost', reason });
    this.hooks.lost(session, reason);
    this.hooks.emit('lost');
    if (reason === 'deadline') {
      // The server may still keep the session (and its locks) for a while: let it go now, so
      // that others need not wait for the expiry. Best effort; nothing waits for the answer.
      this.channel.submit({
        command: { type: 'close-session', session: session.id, lapsed: true },
        deadline: this.env.monotonicNs() + this.options.operationTimeoutNs,
        onOutcome: () => {},
      });
    }
  }
}
