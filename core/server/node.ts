/**
 * A lock server node: Raft plus the lock state machine plus client request handling, driven by
 * the events of its environment. The host enforces RawNode's contract: what a batch writes is on
 * disk (and fsynced, as the disk's policy honours it) before the batch's messages leave, and
 * committed entries are applied once each, in order.
 */
import { entryFieldsOf } from './entry-fields.js';
import type { Env, NodeId, Process, TimerId } from '../env.js';
import type { Command, TickCommand } from '../lock/commands.js';
import type { Answer, Fact } from '../lock/facts.js';
import type { Reply } from '../lock/replies.js';
import { LockStateMachine, type ReplicaHooks } from '../lock/state-machine.js';
import type { Message, SnapshotMessage } from '../raft/messages.js';
import { RawNode } from '../raft/raw-node.js';
import type { RaftStorage } from '../raft/storage.js';
import type { ConfChange, Entry, Role } from '../raft/types.js';
import type { ServerObserver } from './observer.js';
import { READ_PATHS, type LockServerOptions, type ReadPath } from './options.js';
import { isClientRequest, READ_COMMANDS, type ClientReply, type ClientRequest } from './protocol.js';
import { RaftDisk } from './raft-disk.js';

const RAFT_MESSAGES: ReadonlySet<string> = new Set([
  'append',
  'append-resp',
  'vote',
  'pre-vote',
  'vote-resp',
  'pre-vote-resp',
  'heartbeat',
  'heartbeat-resp',
  'snapshot',
  'timeout-now',
  'read-index',
  'read-index-resp',
]);

/**
 * The disk's boot image with its membership replaced by a fixed list of voters (the unsafe
 * `staticPeers` option): the node acts on the list whatever its log says. Raft reads the boot
 * image once; the disk itself is left as it is. (Snapshots from a leader get the same treatment
 * on arrival, below.)
 */
function withStaticVoters(disk: RaftStorage, voters: readonly NodeId[]): RaftStorage {
  return {
    hardState: () => disk.hardState(),
    entries: () => disk.entries(),
    snapshot: () => {
      const snap = disk.snapshot();
      return snap ? { ...snap, conf: { voters: [...voters], learners: [] } } : null;
    },
  };
}

/** A leader's snapshot as a node with a peer file sees it: its voters are still the file's. */
function withStaticVotersIn(m: SnapshotMessage, voters: readonly NodeId[]): SnapshotMessage {
  return { ...m, snapshot: { ...m.snapshot, conf: { voters: [...voters], learners: [] } } };
}

interface PendingRead {
  from: NodeId;
  request: ClientRequest;
}

export class LockServer implements Process {
  private readonly storage: RaftDisk;
  private readonly raw: RawNode;
  private readonly sm: LockStateMachine;
  private readonly hooks: ReplicaHooks;
  private readonly readPath: ReadPath;
  private readonly leaseTickNs: number;
  private readonly snapshotEntries: number;
  private role: Role = 'follower';
  private term = 0;
  private leader: NodeId | null = null;
  private applied = 0;
  private snapshotIndex = 0;
  /** Monotonic reading at the leader's latest `tick` proposal; null when not leading. */
  private lastTickMono: number | null = null;
  private tickTimer: TimerId | null = null;
  private readonly pendingReads = new Map<string, PendingRead>();
  /** ReadIndex answers waiting for the state machine to catch up, in index order. */
  private readyReads: Array<{ index: number; ctx: string }> = [];
  private readSeq = 0;
  /** Proposals to make after the current Ready batch is done. */
  private deferred: Array<() => void> = [];
  private inReady = false;
  /** Set at the end of a run: no more log-time ticks, so the replicas can converge and be compared. */
  private quiesced = false;

