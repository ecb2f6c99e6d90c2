/**
 * The async facade: a process written as ordinary async code (`await ctx.sleep(ms)`, `await
 * ctx.call(node, message, {timeoutMs})`) on top of the sans-IO `Env`. `asyncProcess` turns such
 * code into the `Process` the simulator drives: every timer and delivery enters the user's realm
 * (realm.ts) and returns only when the continuations it woke have run, so a run stays a function
 * of its seed.
 */
import type { ClientNotice, GrantEvent, ReleaseEvent, RoleEvent, SessionState } from '../contract/index.js';
import type { Disk, Env, NodeId, Process, TimerId } from '../env.js';
import { describeThrown, UserCodeError, type Realm } from './realm.js';

const NS_PER_MS = 1_000_000;

/**
 * A fact the system reports for the checkers: a grant its service made, the end of one, a server's
 * role (`{type: 'role', node, role: 'leader', term}` tells the nemesis whom "the leader" means).
 */
export type ReportedFact = GrantEvent | ReleaseEvent | RoleEvent;


/** Handles a request sent with `ctx.call`; the value it returns (or resolves to) is the reply. */
export type RequestHandler = (from: NodeId, message: any) => unknown;
/** Handles a one-way message sent with `ctx.send`. */
export type MessageHandler = (from: NodeId, message: any) => void;

/** How long `ctx.call` waits for a reply. */
export interface CallOptions {
  timeoutMs: number;
}

/** What a process written in async style can do. Times are milliseconds. */
export interface Ctx {
  /** This process's id ("n1", "c2"). */
  readonly id: NodeId;
  /** The system's server ids, in order. */
  readonly servers: readonly NodeId[];
  /** This process's wall clock (the time of day a real machine reads): it may be offset, drift and jump. */
  now(): number;
  /** This process's monotonic clock: never goes back, but may run fast or slow. */
  monotonic(): number;
  /** Resolves after `ms` of this process's monotonic clock (a paused process wakes on resume). */
  sleep(ms: number): Promise<void>;
  /**
   * Sends `message` to `to` as a request and resolves to the reply, or to `undefined` when none
   * came within `timeoutMs` (the request may still have taken effect: the network may have lost
   * the reply, or delayed the request).
   */
  call<R = unknown>(to: NodeId, message: unknown, options: CallOptions): Promise<R | undefined>;
  /** Sends a one-way message; the network may delay, drop, duplicate or reorder it. */
  send(to: NodeId, message: unknown): void;
  /** Answers requests sent with `call`: the handler's result is the reply (`undefined`: none). */
  serve(handler: RequestHandler): void;
  /** Receives one-way messages sent with `send`. */
  onMessage(handler: MessageHandler): void;
  /** This process's disk: what survives a crash depends on fsync and the fsync policy. */
  readonly disk: Disk;
  /** A uniform draw in [0, 1) from this process's own seeded stream. */
  random(): number;
  /** Reports a fact to the checkers (a grant: `{type: 'grant', lock, owner, client, token}`). */
  report(fact: ReportedFact): void;
  /**
   * A client library starts believing it holds `lock` under `token` (the application may act from
   * now on). With `untilMs` (on `monotonic()`), the belief ends by itself at that instant.
   */
  believe(lock: string, token: number, options?: { untilMs?: number; mode?: 'exclusive' | 'shared' }): void;
  /** The library stops believing it holds `lock` under `token`. */
  doubt(lock: string, token: number, reason: string): void;
  /**
   * The client library's session changed state (Curator's states): an application that follows
   * its library stops acting as a leader at `suspended` or `lost`.
   */
  session(state: SessionState): void;
  /** Records a line in the run's trace, for the report's timeline. */
  log(kind: string, data?: Record<string, unknown>): void;
}

/** What the harness lends an async process besides its `Env`. */
export interface AsyncHooks {
  realm: Realm;
  servers: readonly NodeId[];
  /** Called with the first failure of user code; the run stops with it. */
  fail(error: UserCodeError): void;
  report?(fact: ReportedFact): void;
  notify?(notice: ClientNotice): void;
}

/** The wire envelope of `call`: the user's message with a call id, and the reply with it. */
interface CallEnvelope {
  type: string;
  $call: string;
  body: unknown;
}
interface ReplyEnvelope {
  type: 'reply';
  $reply: string;
  body: unknown;
}

