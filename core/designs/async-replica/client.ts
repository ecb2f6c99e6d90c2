/**
 * The client library of the asynchronous primary/replica design, as the workloads call it (the
 * `LockApi`). It is a careful client on purpose: it counts a lock's validity from the SEND time of
 * the attempt that got it, for ttl·(1−ε) minus a margin, never longer than the time to live the
 * primary said was left. So when two clients believe they hold one lock, the store lost a grant;
 * the client did not overstay it.
 *
 * - `acquire` spins: `SET lock:<name> <owner> NX PX ttl` until it is granted, pausing between
 *   attempts with a jittered, doubling backoff; it gives up after `acquireTimeoutNs`. One owner
 *   string names the whole acquire, so a retry after a lost reply finds the grant it already has.
 * - `release` deletes the key if it still names this acquire's owner (the Lua release script).
 * - `tryLock`/`unlock` are the same commands under `ttl:<resourceId>`, with the caller's owner.
 * - `get`/`put`/`cas` work on `kv:<key>`; `read`/`write` go to the protected resource.
 * A component: a host process forwards its messages and timers (see client-process.ts).
 */
import type { Env, NodeId, TimerId } from '../../env.js';
import type { ResourceReadRequest, ResourceReply, ResourceWriteRequest } from '../../resource/messages.js';
import { BeliefTable } from './beliefs.js';
import { kvKey, lockKey, ttlLockKey } from './keys.js';
import {
  ClientEvents,
  type AcquireResult,
  type CallFailure,
  type Callback,
  type CasResult,
  type GetResult,
  type Holding,
  type KvValue,
  type LockApiShape,
  type LockClientEvent,
  type LockMode,
  type PutResult,
  type ReadResult,
  type ReleaseResult,
  type Token,
  type TryLockResult,
  type UnlockResult,
  type WriteResult,
} from './lock-api.js';
import { clientTuning, type AsyncStoreClientOptions, type ClientTuning } from './options.js';
import type { CommandReply } from './protocol.js';
import { StoreCalls, type CallOutcome } from './store-calls.js';
import { TimerTable } from './timers.js';

const MS = 1_000_000;

export class AsyncStoreClient implements LockApiShape {
  private readonly tuning: ClientTuning;
  private readonly timers: TimerTable;
  private readonly calls: StoreCalls;
  /** Locks taken with `acquire`, by lock name. */
  private readonly locks: BeliefTable;
  /** TTL locks taken with `tryLock`, by resource id. */
  private readonly ttlLocks: BeliefTable;
  /** The grants `release` may give back: lock → owner and token (kept past the belief's end). */
  private readonly grants = new Map<string, { owner: string; token: Token }>();
  private readonly resourceCalls = new Map<number, { done: (r: ResourceReply | null) => void; timer: TimerId }>();
  private nextResourceReq = 1;
  private nextOwner = 1;
  private readonly nonce: string;

  constructor(
    private readonly env: Env,
    private readonly options: AsyncStoreClientOptions,
    readonly events: ClientEvents = new ClientEvents(),
  ) {
    this.tuning = clientTuning(options);
    this.timers = new TimerTable(env);
    this.calls = new StoreCalls(env, this.timers, {
      sentinels: options.sentinels,
      requestTimeoutNs: this.tuning.requestTimeoutNs,
      refusedPauseNs: this.tuning.retryMinNs,
    });
    this.locks = new BeliefTable(env, this.timers, this.events);
    this.ttlLocks = new BeliefTable(env, this.timers, this.events);
    // Owners must differ across restarts of this client, or a new incarnation would own the old one's locks.
    this.nonce = Math.floor(env.random() * 2 ** 32).toString(36);
  }

  // ---- component -----------------------------------------------------------------------------

  start(): void {}

  handleMessage(from: NodeId, m: unknown): boolean {
    if (this.calls.handleMessage(from, m)) return true;
    const r = m as ResourceReply;
    if (r?.type === 'res-reply' && from === this.options.resource) {
      const p = this.resourceCalls.get(r.reqId);
      if (p) {
        this.resourceCalls.delete(r.reqId);
        this.timers.cancel(p.timer);
        p.done(r);
      }
      return true;
    }
    return false;
  }

  handleTimer(id: TimerId): boolean {
    return this.timers.fire(id);
  }

