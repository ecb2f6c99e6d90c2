/**
 * A minimal lock client library for the fake service, implementing `LockApi`: requests with
 * timeouts (a timeout is indeterminate), a keep-alive, a conservative belief in held locks (trusted
 * for a fraction of the session lease, counted from the *send* time of the last answered request),
 * and Curator-like session events (suspended when a keep-alive goes unanswered, lost when the lease
 * runs out or the server reports a new session, reconnected when contact is back).
 */
import { EventHub as ContractEventHub } from '../../../core/contract/events.js';
import type { Env, NodeId, Process, TimerId } from '../../../core/env.js';
import type { ResourceReply } from '../../../core/resource/messages.js';
import type { World } from '../../../sim/world.js';
import { liveApi as followLive } from '../live-api.js';
import type {
  AcquireResult,
  CallFailure,
  Callback,
  CasResult,
  GetResult,
  Holding,
  KvValue,
  LockApi,
  LockClientEvent,
  LockMode,
  PutResult,
  ReadResult,
  ReleaseResult,
  Token,
  TryLockResult,
  UnlockResult,
  WriteResult,
} from '../lock-api.js';
import type { FakeReplyMessage, FakeRequest, FakeRequestMessage } from './fake-lock-server.js';

export interface FakeClientOptions {
  server: NodeId;
  resource: NodeId;
  requestTimeoutNs: number;
  keepAliveEveryNs: number;
  /** The server's session lease. */
  sessionTtlNs: number;
  /** The fraction of the lease the client trusts (default 0.8). */
  trust?: number;
}

/** Listeners that outlive a client's process, so that subscriptions survive a restart (the contract's one hub). */
export class EventHub extends ContractEventHub<LockClientEvent> {}

type Answer = (reply: Record<string, unknown>) => void;

interface Pending {
  /** What to call with the reply (or with the failure on timeout). */
  answer: Answer;
  fail: (f: CallFailure) => void;
  timer: TimerId;
  sentMono: number;
  /** For an acquire: the lock, so that a grant arriving after the timeout can be handed back. */
  acquiring?: string;
  keepAlive?: boolean;
}

export class FakeLockClient implements Process, LockApi {
  private session: number | null = null;
  private suspended = false;
  private nextReq = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly timeoutOf = new Map<TimerId, number>();
  /** Acquires that timed out: reqId → lock. */
  private readonly abandoned = new Map<number, string>();
  private readonly held = new Map<string, Token>();
  private leaseDeadline: number | null = null;
  private leaseTimer: TimerId | null = null;
  private keepAliveTimer: TimerId | null = null;

  constructor(
    private readonly env: Env,
    private readonly options: FakeClientOptions,
    private readonly hub: EventHub,
  ) {}

  // ---- process -----------------------------------------------------------------------------

  start(): void {
    this.keepAlive();
  }

  onTimer(id: TimerId, tag: string): void {
    if (tag === 'keep-alive' && id === this.keepAliveTimer) return this.keepAlive();
    if (tag === 'lease' && id === this.leaseTimer) return this.leaseRanOut();
    const reqId = this.timeoutOf.get(id);
    if (tag !== 'timeout' || reqId === undefined) return;
    this.timeoutOf.delete(id);
    const p = this.pending.get(reqId);
    if (!p) return;
    this.pending.delete(reqId);
    if (p.acquiring !== undefined) this.abandoned.set(reqId, p.acquiring);
    if (p.keepAlive && !this.suspended && this.session !== null) {
      this.suspended = true;
      this.hub.emit({ type: 'session', state: 'suspended' });
    }
    p.fail({ ok: false, error: 'timeout', indeterminate: true });
  }

  onMessage(from: NodeId, message: unknown): void {
    const m = message as FakeReplyMessage | ResourceReply;
    if (m?.type === 'res-reply' && from === this.options.resource) return this.resourceReply(m);
    if (m?.type !== 'fake-lock-rep' || from !== this.options.server) return;
    this.adoptSession(m.session);
    const p = this.pending.get(m.reqId);
    if (!p) {
      // A grant for an acquire we gave up on: hand it back rather than hold it unknowingly.
      const lock = this.abandoned.get(m.reqId);
      this.abandoned.delete(m.reqId);
      if (lock !== undefined && m.reply.ok && typeof m.reply.token === 'number') {
        this.send({ op: 'release', lock, token: m.reply.token }, () => {}, () => {});
      }
      return;
    }
    this.settle(m.reqId, p);
    this.extendLease(p.sentMono);
    p.answer(m.reply);
  }

