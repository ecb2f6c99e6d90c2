/**
 * One store of the asynchronous primary/replica design (Redis with replication and Sentinel).
 *
 * The primary executes a command, applies its effects, ANSWERS THE CLIENT, and only then, at its
 * next replication tick, streams the effects to its replicas: an acknowledged write lives on the
 * primary alone until that tick, and a primary that dies in between takes it along. Replicas
 * apply the stream in order and acknowledge their offset; they refuse client commands.
 *
 * Nothing of the data is durable: a store restarts empty (replication without persistence). What
 * a store does keep on disk is its configuration (role, whom it follows, the epoch of the order),
 * as Sentinel rewrites redis.conf; so a primary that restarts before the sentinels notice comes
 * back as an empty primary, and its replicas copy the emptiness.
 */
import type { Disk, Env, LocalNs, NodeId, Process, TimerId } from '../../env.js';
import { ReplicationLog } from './backlog.js';
import { execute, isStoreCommand } from './commands.js';
import { Keyspace } from './keyspace.js';
import { storeTuning, type StoreServerOptions, type StoreTuning } from './options.js';
import {
  isReplAck,
  isReplContinue,
  isReplFull,
  isReplHello,
  isReplicaOf,
  isReplStream,
  isSentinelPing,
  isStoreRequest,
  type Effect,
  type Epoch,
  type KvValue,
  type ReplAck,
  type ReplContinue,
  type ReplFull,
  type ReplHello,
  type ReplicaOf,
  type ReplOffset,
  type ReplStream,
  type SentinelPong,
  type StoreReply,
  type StoreRequest,
  type StoreRole,
} from './protocol.js';

/** What a store keeps on disk: the role the sentinels gave it. */
export interface StoreConfigRecord {
  role: StoreRole;
  following: NodeId | null;
  epoch: Epoch;
}

const CONFIG_FILE = 'async-store-config';
/** How many discarded keys a full-sync trace event names (the count is always complete). */
const TRACED_DISCARDS = 20;

/** What the primary knows of one replica. */
interface ReplicaLink {
  /** The offset streamed to it so far. */
  sent: ReplOffset;
  acked: ReplOffset;
  lastHeard: LocalNs;
  lastSent: LocalNs;
}

/** Why a lock key stopped holding its grant, for the trace. */
type LockEnd = 'unlocked' | 'expired' | 'overwritten';

export class StoreServer implements Process {
  private readonly tuning: StoreTuning;
  private role: StoreRole;
  private following: NodeId | null;
  private epoch: Epoch;
  private readonly keys = new Keyspace();
  private readonly log: ReplicationLog;
  private readonly replicas = new Map<NodeId, ReplicaLink>();
  /** A replica: in sync with `following` (a handshake answered, and heard from lately). */
  private linked = false;
  private lastFromPrimary: LocalNs = 0;
  private lastHello: LocalNs | null = null;
  private replTimer: TimerId | null = null;
  private expiryTimer: TimerId | null = null;
  private forks = 0;
  private readonly nonce: string;

  constructor(
    private readonly env: Env,
    options: StoreServerOptions,
  ) {
    this.tuning = storeTuning(options);
    const saved = readConfig(env.disk);
    if (saved) {
      this.role = saved.role;
      this.following = saved.following;
      this.epoch = saved.epoch;
    } else {
      const primary = options.initialPrimary === env.id;
      this.role = primary ? 'primary' : 'replica';
      this.following = primary ? null : options.initialPrimary;
      this.epoch = 0;
    }
    // Every incarnation starts a history of its own: a restarted store holds nothing of the old one.
    this.nonce = Math.floor(env.random() * 2 ** 32).toString(36);
    this.log = new ReplicationLog(this.newReplId(), 0, this.tuning.backlogEntries);
  }

  // ---- Process -------------------------------------------------------------------------------