  constructor(
    private readonly env: Env,
    private readonly options: LockServerOptions,
    private readonly observer?: ServerObserver,
  ) {
    this.readPath = options.readPath ?? 'read-index';
    if (!READ_PATHS.includes(this.readPath)) throw new Error(`readPath must be one of ${READ_PATHS.join('|')}, got ${String(this.readPath)}`);
    // The replica's clock reaches the state machine only for the design that reads it (replica-local-timers).
    this.hooks = { replicaClock: () => env.monotonicNs() };
    this.sm = new LockStateMachine(options.lock ?? {}, this.hooks);
    this.leaseTickNs = Math.min(options.leaseTickNs ?? this.sm.config.tickSlackNs / 2, this.sm.config.tickSlackNs);
    this.snapshotEntries = options.snapshotEntries ?? 1000;
    this.storage = new RaftDisk(env.disk);
    const snap = this.storage.snapshot();
    if (snap && snap.data !== null) this.sm.restore(snap.data);
    this.applied = snap?.index ?? 0;
    this.snapshotIndex = snap?.index ?? 0;
    this.raw = new RawNode(
      {
        ...(options.raft ?? {}),
        id: options.id,
        peers: options.staticPeers ?? options.peers,
        learners: options.learners ?? [],
        random: () => env.random(),
      },
      options.staticPeers ? withStaticVoters(this.storage, options.staticPeers) : this.storage,
    );
    this.observer?.boot(options.id, this.storage.hardState(), snap ? { index: snap.index, term: snap.term } : null, this.storage.entries());
  }

  // ---- Process -------------------------------------------------------------------------------

  start(): void {
    this.tickTimer = this.env.setTimer(this.options.tickNs, 'raft-tick');
    this.process();
  }

  onTimer(id: TimerId): void {
    if (id !== this.tickTimer) return;
    this.raw.tick();
    if (this.role === 'leader') this.leaseTick();
    if (this.sm.hasReplicaTimers) this.fireReplicaTimers();
    this.tickTimer = this.env.setTimer(this.options.tickNs, 'raft-tick');
    this.process();
  }

  onMessage(from: NodeId, message: unknown): void {
    const type = (message as { type?: unknown })?.type;
    if (typeof type === 'string' && RAFT_MESSAGES.has(type)) {
      this.raw.step(this.options.staticPeers && type === 'snapshot' ? withStaticVotersIn(message as SnapshotMessage, this.options.staticPeers) : (message as Message));
    } else if (isClientRequest(message)) {
      this.onClientRequest(from, message);
    } else {
      return;
    }
    this.process();
  }

  // ---- inspection (tests, scenarios, replica agreement) --------------------------------------

  get id(): NodeId {
    return this.options.id;
  }

  get isLeader(): boolean {
    return this.role === 'leader';
  }

  status(): ReturnType<RawNode['status']> {
    return this.raw.status();
  }

  stateMachine(): LockStateMachine {
    return this.sm;
  }

  get appliedIndex(): number {
    return this.applied;
  }

  /** Stops proposing log-time ticks (the run is over; the replicas are about to be compared). */
  quiesce(): void {
    this.quiesced = true;
  }

  /** Asks the leader to change the membership (the nemesis's membership faults). */
  proposeConfChange(change: ConfChange): boolean {
    const r = this.raw.proposeConfChange(change);
    this.process();
    return r.ok;
  }

  transferLeadership(to: NodeId): boolean {
    const r = this.raw.transferLeadership(to);
    this.process();
    return r.ok;
  }

  // ---- client requests -----------------------------------------------------------------------

  private onClientRequest(from: NodeId, req: ClientRequest): void {
    if (this.role !== 'leader') {
      this.reply(from, { type: 'lock-rep', clientId: req.clientId, seq: req.seq, status: 'not-leader', leader: this.leader, from: this.env.id });
      return;
    }
    const isRead = READ_COMMANDS.has(req.command.type);
    if (isRead && this.readPath === 'fast-local') {
      this.answer(from, req.clientId, req.seq, this.sm.query(req.command), true);
      return;
    }
    if (isRead && this.readPath === 'read-index') {
      const ctx = `${req.clientId}:${req.seq}:${this.readSeq++}`;
      const r = this.raw.readIndex(ctx);
      if (!r.ok) {
        this.reply(from, { type: 'lock-rep', clientId: req.clientId, seq: req.seq, status: 'retry', reason: r.reason, from: this.env.id });
        return;
      }
      this.pendingReads.set(ctx, { from, request: req });
      return;
    }
    // A command is stamped with the log time of the tick before it: keep that tick fresh.
    this.leaseTick();
    const command = { ...req.command, clientId: req.clientId, seq: req.seq } as Command;
    const r = this.raw.propose(command);
    if (!r.ok) {
      this.reply(from, { type: 'lock-rep', clientId: req.clientId, seq: req.seq, status: 'retry', reason: r.reason, from: this.env.id });
    }
  }