function isCall(m: unknown): m is CallEnvelope {
  return typeof m === 'object' && m !== null && typeof (m as { $call?: unknown }).$call === 'string';
}
function isReply(m: unknown): m is ReplyEnvelope {
  return typeof m === 'object' && m !== null && typeof (m as { $reply?: unknown }).$reply === 'string';
}
function typeOf(message: unknown): string {
  const t = (message as { type?: unknown } | null)?.type;
  return typeof t === 'string' ? t : 'call';
}

/** The body of an async process: set up handlers, then (optionally) loop for ever. */
export type AsyncMain = (ctx: Ctx) => void | Promise<void>;

class AsyncProcess implements Process {
  private readonly wakers = new Map<TimerId, () => void>();
  private readonly pending = new Map<string, { resolve: (reply: unknown) => void; timer: TimerId }>();
  /**
   * Each belief's deadline timer, and the deadline on the monotonic clock that dates a late end
   * (none when the belief was taken again without one, its earlier timer left to run).
   */
  private readonly beliefEnds = new Map<string, { timer: TimerId; deadlineNs?: number }>();
  private requestHandler: RequestHandler | null = null;
  private messageHandler: MessageHandler | null = null;
  private nextCall = 0;
  /** Call ids differ across incarnations, so that a late reply never wakes a new call. */
  private incarnation = '';

  /** The user's side: what the process's code sees. */
  private readonly ctx: Ctx;

  constructor(
    private readonly env: Env,
    private readonly main: AsyncMain,
    private readonly hooks: AsyncHooks,
  ) {
    this.ctx = Object.freeze({
      id: env.id,
      servers: hooks.servers,
      disk: env.disk,
      now: () => env.wallNs() / NS_PER_MS,
      monotonic: () => env.monotonicNs() / NS_PER_MS,
      sleep: (ms: number) => this.sleep(ms),
      call: <R>(to: NodeId, message: unknown, options: CallOptions) => this.call<R>(to, message, options),
      send: (to: NodeId, message: unknown) => env.send(to, hooks.realm.copy(message)),
      serve: (handler: RequestHandler) => {
        this.requestHandler = handler;
      },
      onMessage: (handler: MessageHandler) => {
        this.messageHandler = handler;
      },
      random: () => env.random(),
      report: (fact: ReportedFact) => hooks.report?.({ ...fact }),
      believe: (lock: string, token: number, options?: { untilMs?: number; mode?: 'exclusive' | 'shared' }) => this.believe(lock, token, options),
      doubt: (lock: string, token: number, reason: string) => this.doubt(lock, token, reason),
      session: (state: SessionState) => hooks.notify?.({ type: 'session', state }),
      log: (kind: string, data?: Record<string, unknown>) => env.trace(kind, data),
    });
  }

  // ---- Process: the simulator's side -------------------------------------------------------

  start(): void {
    this.incarnation = String(this.env.monotonicNs());
    this.enter(() => this.guard(this.main(this.ctx)));
  }

  onTimer(id: TimerId, tag: string): void {
    const wake = this.wakers.get(id);
    if (!wake) return;
    this.wakers.delete(id);
    this.enter(wake);
  }

  onMessage(from: NodeId, message: unknown): void {
    if (isReply(message)) {
      const waiting = this.pending.get(message.$reply);
      if (!waiting) return; // a duplicate, or an answer after the call gave up
      this.pending.delete(message.$reply);
      this.env.cancelTimer(waiting.timer);
      this.wakers.delete(waiting.timer);
      const body = this.hooks.realm.copy(message.body);
      this.enter(() => waiting.resolve(body));
      return;
    }
    if (isCall(message)) {
      const handler = this.requestHandler;
      if (!handler) return;
      const body = this.hooks.realm.copy(message.body);
      this.enter(() => {
        const answer = handler(from, body);
        if (answer !== null && typeof answer === 'object' && typeof (answer as PromiseLike<unknown>).then === 'function') {
          this.hooks.realm.settle(
            answer as PromiseLike<unknown>,
            (reply) => this.reply(from, message.$call, reply),
            (err) => this.failed(err),
          );
        } else {
          this.reply(from, message.$call, answer);
        }
      });
      return;
    }
    const handler = this.messageHandler;
    if (!handler) return;
    const body = this.hooks.realm.copy(message);
    this.enter(() => this.guard(handler(from, body)));
  }

  // ---- the user's side ---------------------------------------------------------------------

  private sleep(ms: number): Promise<void> {
    const delay = checkMs('sleep', ms);
    return new this.hooks.realm.Promise<void>((resolve) => {
      this.wakers.set(this.env.setTimer(delay, 'sleep'), () => resolve());
    });
  }