  start(): void {
    this.persist();
    this.env.trace('store-start', { role: this.role, following: this.following, epoch: this.epoch, replId: this.log.replId });
    this.replTimer = this.env.setTimer(this.tuning.replicationIntervalNs, 'repl');
    this.expiryTimer = this.env.setTimer(this.tuning.expiryCycleNs, 'expire');
    if (this.role === 'replica') this.hello();
  }

  onTimer(id: TimerId): void {
    if (id === this.replTimer) {
      if (this.role === 'primary') this.stream();
      else this.watchPrimary();
      this.replTimer = this.env.setTimer(this.tuning.replicationIntervalNs, 'repl');
    } else if (id === this.expiryTimer) {
      if (this.role === 'primary') this.expireKeys();
      this.expiryTimer = this.env.setTimer(this.tuning.expiryCycleNs, 'expire');
    }
  }

  onMessage(from: NodeId, m: unknown): void {
    if (isStoreRequest(m)) this.onRequest(from, m);
    else if (isReplStream(m)) this.onStream(from, m);
    else if (isReplAck(m)) this.onAck(from, m);
    else if (isReplHello(m)) this.onHello(from, m);
    else if (isReplContinue(m)) this.onContinue(from, m);
    else if (isReplFull(m)) this.onFull(from, m);
    else if (isSentinelPing(m)) this.onPing(from);
    else if (isReplicaOf(m)) this.onReplicaOf(from, m);
  }

  // ---- inspection (tests, scenarios, replica comparison) -------------------------------------

  get isPrimary(): boolean {
    return this.role === 'primary';
  }

  get replicationOffset(): ReplOffset {
    return this.log.offset;
  }

  get configEpoch(): Epoch {
    return this.epoch;
  }

  /** Whom a replica follows (null for a primary). */
  get primary(): NodeId | null {
    return this.following;
  }

  /** The live keys and their values now. */
  dump(): Record<string, KvValue> {
    return this.keys.dump(this.keyClock());
  }

  // ---- clients -------------------------------------------------------------------------------

  private onRequest(from: NodeId, req: StoreRequest): void {
    if (this.role !== 'primary') {
      this.reply(from, { type: 'store-rep', reqId: req.reqId, status: 'not-primary', primary: this.following, epoch: this.epoch });
      return;
    }
    if (!isStoreCommand(req.command)) {
      this.env.trace('store-bad-command', { from, reqId: req.reqId });
      return;
    }
    const now = this.keyClock();
    const { reply, effects } = execute(req.command, this.keys, now);
    for (const e of effects) this.write(e, now, from, 'unlocked');
    // Acknowledged now; the replicas hear of it at the next replication tick.
    this.reply(from, { type: 'store-rep', reqId: req.reqId, status: 'ok', reply });
  }

  private reply(to: NodeId, r: StoreReply): void {
    this.env.send(to, r);
  }

  /** A primary's write: applied, logged for the replicas, and traced when it grants or ends a lock. */
  private write(e: Effect, now: LocalNs, client: NodeId | null, ending: LockEnd): void {
    const before = this.keys.stored(e.key);
    if (before?.token !== undefined) {
      const reason: LockEnd = before.expiresAt !== null && before.expiresAt <= now ? 'expired' : e.op === 'del' ? ending : 'overwritten';
      this.env.trace('store:release', { lock: e.key, owner: before.value, token: before.token, reason, epoch: this.epoch });
    }
    this.keys.apply(e, now);
    const offset = this.log.append(e);
    if (e.op === 'set' && e.token !== undefined) {
      this.env.trace('store:grant', { lock: e.key, owner: e.value, client, token: e.token, ttlNs: e.ttlNs, epoch: this.epoch, offset });
    }
  }

  private expireKeys(): void {
    const now = this.keyClock();
    for (const key of this.keys.expired(now)) this.write({ op: 'del', key }, now, null, 'expired');
  }

  // ---- primary side of replication -----------------------------------------------------------

