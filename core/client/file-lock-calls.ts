/**
 * Acquire and release of the namespace's locks.
 *
 * An acquire opens the lock file (created as a permanent file if absent), then asks for the lock
 * and waits in its queue: the server answers `final: false` at once and the grant later. A grant
 * is believed for as long as the session's lease is; the safe client first checks that the
 * session it asked under is still one it trusts (waiter-expired-grant), and hands back a grant it cannot
 * believe. An acquire the client gives up on is cleaned up on the server: its lock file is closed,
 * which drops the waiting request or frees a grant whose answer was lost, and a grant that still
 * arrives for it is released at once.
 */
import type { Env, LocalNs } from '../env.js';
import type { Path, SessionId } from '../lock/commands.js';
import { pathProblem, ROOT } from '../lock/paths.js';
import type { Reply } from '../lock/replies.js';
import type { AcquireResult, CallFailure, Callback, LockMode, ReleaseResult, Token } from './api.js';
import type { Beliefs } from './beliefs.js';
import type { LeaseClock } from './lease-clock.js';
import type { ResolvedClientOptions } from './options.js';
import { BAD_REPLY, failureOf, gaveUp } from './outcomes.js';
import type { RequestChannel, RequestOutcome, Ticket } from './request-channel.js';
import { sessionEnded, type LiveSession, type LossReason, type SessionKeeper } from './session.js';
import type { Timers } from './timers.js';

interface AcquireCall {
  readonly lock: string;
  readonly path: Path;
  readonly mode: LockMode;
  readonly cb: Callback<AcquireResult>;
  readonly startedAt: LocalNs;
  session: LiveSession | null;
  ticket: Ticket | null;
  waitTimer: number | null;
  /** While queued: the next check on whether the grant came and its answer was lost. */
  pollTimer: number | null;
  /** Waiting in the lock's queue for the final answer. */
  queued: boolean;
  done: boolean;
}

/** How many given-up acquires are remembered for a late grant. */
const MAX_ABANDONED = 256;

/** An acquire given up while the server may still grant it. */
interface Abandoned {
  path: Path;
  session: SessionId;
}

/** The namespace path of a lock name: a path as it is, a bare name under the lock directory. */
export function lockPath(lockDir: string, lock: string): Path {
  return lock.startsWith('/') ? lock : `${lockDir}/${lock}`;
}

export class FileLockCalls {
  private readonly calls = new Set<AcquireCall>();
  /** Given-up acquires by sequence number: a grant that arrives for one is released at once. */
  private readonly abandoned = new Map<number, Abandoned>();

  constructor(
    private readonly env: Env,
    private readonly timers: Timers,
    private readonly clock: LeaseClock,
    private readonly channel: RequestChannel,
    private readonly sessions: SessionKeeper,
    private readonly beliefs: Beliefs,
    private readonly options: ResolvedClientOptions,
  ) {}

  acquire(lock: string, mode: LockMode, cb: Callback<AcquireResult>): void {
    const path = lockPath(this.options.lockDir, lock);
    const problem = path === ROOT ? 'the root cannot be locked' : pathProblem(path);
    if (problem !== null || (mode !== 'exclusive' && mode !== 'shared')) {
      return cb({ ok: false, error: problem !== null ? 'bad-path' : 'bad-mode' });
    }
    const call: AcquireCall = { lock, path, mode, cb, startedAt: this.env.monotonicNs(), session: null, ticket: null, waitTimer: null, pollTimer: null, queued: false, done: false };
    this.calls.add(call);
    const deadline = call.startedAt + this.options.operationTimeoutNs;
    this.sessions.ensure((answer) => {
      if (!answer.ok) return this.finish(call, { ok: false, error: answer.error });
      const session = answer.session;
      call.session = session;
      call.ticket = this.channel.submit({
        command: { type: 'open', session: session.id, path, mode: 'write', create: { kind: 'file' } },
        deadline,
        onOutcome: (outcome) => {
          call.ticket = null;
          // The open grants nothing, so a give-up here leaves the lock untouched.
          const failed = outcome.kind === 'gave-up' ? gaveUp(false) : this.refused(session, outcome);
          if (failed !== null) return this.finish(call, failed);
          if (session.lost) return this.finish(call, { ok: false, error: 'session-lost' });
          this.ask(call, session, deadline);
        },
      });
    });
  }