  /**
   * The leader's log-time tick: proposed every `leaseTickNs`, and before a client command when
   * the last one is older than that, carrying the monotonic time elapsed since the previous one.
   * The first tick of a term carries 0: time without a leader does not count, so every lease is
   * extended across a failover rather than cut short.
   */
  private leaseTick(): void {
    if (this.quiesced) return;
    const now = this.env.monotonicNs();
    if (this.lastTickMono === null) return;
    const elapsed = now - this.lastTickMono;
    if (elapsed < this.leaseTickNs) return;
    const r = this.raw.propose(this.tickCommand(elapsed));
    if (r.ok) this.lastTickMono = now;
  }

  /**
   * A tick carries the monotonic time elapsed; the unsafe lease policies that read wall time
   * (wall-clock-jump, failover-lease-reset, client-stamped-expiry) also get the leader's wall clock, and decide leases by it.
   */
  private tickCommand(elapsedNs: number): TickCommand {
    if (this.sm.policy.tickStamps === 'elapsed') return { type: 'tick', elapsedNs };
    return { type: 'tick', elapsedNs, wallNs: this.env.wallNs() };
  }

  /**
   * The replica-local-timers hazard: this replica's own lease timers end leases here, outside the log. Only the leader
   * reports what they did (as it does for applied entries); the grants they make are marked.
   */
  private fireReplicaTimers(): void {
    const { facts, answers } = this.sm.fireReplicaTimers();
    if (this.role !== 'leader') return;
    for (const f of facts) this.traceFact(f, this.applied, { replicaTimer: true });
    this.sendAnswers(answers);
  }

  private reply(to: NodeId, reply: ClientReply): void {
    this.env.send(to, reply);
  }

  private answer(to: NodeId, clientId: NodeId, seq: number, reply: Reply, final: boolean, at?: { index: number; term: number }): void {
    this.reply(to, { type: 'lock-rep', clientId, seq, status: 'ok', final, reply, from: this.env.id, ...(at ? { at } : {}) });
  }

  // ---- the Ready loop ------------------------------------------------------------------------

  private process(): void {
    if (this.inReady) return;
    this.inReady = true;
    try {
      for (let guard = 0; this.raw.hasReady() && guard < 10_000; guard++) {
        this.handleReady();
        const later = this.deferred;
        this.deferred = [];
        for (const f of later) f();
      }
    } finally {
      this.inReady = false;
    }
    this.maybeCompact();
  }

  private handleReady(): void {
    const rd = this.raw.ready();
    if (rd.softState) this.onSoftState(rd.softState.role, rd.softState.leader);
    // 1. Persist: snapshot, entries, hard state; durable before anything is sent.
    if (rd.snapshot) {
      this.storage.installSnapshot(rd.snapshot);
      // Before the hard state: its commit index speaks of the new log, not the replaced one.
      this.observer?.snapshot(this.options.id, rd.snapshot.index, rd.snapshot.term);
    }
    if (rd.entries.length > 0) {
      this.storage.append(rd.entries);
      this.observer?.append(this.options.id, rd.entries);
    }
    if (rd.hardState) {
      this.storage.setHardState(rd.hardState);
      this.observer?.hardState(this.options.id, rd.hardState);
      if (rd.hardState.term !== this.term) {
        this.term = rd.hardState.term;
      }
    }
    if (rd.mustSync) this.storage.fsync();
    // 2. Send.
    // (Snapshots are not reported as delivered at send time: an unacknowledged one is re-sent.)
    // Indexed loops here: a Ready's empty lists are one shared frozen array, and for-of over
    // frozen and plain arrays alike allocated an iterator result per element.
    const messages = rd.messages;
    for (let i = 0; i < messages.length; i++) this.env.send(messages[i]!.to, messages[i]!);
    // 3. Apply.
    if (rd.snapshot && rd.snapshot.index > this.applied) {
      if (rd.snapshot.data !== null) this.sm.restore(rd.snapshot.data);
      else this.sm.restore(new LockStateMachine(this.options.lock ?? {}, this.hooks).snapshot());
      this.applied = rd.snapshot.index;
      this.snapshotIndex = rd.snapshot.index;
      this.env.trace('snapshot-installed', { index: rd.snapshot.index, term: rd.snapshot.term });
    }
    const committed = rd.committedEntries;
    for (let i = 0; i < committed.length; i++) this.applyEntry(committed[i]!);
    if (rd.conf) this.env.trace('membership', { voters: [...rd.conf.voters], learners: [...rd.conf.learners] });
    if (rd.readStates.length > 0) {
      for (const rs of rd.readStates) this.readyReads.push({ index: rs.index, ctx: rs.ctx });
    }
    this.serveReads();
    this.raw.advance();
  }