  private call<R>(to: NodeId, message: unknown, options: CallOptions): Promise<R | undefined> {
    const timeout = checkMs('call timeoutMs', options?.timeoutMs);
    const id = `${this.incarnation}:${this.nextCall++}`;
    return new this.hooks.realm.Promise<R | undefined>((resolve) => {
      const timer = this.env.setTimer(timeout, 'call-timeout');
      this.wakers.set(timer, () => {
        this.pending.delete(id);
        resolve(undefined);
      });
      this.pending.set(id, { resolve: resolve as (r: unknown) => void, timer });
      const envelope: CallEnvelope = { type: typeOf(message), $call: id, body: this.hooks.realm.copy(message) };
      this.env.send(to, envelope);
    });
  }

  private believe(lock: string, token: number, options: { untilMs?: number; mode?: 'exclusive' | 'shared' } = {}): void {
    const mode = options.mode ?? 'exclusive';
    const key = `${lock}\u0000${token}`;
    const notice: ClientNotice = { type: 'belief', lock, token, mode, held: true };
    if (options.untilMs !== undefined) {
      const deadlineNs = Math.round(checkMsValue('believe untilMs', options.untilMs) * NS_PER_MS);
      notice.deadline = deadlineNs;
      const previous = this.beliefEnds.get(key);
      if (previous !== undefined) this.env.cancelTimer(previous.timer);
      const timer = this.env.setTimer(Math.max(0, deadlineNs - this.env.monotonicNs()), 'belief-deadline');
      this.beliefEnds.set(key, { timer, deadlineNs });
      this.wakers.set(timer, () => {
        this.beliefEnds.delete(key);
        this.hooks.notify?.({ type: 'belief', lock, token, mode, held: false, reason: 'deadline', ...this.endedAgo(deadlineNs) });
      });
    } else {
      const previous = this.beliefEnds.get(key);
      if (previous !== undefined) delete previous.deadlineNs;
    }
    this.hooks.notify?.(notice);
  }

  private doubt(lock: string, token: number, reason: string): void {
    const key = `${lock}\u0000${token}`;
    const end = this.beliefEnds.get(key);
    if (end !== undefined) {
      this.env.cancelTimer(end.timer);
      this.wakers.delete(end.timer);
      this.beliefEnds.delete(key);
    }
    const deadlineNs = end?.deadlineNs;
    this.hooks.notify?.({ type: 'belief', lock, token, mode: 'exclusive', held: false, reason, ...(deadlineNs !== undefined ? this.endedAgo(deadlineNs) : {}) });
  }

  /**
   * `{endedAgoNs}` when the monotonic clock has passed `deadlineNs`: how long ago on this clock (a
   * belief whose timer fired late, the process paused, ended at its deadline; the observer, who
   * knows the clock's true rate, dates it in true time).
   */
  private endedAgo(deadlineNs: number): { endedAgoNs?: number } {
    const late = this.env.monotonicNs() - deadlineNs;
    return late > 0 ? { endedAgoNs: late } : {};
  }

  // ---- plumbing ----------------------------------------------------------------------------

  private reply(to: NodeId, callId: string, body: unknown): void {
    if (body === undefined) return;
    const envelope: ReplyEnvelope = { type: 'reply', $reply: callId, body: this.hooks.realm.copy(body) };
    this.env.send(to, envelope);
  }

  private enter(fn: () => void): void {
    try {
      this.hooks.realm.enter(fn, this.env.id);
    } catch (err) {
      throw err instanceof UserCodeError ? err : this.failed(err);
    }
  }

  /** Watches a handler's promise: a rejection nobody caught is the process's failure. */
  private guard(result: void | Promise<void>): void {
    if (result && typeof (result as PromiseLike<void>).then === 'function') {
      this.hooks.realm.settle(result as PromiseLike<void>, () => undefined, (err) => this.failed(err));
    }
  }

  private failed(err: unknown): UserCodeError {
    const error = err instanceof UserCodeError ? err : new UserCodeError(this.env.id, `${this.env.id} threw ${describeThrown(err)}`, err);
    this.hooks.fail(error);
    return error;
  }
}

function checkMsValue(what: string, ms: unknown): number {
  if (typeof ms !== 'number' || !Number.isFinite(ms)) throw new TypeError(`${what} must be a finite number of milliseconds, got ${String(ms)}`);
  return ms;
}

function checkMs(what: string, ms: unknown): number {
  return Math.max(0, Math.round(checkMsValue(what, ms) * NS_PER_MS));
}

/** The `Process` that runs `main` in async style on `env`. */
export function asyncProcess(env: Env, main: AsyncMain, hooks: AsyncHooks): Process {
  return new AsyncProcess(env, main, hooks);
}