  /** The primary the client currently sends to (null while it asks the sentinels). */
  get primary(): NodeId | null {
    return this.calls.currentPrimary;
  }

  // ---- locks ---------------------------------------------------------------------------------

  acquire(lock: string, mode: LockMode, cb: Callback<AcquireResult>): void {
    if (mode !== 'exclusive') return cb({ ok: false, error: 'unsupported-mode' });
    if (this.locks.current(lock) !== undefined) return cb({ ok: false, error: 'already-held' });
    const key = lockKey(lock);
    const owner = `${this.env.id}:${this.nonce}:${this.nextOwner++}`;
    const giveUpAt = this.env.monotonicNs() + this.tuning.acquireTimeoutNs;
    const state = { over: false, granted: false, maybe: false, round: 0 };
    const handBack = (reply: CommandReply): void => {
      // A grant for an acquire that already gave up: nobody will use it, so free it at once.
      if (state.over && !state.granted && reply.op === 'lock' && reply.acquired) this.dropLock(key, owner);
    };
    const end = (r: AcquireResult): void => {
      state.over = true;
      state.granted = r.ok;
      if (!r.ok && state.maybe) this.dropLock(key, owner);
      cb(r);
    };
    const attempt = (): void => {
      const left = giveUpAt - this.env.monotonicNs();
      if (left <= 0) return end({ ok: false, error: 'timeout', indeterminate: state.maybe });
      const command = { op: 'lock' as const, key, owner, ttlNs: this.tuning.lockTtlNs };
      this.calls.call(command, { repeatable: true, writes: true, timeoutNs: Math.min(this.tuning.callTimeoutNs, left), lateAnswer: handBack }, (o) => {
        if (!o.ok) {
          if (o.indeterminate) state.maybe = true;
          return this.pause(state.round++, attempt);
        }
        if (o.reply.op !== 'lock') return end({ ok: false, error: 'bad-reply' });
        if (!o.reply.acquired) return this.pause(state.round++, attempt);
        const token = o.reply.token;
        this.grants.set(lock, { owner, token });
        this.locks.believe(lock, owner, token, this.validUntil(o, this.tuning.lockTtlNs, o.reply.pttlNs));
        end({ ok: true, token });
      });
    };
    attempt();
  }

  release(lock: string, token: Token, cb: Callback<ReleaseResult>): void {
    const grant = this.grants.get(lock);
    if (grant === undefined || grant.token !== token) return cb({ ok: false, error: 'not-held' });
    this.grants.delete(lock);
    // The application stops relying on the lock the moment it asks to give it up.
    this.locks.end(lock, 'released');
    this.unlockKey(lockKey(lock), grant.owner, (r) => {
      if (!r.ok) return cb(r);
      cb(r.status === 'ok' ? { ok: true } : { ok: false, error: 'not-held' });
    });
  }

  tryLock(resourceId: string, owner: string, expireMs: number, cb: Callback<TryLockResult>): void {
    if (!Number.isFinite(expireMs) || expireMs <= 0) return cb({ ok: false, error: 'bad-expire' });
    const ttlNs = Math.round(expireMs * MS);
    const command = { op: 'lock' as const, key: ttlLockKey(resourceId), owner, ttlNs };
    this.calls.call(command, { repeatable: true, writes: true, timeoutNs: this.tuning.callTimeoutNs }, (o) => {
      if (!o.ok) return cb(o);
      if (o.reply.op !== 'lock') return cb({ ok: false, error: 'bad-reply' });
      if (!o.reply.acquired) return cb({ ok: true, acquired: false });
      this.ttlLocks.believe(resourceId, owner, o.reply.token, this.validUntil(o, ttlNs, o.reply.pttlNs));
      cb({ ok: true, acquired: true, token: o.reply.token });
    });
  }

  unlock(resourceId: string, owner: string, cb: Callback<UnlockResult>): void {
    if (this.ttlLocks.current(resourceId)?.owner === owner) this.ttlLocks.end(resourceId, 'released');
    this.unlockKey(ttlLockKey(resourceId), owner, cb);
  }

  holds(lock: string): Holding {
    const h = this.locks.current(lock) ?? this.ttlLocks.current(lock);
    return h === undefined ? { held: false, token: null } : { held: true, token: h.token };
  }

  onEvent(listener: (event: LockClientEvent) => void): () => void {
    return this.events.on(listener);
  }