  private onSoftState(role: Role, leader: NodeId | null): void {
    const was = this.role;
    this.role = role;
    this.leader = leader;
    const term = this.raw.status().term;
    this.term = term;
    this.env.trace('role', { role, term, leader });
    this.observer?.role(this.options.id, role, term, leader);
    if (role === 'leader' && was !== 'leader') {
      this.lastTickMono = this.env.monotonicNs();
      this.deferred.push(() => {
        if (this.role === 'leader') this.raw.propose(this.tickCommand(0));
      });
    } else if (role !== 'leader') {
      this.lastTickMono = null;
      // Reads waiting on a leadership we no longer have cannot complete: let clients retry.
      for (const [, p] of this.pendingReads) {
        this.reply(p.from, { type: 'lock-rep', clientId: p.request.clientId, seq: p.request.seq, status: 'not-leader', leader, from: this.env.id });
      }
      this.pendingReads.clear();
      this.readyReads = [];
    }
  }

  private applyEntry(e: Entry): void {
    if (e.index <= this.applied) return;
    this.applied = e.index;
    this.observer?.apply(this.options.id, e);
    if (e.type !== 'normal') return;
    const result = this.sm.apply({ index: e.index, term: e.term, command: e.data });
    const leading = this.role === 'leader';
    if (leading) {
      for (const f of result.facts) this.traceFact(f, e.index);
    }
    const cmd = entryFieldsOf(e.data);
    if (leading && cmd.clientId !== undefined && cmd.seq !== undefined) {
      const reply = result.reply as Reply & { type?: string; granted?: boolean; queued?: boolean };
      const queued = reply.ok === true && reply.type === 'acquire' && reply.granted === false && reply.queued === true;
      this.answer(cmd.clientId, cmd.clientId, cmd.seq, result.reply, !queued, { index: e.index, term: e.term });
    }
    if (leading) this.sendAnswers(result.answers);
  }

  /** Final answers owed to requests that waited (queued acquires granted, dropped or woken). */
  private sendAnswers(answers: readonly Answer[]): void {
    for (const a of answers) {
      if (a.request.clientId !== undefined && a.request.seq !== undefined) {
        this.answer(a.request.clientId, a.request.clientId, a.request.seq, a.reply, true);
      }
    }
  }

  private traceFact(f: Fact, index: number, extra?: Record<string, unknown>): void {
    // The fact's fields, then where it happened, in this order: the trace hash folds the data in
    // as JSON. Copied by a loop rather than rest and spread, which cost more on this hot path.
    const data: Record<string, unknown> = {};
    for (const key in f) if (key !== 'kind') data[key] = f[key as keyof Fact];
    data['index'] = index;
    data['logClockNs'] = this.sm.clockNs;
    if (extra !== undefined) Object.assign(data, extra);
    this.env.trace(`lock:${f.kind}`, data);
  }

  private serveReads(): void {
    if (this.readyReads.length === 0) return;
    const waiting: Array<{ index: number; ctx: string }> = [];
    for (const r of this.readyReads) {
      if (r.index > this.applied) {
        waiting.push(r);
        continue;
      }
      const p = this.pendingReads.get(r.ctx);
      if (!p) continue;
      this.pendingReads.delete(r.ctx);
      this.answer(p.from, p.request.clientId, p.request.seq, this.sm.query(p.request.command), true);
    }
    this.readyReads = waiting;
  }

  private maybeCompact(): void {
    if (this.applied - this.snapshotIndex < this.snapshotEntries) return;
    const snap = this.raw.compact(this.applied, this.sm.snapshot());
    if (!snap) return;
    this.storage.compact(snap);
    this.storage.fsync();
    this.snapshotIndex = snap.index;
    this.env.trace('snapshot-taken', { index: snap.index, term: snap.term });
  }
}