  private onHello(from: NodeId, m: ReplHello): void {
    if (this.role !== 'primary') return;
    const now = this.env.monotonicNs();
    if (this.log.canContinue(m.replId, m.offset)) {
      this.env.send(from, { type: 'repl-continue', replId: this.log.replId, offset: m.offset } satisfies ReplContinue);
      this.replicas.set(from, { sent: m.offset, acked: m.offset, lastHeard: now, lastSent: now });
    } else {
      this.fullSync(from, now);
    }
  }

  private fullSync(to: NodeId, now: LocalNs): void {
    const keys = this.keys.copy(this.keyClock());
    this.env.send(to, { type: 'repl-full', replId: this.log.replId, offset: this.log.offset, keys } satisfies ReplFull);
    const link = this.replicas.get(to);
    if (link) {
      link.sent = this.log.offset;
      link.lastSent = now;
    } else {
      this.replicas.set(to, { sent: this.log.offset, acked: 0, lastHeard: now, lastSent: now });
    }
    this.env.trace('repl-full-sent', { to, offset: this.log.offset, keys: keys.length });
  }

  /** The replication tick: what each replica has not been sent yet, or a heartbeat. */
  private stream(): void {
    const now = this.env.monotonicNs();
    const heartbeatNs = this.tuning.replicaTimeoutNs / 4;
    for (const [id, link] of this.replicas) {
      if (now - link.lastHeard > this.tuning.replicaTimeoutNs) {
        this.replicas.delete(id);
        this.env.trace('replica-lost', { replica: id, acked: link.acked });
        continue;
      }
      const effects = this.log.after(link.sent, this.tuning.batchEntries);
      if (effects === null) {
        this.fullSync(id, now);
        continue;
      }
      if (effects.length === 0 && now - link.lastSent < heartbeatNs) continue;
      this.env.send(id, { type: 'repl-stream', replId: this.log.replId, after: link.sent, effects } satisfies ReplStream);
      link.sent += effects.length;
      link.lastSent = now;
    }
  }

  private onAck(from: NodeId, m: ReplAck): void {
    const link = this.replicas.get(from);
    if (this.role !== 'primary' || !link || m.replId !== this.log.replId) return;
    link.lastHeard = this.env.monotonicNs();
    link.acked = Math.max(link.acked, m.offset);
    // The replica missed a stream message: send again from what it has.
    if (m.gap) link.sent = m.offset;
  }

  // ---- replica side of replication -----------------------------------------------------------

  private hello(): void {
    if (this.following === null) return;
    this.lastHello = this.env.monotonicNs();
    this.env.send(this.following, { type: 'repl-hello', replId: this.log.replId, offset: this.log.offset } satisfies ReplHello);
  }

  /** A replica's tick: greet the primary again when not in sync, or when it went quiet. */
  private watchPrimary(): void {
    const now = this.env.monotonicNs();
    if (this.linked && now - this.lastFromPrimary > this.tuning.replicaTimeoutNs) {
      this.linked = false;
      this.env.trace('primary-link-lost', { primary: this.following, offset: this.log.offset });
    }
    if (!this.linked && (this.lastHello === null || now - this.lastHello >= this.tuning.replicaTimeoutNs / 4)) this.hello();
  }

  private fromMyPrimary(from: NodeId): boolean {
    return this.role === 'replica' && from === this.following;
  }

  private onContinue(from: NodeId, m: ReplContinue): void {
    if (!this.fromMyPrimary(from) || m.offset !== this.log.offset) return;
    this.log.adopt(m.replId);
    this.linked = true;
    this.lastFromPrimary = this.env.monotonicNs();
    this.env.trace('repl-continue', { primary: from, offset: m.offset, replId: m.replId });
    this.ack(false);
  }