  // ---- the library -------------------------------------------------------------------------

  acquire(lock: string, mode: LockMode, cb: Callback<AcquireResult>): void {
    this.send(
      { op: 'acquire', lock, mode },
      (r) => {
        if (!r.ok) return cb(failure(r));
        const token = r.token as Token;
        this.held.set(lock, token);
        this.hub.emit({ type: 'belief', lock, token, mode, held: true });
        cb({ ok: true, token });
      },
      cb,
      lock,
    );
  }

  release(lock: string, token: Token, cb: Callback<ReleaseResult>): void {
    // The application stops relying on the lock the moment it asks to give it up.
    this.forget(lock, 'released');
    this.send({ op: 'release', lock, token }, (r) => cb(r.ok ? { ok: true } : failure(r)), cb);
  }

  tryLock(resourceId: string, owner: string, expireMs: number, cb: Callback<TryLockResult>): void {
    this.send({ op: 'try-lock', resourceId, owner, expireMs }, (r) => {
      if (!r.ok) return cb(failure(r));
      cb(r.acquired ? { ok: true, acquired: true, token: r.token as Token } : { ok: true, acquired: false });
    }, cb);
  }

  unlock(resourceId: string, owner: string, cb: Callback<UnlockResult>): void {
    this.send({ op: 'unlock', resourceId, owner }, (r) => cb(r.ok ? { ok: true, status: r.status as 'ok' } : failure(r)), cb);
  }

  get(key: string, cb: Callback<GetResult>): void {
    this.send({ op: 'get', key }, (r) => cb(r.ok ? { ok: true, value: r.value as KvValue | null } : failure(r)), cb);
  }

  put(key: string, value: KvValue, cb: Callback<PutResult>): void {
    this.send({ op: 'put', key, value }, (r) => cb(r.ok ? { ok: true } : failure(r)), cb);
  }

  cas(key: string, expected: KvValue | null, value: KvValue, cb: Callback<CasResult>): void {
    this.send({ op: 'cas', key, expected, value }, (r) => {
      cb(r.ok ? { ok: true, swapped: r.swapped === true, value: r.value as KvValue | null } : failure(r));
    }, cb);
  }

  read(key: string, cb: Callback<ReadResult>, fence?: { token: Token; lock: string }): void {
    const reqId = this.track((r) => cb(r.ok ? { ok: true, value: r.value ?? null } : failure(r)), cb);
    this.env.send(this.options.resource, { type: 'res-read', reqId, key, client: this.env.id, ...(fence ? fence : {}) });
  }

  write(key: string, value: unknown, token: Token | null, lock: string, cb: Callback<WriteResult>): void {
    const reqId = this.track((r) => cb(r.ok ? { ok: true } : { ok: false, error: String(r.reason ?? 'refused') }), cb);
    this.env.send(this.options.resource, { type: 'res-write', reqId, lock, key, value, token, client: this.env.id });
  }

  holds(lock: string): Holding {
    const token = this.held.get(lock);
    if (token === undefined) return { held: false, token: null };
    // As a real library does, read the clock, not the timer: a paused process's timer fires late.
    const endedAgoNs = this.leaseDeadline === null ? -1 : this.env.monotonicNs() - this.leaseDeadline;
    if (endedAgoNs < 0) return { held: true, token };
    return { held: false, token, ...(endedAgoNs > 0 ? { endedAgoNs } : {}) };
  }

  onEvent(listener: (event: LockClientEvent) => void): () => void {
    return this.hub.on(listener);
  }

  // ---- plumbing ----------------------------------------------------------------------------

  private send(request: FakeRequest, answer: Answer, fail: (f: CallFailure) => void, acquiring?: string): number {
    const reqId = this.track(answer, fail, acquiring);
    this.env.send(this.options.server, { type: 'fake-lock-req', reqId, session: this.session, request } satisfies FakeRequestMessage);
    return reqId;
  }

