/**
 * A minimal single-node lock service, for testing the workloads without a cluster: sessions with a
 * lease renewed by every request, exclusive locks with a FIFO queue and fencing tokens, TTL locks
 * by owner (the sidecar API), and a key-value store. Expiry is decided by the server's own
 * monotonic clock. It is honest but not fault tolerant: it exists so that workload histories come
 * out of a real exchange of messages on the simulated network.
 */
import type { Env, NodeId, Process, TimerId } from '../../../core/env.js';
import type { KvValue } from '../lock-api.js';

export type FakeRequest =
  | { op: 'keep-alive' }
  | { op: 'acquire'; lock: string; mode: string }
  | { op: 'release'; lock: string; token: number }
  | { op: 'try-lock'; resourceId: string; owner: string; expireMs: number }
  | { op: 'unlock'; resourceId: string; owner: string }
  | { op: 'get'; key: string }
  | { op: 'put'; key: string; value: KvValue }
  | { op: 'cas'; key: string; expected: KvValue | null; value: KvValue };

export interface FakeRequestMessage {
  type: 'fake-lock-req';
  reqId: number;
  /** The session the client believes it has; null asks for a new one. */
  session: number | null;
  request: FakeRequest;
}

export interface FakeReplyMessage {
  type: 'fake-lock-rep';
  reqId: number;
  /** The client's live session (a new one when the request's session had expired). */
  session: number;
  reply: Record<string, unknown> & ({ ok: true } | { ok: false; error: string });
}

export interface FakeServerOptions {
  /** A session expires this long (server monotonic time) after its last request. */
  sessionTtlNs: number;
}

interface Holder {
  client: NodeId;
  session: number;
  token: number;
}

interface LockEntry {
  holder: Holder | null;
  waiters: { client: NodeId; session: number; reqId: number }[];
}

interface TtlEntry {
  owner: string;
  token: number;
  expiresAtMono: number;
}

export class FakeLockServer implements Process {
  private readonly sessions = new Map<NodeId, { id: number; timer: TimerId }>();
  private readonly timerOwner = new Map<TimerId, NodeId>();
  private readonly locks = new Map<string, LockEntry>();
  private readonly ttlLocks = new Map<string, TtlEntry>();
  private readonly kv = new Map<string, KvValue>();
  private nextSession = 1;
  private nextToken = 1;

  constructor(
    private readonly env: Env,
    private readonly options: FakeServerOptions,
  ) {}

  start(): void {}

  onMessage(from: NodeId, message: unknown): void {
    const m = message as FakeRequestMessage;
    if (m?.type !== 'fake-lock-req') return;
    const live = this.sessions.get(from);
    if (m.session !== null && live?.id !== m.session) {
      // The client's session is gone; it may carry on under a new one, but this request is refused.
      const session = this.renew(from);
      return this.reply(from, m.reqId, session, { ok: false, error: 'session-expired' });
    }
    const session = this.renew(from);
    const reply = this.handle(from, session, m.reqId, m.request);
    if (reply !== null) this.reply(from, m.reqId, session, reply);
  }

  onTimer(id: TimerId): void {
    const client = this.timerOwner.get(id);
    this.timerOwner.delete(id);
    if (client === undefined || this.sessions.get(client)?.timer !== id) return;
    this.expire(client);
  }

  private renew(client: NodeId): number {
    const s = this.sessions.get(client);
    if (s) this.env.cancelTimer(s.timer);
    const id = s?.id ?? this.nextSession++;
    const timer = this.env.setTimer(this.options.sessionTtlNs, 'session');
    this.timerOwner.set(timer, client);
    this.sessions.set(client, { id, timer });
    return id;
  }

  /** The session lapsed: its locks are freed and its waiters dropped. */
  private expire(client: NodeId): void {
    const session = this.sessions.get(client)!.id;
    this.sessions.delete(client);
    this.env.trace('fake-session-expired', { client, session });
    for (const [lock, entry] of this.locks) {
      entry.waiters = entry.waiters.filter((w) => w.session !== session);
      if (entry.holder?.session === session) this.handOn(lock, entry);
    }
  }

  private handle(client: NodeId, session: number, reqId: number, req: FakeRequest): FakeReplyMessage['reply'] | null {
    switch (req.op) {
      case 'keep-alive':
        return { ok: true };
      case 'acquire': {
        if (req.mode !== 'exclusive') return { ok: false, error: 'bad-mode' };
        const entry = this.lockEntry(req.lock);
        if (entry.holder?.session === session) return { ok: false, error: 'already-held' };
        if (entry.holder === null) return { ok: true, token: this.grant(req.lock, entry, client, session) };
        entry.waiters.push({ client, session, reqId });
        return null;
      }
      case 'release': {
        const entry = this.lockEntry(req.lock);
        if (entry.holder?.session !== session || entry.holder.token !== req.token) return { ok: false, error: 'not-held' };
        this.handOn(req.lock, entry);
        return { ok: true };
      }
      case 'try-lock': {
        const now = this.env.monotonicNs();
        const held = this.liveTtl(req.resourceId, now);
        if (held && held.owner !== req.owner) return { ok: true, acquired: false };
        const token = this.nextToken++;
        this.ttlLocks.set(req.resourceId, { owner: req.owner, token, expiresAtMono: now + req.expireMs * 1_000_000 });
        return { ok: true, acquired: true, token };
      }
      case 'unlock': {
        const held = this.liveTtl(req.resourceId, this.env.monotonicNs());
        if (!held) return { ok: true, status: 'not-held' };
        if (held.owner !== req.owner) return { ok: true, status: 'held-by-other' };
        this.ttlLocks.delete(req.resourceId);
        return { ok: true, status: 'ok' };
      }
      case 'get':
        return { ok: true, value: this.kv.get(req.key) ?? null };
      case 'put':
        this.kv.set(req.key, req.value);
        return { ok: true };
      case 'cas': {
        const current = this.kv.get(req.key) ?? null;
        if (current !== req.expected) return { ok: true, swapped: false, value: current };
        this.kv.set(req.key, req.value);
        return { ok: true, swapped: true, value: req.value };
      }
    }
  }

  private lockEntry(lock: string): LockEntry {
    let e = this.locks.get(lock);
    if (!e) this.locks.set(lock, (e = { holder: null, waiters: [] }));
    return e;
  }

  private grant(lock: string, entry: LockEntry, client: NodeId, session: number): number {
    const token = this.nextToken++;
    entry.holder = { client, session, token };
    this.env.trace('fake-grant', { lock, client, token });
    return token;
  }

  /** Frees the lock and grants it to the first waiter, answering that waiter's acquire now. */
  private handOn(lock: string, entry: LockEntry): void {
    entry.holder = null;
    const next = entry.waiters.shift();
    if (!next) return;
    const token = this.grant(lock, entry, next.client, next.session);
    this.reply(next.client, next.reqId, next.session, { ok: true, token });
  }

  private liveTtl(resourceId: string, nowMono: number): TtlEntry | null {
    const e = this.ttlLocks.get(resourceId);
    if (!e) return null;
    if (nowMono >= e.expiresAtMono) {
      this.ttlLocks.delete(resourceId);
      return null;
    }
    return e;
  }

  private reply(to: NodeId, reqId: number, session: number, reply: FakeReplyMessage['reply']): void {
    this.env.send(to, { type: 'fake-lock-rep', reqId, session, reply } satisfies FakeReplyMessage);
  }

  /** The current holder's token of a lock (for tests). */
  holderOf(lock: string): { client: NodeId; token: number } | null {
    const h = this.locks.get(lock)?.holder;
    return h ? { client: h.client, token: h.token } : null;
  }
}