  private onFull(from: NodeId, m: ReplFull): void {
    if (!this.fromMyPrimary(from)) return;
    const now = this.keyClock();
    const mine = this.keys.dump(now);
    const theirs = new Map(m.keys.map((k) => [k.key, k.value]));
    // What this store held that the primary does not: writes it acknowledged or received and now loses.
    const discarded = Object.keys(mine).filter((k) => theirs.get(k) !== mine[k]);
    this.keys.load(m.keys, now);
    this.log.reset(m.replId, m.offset);
    this.linked = true;
    this.lastFromPrimary = this.env.monotonicNs();
    this.env.trace('repl-full-sync', {
      primary: from,
      offset: m.offset,
      keys: m.keys.length,
      discardedCount: discarded.length,
      discarded: discarded.slice(0, TRACED_DISCARDS),
    });
    this.ack(false);
  }

  private onStream(from: NodeId, m: ReplStream): void {
    if (!this.fromMyPrimary(from) || !this.linked) return;
    if (m.replId !== this.log.replId) {
      this.linked = false;
      this.hello();
      return;
    }
    this.lastFromPrimary = this.env.monotonicNs();
    if (m.after > this.log.offset) {
      this.ack(true);
      return;
    }
    const now = this.keyClock();
    m.effects.forEach((e, i) => {
      if (m.after + i + 1 <= this.log.offset) return;
      this.keys.apply(e, now);
      this.log.append(e);
    });
    this.ack(false);
  }

  private ack(gap: boolean): void {
    if (this.following === null) return;
    this.env.send(this.following, { type: 'repl-ack', replId: this.log.replId, offset: this.log.offset, gap } satisfies ReplAck);
  }

  // ---- sentinels -----------------------------------------------------------------------------

  private onPing(from: NodeId): void {
    const pong: SentinelPong = {
      type: 'sentinel-pong',
      role: this.role,
      following: this.following,
      linked: this.role === 'replica' && this.linked,
      replId: this.log.replId,
      offset: this.log.offset,
      epoch: this.epoch,
    };
    this.env.send(from, pong);
  }

  private onReplicaOf(from: NodeId, m: ReplicaOf): void {
    if (m.epoch < this.epoch) {
      this.env.trace('replicaof-stale', { sentinel: from, epoch: m.epoch, mine: this.epoch });
      return;
    }
    const becomePrimary = m.primary === null || m.primary === this.env.id;
    const same = becomePrimary ? this.role === 'primary' : this.role === 'replica' && this.following === m.primary;
    this.epoch = m.epoch;
    if (same) {
      this.persist();
      return;
    }
    this.replicas.clear();
    this.linked = false;
    if (becomePrimary) {
      this.role = 'primary';
      this.following = null;
      this.log.fork(this.newReplId());
    } else {
      this.role = 'replica';
      this.following = m.primary;
    }
    this.persist();
    this.env.trace('role', { role: this.role, following: this.following, epoch: this.epoch, offset: this.log.offset, by: from });
    if (this.role === 'replica') this.hello();
  }

  /**
   * The clock that times keys out. Redis reads the wall clock for this (its documentation warns
   * that a clock step can expire a lock early); the default here is the monotonic clock.
   */
  private keyClock(): LocalNs {
    return this.tuning.expiryClock === 'wall' ? this.env.wallNs() : this.env.monotonicNs();
  }

  // ---- configuration file ---------------------------------------------------------------------

  private persist(): void {
    const record: StoreConfigRecord = { role: this.role, following: this.following, epoch: this.epoch };
    this.env.disk.write(CONFIG_FILE, [record]);
    this.env.disk.fsync();
  }

  private newReplId(): string {
    return `${this.env.id}:${this.nonce}:${this.forks++}`;
  }
}

function readConfig(disk: Disk): StoreConfigRecord | null {
  const records = disk.read(CONFIG_FILE);
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i] as Partial<StoreConfigRecord> & { torn?: true };
    if (r?.torn) continue;
    if ((r.role === 'primary' || r.role === 'replica') && typeof r.epoch === 'number') {
      return { role: r.role, following: r.following ?? null, epoch: r.epoch };
    }
  }
  return null;
}