  /**
   * The end of a grant's validity on this client's clock: from the attempt's send time, the time to
   * live asked for or what the primary said was left (a repeated grant), shrunk by ε and the margin.
   */
  private validUntil(o: { sentMono: number }, ttlNs: number, pttlNs: number): number {
    return o.sentMono + Math.floor(Math.min(ttlNs, pttlNs) * (1 - this.tuning.epsilon)) - this.tuning.marginNs;
  }

  /** The pause before attempt `round + 1` on a held lock: doubling from retryMinNs, jittered. */
  private pause(round: number, then: () => void): void {
    const cap = Math.min(this.tuning.retryMaxNs, this.tuning.retryMinNs * 2 ** Math.min(round, 30));
    this.timers.after(Math.floor(cap / 2 + (this.env.random() * cap) / 2), 'async-acquire-backoff', then);
  }

  private unlockKey(key: string, owner: string, cb: Callback<UnlockResult>): void {
    this.calls.call({ op: 'unlock', key, owner }, { repeatable: true, writes: true, timeoutNs: this.tuning.callTimeoutNs }, (o) => {
      if (!o.ok) return cb(o);
      if (o.reply.op !== 'unlock') return cb({ ok: false, error: 'bad-reply' });
      cb({ ok: true, status: o.reply.status });
    });
  }

  /** Best effort: frees a grant nobody will use. */
  private dropLock(key: string, owner: string): void {
    this.unlockKey(key, owner, () => {});
  }

  // ---- the key-value store -------------------------------------------------------------------

  get(key: string, cb: Callback<GetResult>): void {
    this.kv({ op: 'get', key: kvKey(key) }, true, cb, (r) => (r.op === 'get' ? { ok: true as const, value: r.value } : null));
  }

  put(key: string, value: KvValue, cb: Callback<PutResult>): void {
    this.kv({ op: 'put', key: kvKey(key), value }, false, cb, (r) => (r.op === 'put' ? { ok: true as const } : null));
  }

  cas(key: string, expected: KvValue | null, value: KvValue, cb: Callback<CasResult>): void {
    this.kv({ op: 'cas', key: kvKey(key), expected, value }, false, cb, (r) => (r.op === 'cas' ? { ok: true as const, swapped: r.swapped, value: r.value } : null));
  }

  private kv<R>(
    command: Parameters<StoreCalls['call']>[0],
    read: boolean,
    cb: Callback<R | CallFailure>,
    shape: (r: CommandReply) => R | null,
  ): void {
    this.calls.call(command, { repeatable: read, writes: !read, timeoutNs: this.tuning.callTimeoutNs }, (o: CallOutcome) => {
      if (!o.ok) return cb(o);
      cb(shape(o.reply) ?? { ok: false, error: 'bad-reply' });
    });
  }

  // ---- the protected resource ----------------------------------------------------------------

  read(key: string, cb: Callback<ReadResult>, fence?: { token: Token; lock: string }): void {
    const reqId = this.resourceCall((r) => {
      if (r === null) return cb({ ok: false, error: 'timeout' });
      cb(r.ok ? { ok: true, value: r.value ?? null } : { ok: false, error: String(r.reason ?? 'refused') });
    });
    this.env.send(this.options.resource, { type: 'res-read', reqId, key, client: this.env.id, ...(fence ? fence : {}) } satisfies ResourceReadRequest);
  }

  write(key: string, value: unknown, token: Token | null, lock: string, cb: Callback<WriteResult>): void {
    const reqId = this.resourceCall((r) => {
      if (r === null) return cb({ ok: false, error: 'timeout', indeterminate: true });
      cb(r.ok ? { ok: true } : { ok: false, error: String(r.reason ?? 'refused') });
    });
    this.env.send(this.options.resource, { type: 'res-write', reqId, lock, key, value, token, client: this.env.id } satisfies ResourceWriteRequest);
  }

  /** A resource request: answered with the reply, or with null when it times out. */
  private resourceCall(done: (r: ResourceReply | null) => void): number {
    const reqId = this.nextResourceReq++;
    const timer = this.timers.after(this.tuning.callTimeoutNs, 'async-resource-timeout', () => {
      if (this.resourceCalls.delete(reqId)) done(null);
    });
    this.resourceCalls.set(reqId, { done, timer });
    return reqId;
  }
}