  release(lock: string, token: Token, cb: Callback<ReleaseResult>): void {
    const path = lockPath(this.options.lockDir, lock);
    const known = this.beliefs.get(lock);
    const grant = known !== undefined && known.kind === 'file' && known.token === token ? known : undefined;
    // The application stops relying on the lock the moment it lets go.
    if (grant !== undefined) this.beliefs.forget(grant, 'released');
    const session = (grant ?? known)?.session ?? this.sessions.current;
    if (session === null) return cb({ ok: false, error: 'not-held' });
    this.channel.submit({
      command: { type: 'release', session: session.id, path, token },
      deadline: this.env.monotonicNs() + this.options.operationTimeoutNs,
      onOutcome: (outcome) => cb(this.refused(session, outcome) ?? { ok: true }),
    });
  }

  /** An answer nobody waits for: a grant of a given-up acquire goes straight back. */
  stray(seq: number, reply: Reply): void {
    const abandoned = this.abandoned.get(seq);
    if (abandoned === undefined) return;
    this.abandoned.delete(seq);
    if (reply.ok && reply.type === 'acquire' && reply.granted) this.handBack(abandoned.session, abandoned.path, reply.token);
  }

  /** The session went SUSPENDED: under the safe policy its locks are no longer believed. */
  suspended(session: LiveSession): void {
    if (this.options.design.onSuspended !== 'treat-as-lost') return;
    for (const grant of this.beliefs.ofSession(session)) this.beliefs.stopBelieving(grant, 'suspended');
  }

  /** The session is LOST: its locks are gone, and (safe design) so are the acquires waiting under it. */
  lost(session: LiveSession, reason: LossReason): void {
    for (const grant of this.beliefs.ofSession(session)) this.beliefs.forget(grant, reason);
    if (!this.options.design.recheckAfterWait) return;
    for (const call of [...this.calls]) {
      if (call.session !== session || !call.queued) continue;
      this.giveUp(call, { ok: false, error: reason === 'lost' ? 'session-expired' : 'session-lost', indeterminate: true }, false);
    }
  }

  private ask(call: AcquireCall, session: LiveSession, deadline: LocalNs): void {
    const ticket = this.channel.submit({
      command: { type: 'acquire', session: session.id, path: call.path, mode: call.mode, wait: true },
      deadline,
      onOutcome: (outcome) => {
        if (outcome.kind === 'gave-up') {
          call.ticket = null;
          if (!outcome.sent) return this.finish(call, gaveUp(false));
          return this.giveUp(call, gaveUp(true), true, ticket.seq);
        }
        if (outcome.kind === 'queued') return this.wait(call);
        call.ticket = null;
        this.answered(call, session, outcome.reply);
      },
      onFinal: (reply) => {
        call.ticket = null;
        this.answered(call, session, reply);
      },
    });
    call.ticket = ticket;
  }

  private wait(call: AcquireCall): void {
    call.queued = true;
    if (call.session?.lost && this.options.design.recheckAfterWait) {
      // Queued under a session that was given up while the request was on its way.
      return this.giveUp(call, { ok: false, error: 'session-lost', indeterminate: true }, false);
    }
    const waited = this.env.monotonicNs() - call.startedAt;
    call.waitTimer = this.timers.set(this.options.acquireMaxWaitNs - waited, 'acquire-wait', () => {
      call.waitTimer = null;
      this.giveUp(call, gaveUp(true), true);
    });
    this.schedulePoll(call);
  }

  /**
   * The final answer of a queued acquire can be lost (a dropped packet, a failover), and a retry
   * of the same request may only find the "queued" reply. So a waiting call asks again now and
   * then with a fresh request: `already-waiting` means keep waiting; `already-held` (with the
   * grant's token) means the grant came and its answer was lost.
   */
  private schedulePoll(call: AcquireCall): void {
    const session = call.session;
    if (session === null || call.done) return;
    const every = Math.max(this.options.requestTimeoutNs * 4, Math.floor(session.leaseNs / 3));
    call.pollTimer = this.timers.set(every, 'acquire-poll', () => {
      call.pollTimer = null;
      if (call.done || !call.queued || session.lost) return;
      this.channel.submit({
        command: { type: 'acquire', session: session.id, path: call.path, mode: call.mode, wait: false },
        deadline: this.env.monotonicNs() + this.options.operationTimeoutNs,
        onOutcome: (outcome) => {
          if (call.done || outcome.kind === 'gave-up' || outcome.kind === 'queued') return this.schedulePoll(call);
          const reply = outcome.reply;
          if (!reply.ok && reply.error.code === 'already-held' && reply.error.token !== undefined) {
            return this.granted(call, session, reply.error.token, call.mode);
          }
          if (reply.ok && reply.type === 'acquire' && reply.granted) return this.granted(call, session, reply.token, reply.mode);
          this.schedulePoll(call);
        },
      });
    });
  }