  private track(answer: Answer, fail: (f: CallFailure) => void, acquiring?: string): number {
    const reqId = this.nextReq++;
    const timer = this.env.setTimer(this.options.requestTimeoutNs, 'timeout');
    this.timeoutOf.set(timer, reqId);
    const p: Pending = { answer, fail, timer, sentMono: this.env.monotonicNs() };
    if (acquiring !== undefined) p.acquiring = acquiring;
    this.pending.set(reqId, p);
    return reqId;
  }

  private settle(reqId: number, p: Pending): void {
    this.pending.delete(reqId);
    this.env.cancelTimer(p.timer);
    this.timeoutOf.delete(p.timer);
  }

  private resourceReply(m: ResourceReply): void {
    const p = this.pending.get(m.reqId);
    if (!p) return;
    this.settle(m.reqId, p);
    p.answer(m as unknown as Record<string, unknown>);
  }

  private keepAlive(): void {
    const outstanding = [...this.pending.values()].some((p) => p.keepAlive);
    if (!outstanding) {
      const reqId = this.send({ op: 'keep-alive' }, () => {}, () => {});
      this.pending.get(reqId)!.keepAlive = true;
    }
    this.keepAliveTimer = this.env.setTimer(this.options.keepAliveEveryNs, 'keep-alive');
  }

  private adoptSession(session: number): void {
    if (this.session === session) {
      if (this.suspended) {
        this.suspended = false;
        this.hub.emit({ type: 'session', state: 'reconnected' });
      }
      return;
    }
    const hadOne = this.session !== null;
    if (hadOne) this.lose('lost');
    this.session = session;
    this.suspended = false;
    this.hub.emit({ type: 'session', state: hadOne ? 'reconnected' : 'connected' });
  }

  private extendLease(sentMono: number): void {
    const deadline = sentMono + this.options.sessionTtlNs * (this.options.trust ?? 0.8);
    if (this.leaseDeadline !== null && deadline <= this.leaseDeadline) return;
    this.leaseDeadline = deadline;
    if (this.leaseTimer !== null) this.env.cancelTimer(this.leaseTimer);
    this.leaseTimer = this.env.setTimer(Math.max(0, deadline - this.env.monotonicNs()), 'lease');
  }

  private leaseRanOut(): void {
    // A paused process's timer fires late; the belief ended at the deadline all the same.
    const lateNs = this.leaseDeadline === null ? 0 : Math.max(0, this.env.monotonicNs() - this.leaseDeadline);
    this.leaseTimer = null;
    this.leaseDeadline = null;
    if (this.session === null) return;
    // Unanswered for the trusted part of the lease: the session may be gone; assume it is.
    this.lose('deadline', lateNs);
    this.session = null;
    this.hub.emit({ type: 'session', state: 'lost' });
  }

  /** Every lock is forgotten (the session is, or may be, gone). */
  private lose(reason: string, endedAgoNs = 0): void {
    for (const lock of [...this.held.keys()]) this.forget(lock, reason, endedAgoNs);
    if (reason === 'lost') this.hub.emit({ type: 'session', state: 'lost' });
  }

  private forget(lock: string, reason: string, endedAgoNs = 0): void {
    const token = this.held.get(lock);
    if (token === undefined) return;
    this.held.delete(lock);
    this.hub.emit({ type: 'belief', lock, token, mode: 'exclusive', held: false, reason, ...(endedAgoNs > 0 ? { endedAgoNs } : {}) });
  }
}

function failure(r: Record<string, unknown>): CallFailure {
  return { ok: false, error: String(r.error ?? r.reason ?? 'refused') };
}

/**
 * The library of whichever incarnation of client `id` is running: calls go to the live process,
 * and a call to a client that is down fails at once, having sent nothing.
 */
export function liveApi(world: World, id: NodeId, hub: EventHub): LockApi {
  return followLive(() => (world.status(id) === 'down' ? null : world.process<FakeLockClient>(id)), (listener) => hub.on(listener));
}
