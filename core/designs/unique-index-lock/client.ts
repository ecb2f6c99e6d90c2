/**
 * The client library of a unique-index lock: `tryLock` inserts the lock's row, `unlock` deletes
 * it. The library believes in a row it inserted for the TTL less what its clock may gain (ε) and
 * a margin, counted from when the insert was sent, and tells the application when it starts and
 * stops believing, with its own deadline.
 */
import type { Callback, Holding, Token, TryLockResult, UnlockResult } from '../../contract/calls.js';
import type { TryLockWithTtl } from '../../contract/capabilities.js';
import type { ClientNotice, EventSink } from '../../contract/events.js';
import type { Env, LocalNs, NodeId, Process, TimerId } from '../../env.js';
import type { OverdueBelief } from '../../client/beliefs.js';
import { isUniqueIndexMessage, type LockReply } from './messages.js';

export interface UniqueIndexClientOptions {
  /** The database's process id. */
  database: NodeId;
  /** Bound on this clock's rate error against the database's. */
  epsilon: number;
  /** Subtracted from every belief, for what the clocks may disagree beyond ε. */
  marginNs: number;
  /** A statement not answered within this is given up (its effect unknown). */
  requestTimeoutNs: number;
}

interface Pending {
  cb: (reply: LockReply | null) => void;
  timer: TimerId;
}

interface Believed {
  token: Token;
  owner: string;
  deadline: LocalNs;
  timer: TimerId;
}

const TIMEOUT_TAG = 'uix-timeout';
const BELIEF_TAG = 'uix-belief';

export class UniqueIndexLockClient implements TryLockWithTtl, Process {
  private nextReq = 1;
  /**
   * Request ids differ across restarts: a reply to a statement sent before a crash must not be
   * taken for the answer to a new one (a restarted driver opens a new connection, where no old
   * reply arrives).
   */
  private readonly incarnation: string;
  private readonly pending = new Map<string, Pending>();
  private readonly timers = new Map<TimerId, () => void>();
  private readonly beliefs = new Map<string, Believed>();

  constructor(
    private readonly env: Env,
    private readonly options: UniqueIndexClientOptions,
    private readonly notices: EventSink<ClientNotice>,
  ) {
    // The monotonic clock runs on across a restart, so its reading at construction names this one.
    this.incarnation = String(env.monotonicNs());
  }

  start(): void {}

  tryLock(resourceId: string, owner: string, expireMs: number, cb: Callback<TryLockResult>): void {
    const ttlNs = expireMs * 1_000_000;
    const sentAt = this.env.monotonicNs();
    this.call({ type: 'uix-insert', name: resourceId, owner, ttlNs, clientWallNs: this.env.wallNs() }, (reply) => {
      if (reply === null) return cb({ ok: false, error: 'timeout', indeterminate: true });
      if (!reply.acquired || reply.token === undefined) return cb({ ok: true, acquired: false });
      const deadline = sentAt + Math.floor(ttlNs * (1 - this.options.epsilon)) - this.options.marginNs;
      if (deadline > this.env.monotonicNs()) this.believe(resourceId, owner, reply.token, deadline);
      cb({ ok: true, acquired: true, token: reply.token });
    });
  }

  unlock(resourceId: string, owner: string, cb: Callback<UnlockResult>): void {
    // Stop believing before asking: the row may be gone the moment the statement lands.
    const held = this.beliefs.get(resourceId);
    if (held && held.owner === owner) this.disbelieve(resourceId, 'released');
    this.call({ type: 'uix-delete', name: resourceId, owner }, (reply) => {
      if (reply === null) return cb({ ok: false, error: 'timeout', indeterminate: true });
      cb({ ok: true, status: reply.deleted ? 'ok' : reply.heldByOther ? 'held-by-other' : 'not-held' });
    });
  }

  /** What the library believes now about `lock`: the clock decides, not the timer (a paused process's fires late). */
  holds(lock: string): Holding {
    const held = this.beliefs.get(lock);
    if (!held) return { held: false, token: null };
    if (this.env.monotonicNs() < held.deadline) return { held: true, token: held.token };
    const endedAgoNs = this.passedAgo(held.deadline);
    return { held: false, token: held.token, ...(endedAgoNs > 0 ? { endedAgoNs } : {}) };
  }

  /** The beliefs still held whose deadline has passed (a crash ends them; they ended back then). */
  overdueBeliefs(): OverdueBelief[] {
    const out: OverdueBelief[] = [];
    for (const [lock, held] of this.beliefs) {
      const endedAgoNs = this.passedAgo(held.deadline);
      if (endedAgoNs > 0) out.push({ lock, token: held.token, endedAgoNs });
    }
    return out;
  }

  /** How long ago, on this process's monotonic clock, it passed `at` (the observer dates it in true time). */
  private passedAgo(at: LocalNs): number {
    const late = this.env.monotonicNs() - at;
    return late > 0 ? late : 0;
  }

  onMessage(_from: NodeId, message: unknown): void {
    if (!isUniqueIndexMessage(message) || message.type !== 'uix-reply') return;
    const pending = this.pending.get(message.req);
    if (!pending) return;
    this.pending.delete(message.req);
    this.env.cancelTimer(pending.timer);
    this.timers.delete(pending.timer);
    pending.cb(message);
  }

  onTimer(id: TimerId, _tag: string): void {
    const fire = this.timers.get(id);
    this.timers.delete(id);
    fire?.();
  }

  private call(statement: { type: 'uix-insert' | 'uix-delete' } & Record<string, unknown>, cb: (reply: LockReply | null) => void): void {
    const req = `${this.incarnation}:${this.nextReq++}`;
    const timer = this.after(this.options.requestTimeoutNs, TIMEOUT_TAG, () => {
      this.pending.delete(req);
      cb(null);
    });
    this.pending.set(req, { cb, timer });
    this.env.send(this.options.database, { ...statement, req });
  }

  private believe(lock: string, owner: string, token: Token, deadline: LocalNs): void {
    const timer = this.after(deadline - this.env.monotonicNs(), BELIEF_TAG, () => {
      this.beliefs.delete(lock);
      const endedAgoNs = this.passedAgo(deadline);
      this.notices.emit({ type: 'belief', lock, token, mode: 'exclusive', held: false, reason: 'deadline', ...(endedAgoNs > 0 ? { endedAgoNs } : {}) });
    });
    this.beliefs.set(lock, { token, owner, deadline, timer });
    this.notices.emit({ type: 'belief', lock, token, mode: 'exclusive', held: true, deadline });
  }

  private disbelieve(lock: string, reason: string): void {
    const held = this.beliefs.get(lock);
    if (!held) return;
    this.env.cancelTimer(held.timer);
    this.timers.delete(held.timer);
    this.beliefs.delete(lock);
    const endedAgoNs = this.passedAgo(held.deadline);
    this.notices.emit({ type: 'belief', lock, token: held.token, mode: 'exclusive', held: false, reason, ...(endedAgoNs > 0 ? { endedAgoNs } : {}) });
  }

  private after(delay: number, tag: string, fire: () => void): TimerId {
    const id = this.env.setTimer(delay, tag);
    this.timers.set(id, fire);
    return id;
  }
}