  private answered(call: AcquireCall, session: LiveSession, reply: Reply): void {
    if (call.done) return;
    // This session already holds the lock: an earlier acquire was granted after the client gave
    // up on it. The grant is ours (the server names its token); refusing it would leave the lock
    // with a live session that nobody will ever release.
    if (!reply.ok && reply.error.code === 'already-held' && reply.error.token !== undefined) {
      return this.granted(call, session, reply.error.token, call.mode);
    }
    if (!reply.ok) {
      if (sessionEnded(reply)) this.sessions.serverEnded(session);
      return this.finish(call, { ok: false, error: reply.error.code });
    }
    if (reply.type !== 'acquire') return this.finish(call, BAD_REPLY);
    if (!reply.granted && 'woken' in reply) return this.askAgain(call, session);
    if (!reply.granted) return this.finish(call, { ok: false, error: 'busy' });
    this.granted(call, session, reply.token, reply.mode);
  }

  /**
   * A service that wakes every waiter on a release (herd-starvation's herd) ends the wait without a
   * grant: the waiter must compete again. The call goes on with a fresh acquire, and its wait
   * stays bounded from when it began.
   */
  private askAgain(call: AcquireCall, session: LiveSession): void {
    this.timers.cancel(call.waitTimer);
    call.waitTimer = null;
    this.timers.cancel(call.pollTimer);
    call.pollTimer = null;
    call.queued = false;
    this.ask(call, session, this.env.monotonicNs() + this.options.operationTimeoutNs);
  }

  private granted(call: AcquireCall, session: LiveSession, token: Token, mode: LockMode): void {
    const { lock } = call;
    if (!this.sessions.trusted(session)) {
      if (this.options.design.recheckAfterWait) {
        // The waiter-expired-grant hazard: the session this grant belongs to may already be gone on the server, and with it
        // the lock; believing the grant could overlap the next holder. Hand it back.
        this.handBack(session.id, call.path, token);
        return this.finish(call, { ok: false, error: 'session-lost', indeterminate: true });
      }
      // The unsafe client takes a grant as proof of a lease, counted from now.
      this.beliefs.learn({ lock, kind: 'file', token, mode, session, until: this.clock.end(this.clock.now(), session.leaseNs) }, true);
      return this.finish(call, { ok: true, token });
    }
    const believe = session.state !== 'suspended' || this.options.design.onSuspended === 'ignore';
    this.beliefs.learn({ lock, kind: 'file', token, mode, session, until: null }, believe);
    this.finish(call, { ok: true, token });
  }

  /**
   * Ends an acquire the server may still grant. `cleanUp`: close the lock file too, which takes
   * the session out of the queue or frees a grant whose answer was lost.
   */
  private giveUp(call: AcquireCall, result: CallFailure, cleanUp: boolean, seq: number | null = call.ticket?.seq ?? null): void {
    if (call.done) return;
    const session = call.session;
    call.ticket?.cancel();
    call.ticket = null;
    if (seq !== null && session !== null) this.abandon(seq, { path: call.path, session: session.id });
    this.finish(call, result);
    if (!cleanUp || session === null || session.lost) return;
    // A known grant of this session means the server refused the acquire as already held: the
    // close would free a lock the application still holds.
    const known = this.beliefs.get(call.lock);
    if (known !== undefined && known.session === session) return;
    this.background({ type: 'close', session: session.id, path: call.path });
  }

  private abandon(seq: number, abandoned: Abandoned): void {
    this.abandoned.set(seq, abandoned);
    // An answer that never comes leaves its entry behind; keep only the most recent ones.
    for (const oldest of this.abandoned.keys()) {
      if (this.abandoned.size <= MAX_ABANDONED) break;
      this.abandoned.delete(oldest);
    }
  }

  private handBack(session: SessionId, path: Path, token: Token): void {
    this.background({ type: 'release', session, path, token });
  }

  private background(command: { type: 'close'; session: SessionId; path: Path } | { type: 'release'; session: SessionId; path: Path; token: Token }): void {
    this.channel.submit({ command, deadline: this.env.monotonicNs() + this.options.operationTimeoutNs, onOutcome: () => {} });
  }

  /** The failure a reply to a command of `session` stands for; a session the server ended is lost. */
  private refused(session: LiveSession, outcome: RequestOutcome): CallFailure | null {
    if (outcome.kind !== 'gave-up' && sessionEnded(outcome.reply)) this.sessions.serverEnded(session);
    return failureOf(outcome);
  }

  private finish(call: AcquireCall, result: AcquireResult): void {
    if (call.done) return;
    call.done = true;
    call.queued = false;
    this.timers.cancel(call.waitTimer);
    call.waitTimer = null;
    this.timers.cancel(call.pollTimer);
    call.pollTimer = null;
    this.calls.delete(call);
    call.cb(result);
  }
}
