/**
 * A Sentinel: watches the stores, agrees with its peers that the primary is down, wins a vote to
 * lead the failover, promotes the replica with the highest replication offset, and points every
 * other store (the old primary too, when it comes back) at the new primary under a new epoch.
 * Clients ask it who the primary is.
 *
 * Agreement follows Sentinel's two steps: the primary is subjectively down here after
 * `downAfterNs` without a pong; objectively down once `quorum` sentinels (this one included) say
 * so. The failover leader of an epoch needs the votes of a majority of sentinels (and at least the
 * quorum); each sentinel votes once per epoch, for the first candidate that asks.
 *
 * Nothing here waits for the replicas to have the primary's writes: the promoted replica has what
 * it was streamed, and what the old primary acknowledged after that is gone.
 */
import type { Disk, Env, LocalNs, NodeId, Process, TimerId } from '../../env.js';
import { sentinelTuning, type SentinelOptions, type SentinelTuning } from './options.js';
import {
  isGetPrimary,
  isIsPrimaryDown,
  isIsPrimaryDownReply,
  isSentinelHello,
  isSentinelPong,
  type Epoch,
  type GetPrimary,
  type IsPrimaryDown,
  type IsPrimaryDownReply,
  type PrimaryConfig,
  type PrimaryIs,
  type ReplicaOf,
  type SentinelHello,
  type SentinelPing,
  type SentinelPong,
} from './protocol.js';

/** What a sentinel keeps on disk (sentinel.conf): its epochs, its vote and its configuration. */
export interface SentinelRecord {
  currentEpoch: Epoch;
  config: PrimaryConfig;
  votedEpoch: Epoch;
  votedFor: NodeId | null;
}

const STATE_FILE = 'sentinel-state';

interface StoreView {
  /** Local time of the last pong (or of this sentinel's start, which grants a first grace period). */
  lastPong: LocalNs;
  info: SentinelPong | null;
  /** When this sentinel last told the store whom to follow. */
  lastOrder: LocalNs | null;
}

interface DownAnswer {
  primary: NodeId;
  down: boolean;
  at: LocalNs;
}

/** A failover this sentinel is trying to lead. */
interface Candidacy {
  epoch: Epoch;
  startedAt: LocalNs;
  votes: Set<NodeId>;
}

export class Sentinel implements Process {
  private readonly tuning: SentinelTuning;
  private state: SentinelRecord;
  private readonly views = new Map<NodeId, StoreView>();
  private readonly answers = new Map<NodeId, DownAnswer>();
  private candidacy: Candidacy | null = null;
  /** Local time before which this sentinel starts no failover (after an abort, or a vote for another). */
  private quietUntil: LocalNs = 0;
  /** The timer that starts the failover of an objectively down primary (jittered). */
  private startTimer: TimerId | null = null;
  private tickTimer: TimerId | null = null;
  private reqSeq = 0;

  constructor(
    private readonly env: Env,
    private readonly options: SentinelOptions,
  ) {
    this.tuning = sentinelTuning(options);
    this.state = readState(env.disk) ?? {
      currentEpoch: 0,
      config: { primary: options.initialPrimary, epoch: 0 },
      votedEpoch: 0,
      votedFor: null,
    };
  }

  // ---- Process -------------------------------------------------------------------------------

  start(): void {
    const now = this.env.monotonicNs();
    for (const s of this.options.stores) this.views.set(s, { lastPong: now, info: null, lastOrder: null });
    this.persist();
    this.env.trace('sentinel-start', { primary: this.state.config.primary, epoch: this.state.config.epoch });
    // Sentinels started together should not tick together.
    this.tickTimer = this.env.setTimer(Math.floor(this.env.random() * this.tuning.pingEveryNs), 'sentinel-tick');
  }

  onTimer(id: TimerId): void {
    if (id === this.tickTimer) this.tick();
    else if (id === this.startTimer) this.onStandTimer();
  }

  onMessage(from: NodeId, m: unknown): void {
    if (isSentinelPong(m)) this.onPong(from, m);
    else if (isGetPrimary(m)) this.onGetPrimary(from, m);
    else if (isIsPrimaryDown(m)) this.onIsPrimaryDown(from, m);
    else if (isIsPrimaryDownReply(m)) this.onDownReply(from, m);
    else if (isSentinelHello(m)) this.onHello(m);
  }

  // ---- inspection ----------------------------------------------------------------------------

  get config(): PrimaryConfig {
    return { ...this.state.config };
  }

  get currentEpoch(): Epoch {
    return this.state.currentEpoch;
  }

  // ---- the periodic work ---------------------------------------------------------------------

  private tick(): void {
    for (const s of this.options.stores) this.env.send(s, { type: 'sentinel-ping' } satisfies SentinelPing);
    const hello: SentinelHello = { type: 'sentinel-hello', config: this.state.config, currentEpoch: this.state.currentEpoch };
    for (const p of this.peers()) this.env.send(p, hello);
    this.watchPrimary();
    if (this.candidacy === null) this.reconcile();
    this.tickTimer = this.env.setTimer(this.tuning.pingEveryNs, 'sentinel-tick');
  }

  private peers(): NodeId[] {
    return this.options.sentinels.filter((s) => s !== this.env.id);
  }

  private isDown(store: NodeId, now: LocalNs): boolean {
    const v = this.views.get(store);
    return v !== undefined && now - v.lastPong > this.tuning.downAfterNs;
  }

  private watchPrimary(): void {
    const now = this.env.monotonicNs();
    const primary = this.state.config.primary;
    if (this.candidacy && now - this.candidacy.startedAt > this.tuning.failoverTimeoutNs) {
      this.abort('timeout', now);
    }
    if (!this.isDown(primary, now)) {
      if (this.candidacy) this.abort('primary-back', now);
      this.cancelStand();
      return;
    }
    const ask: IsPrimaryDown = {
      type: 'is-primary-down',
      reqId: ++this.reqSeq,
      primary,
      epoch: this.candidacy?.epoch ?? this.state.currentEpoch,
      candidate: this.candidacy ? this.env.id : null,
    };
    for (const p of this.peers()) this.env.send(p, ask);
    if (this.candidacy || now < this.quietUntil) return;
    if (!this.objectivelyDown(primary, now)) return;
    if (this.startTimer !== null) return;
    this.env.trace('sentinel-odown', { primary, epoch: this.state.config.epoch });
    // Sentinels that saw the failure together would all stand at once and split the vote.
    this.startTimer = this.env.setTimer(Math.floor(this.env.random() * this.tuning.electionJitterNs), 'sentinel-stand');
  }

  /** The jittered start of a failover: stand if the primary is still down and nobody led meanwhile. */
  private onStandTimer(): void {
    this.startTimer = null;
    const now = this.env.monotonicNs();
    const primary = this.state.config.primary;
    if (this.candidacy || now < this.quietUntil || !this.isDown(primary, now) || !this.objectivelyDown(primary, now)) return;
    this.stand(now);
  }

  private objectivelyDown(primary: NodeId, now: LocalNs): boolean {
    const fresh = 3 * this.tuning.pingEveryNs;
    let agree = 1;
    for (const a of this.answers.values()) if (a.primary === primary && a.down && now - a.at <= fresh) agree++;
    return agree >= this.options.quorum;
  }

  // ---- leading a failover --------------------------------------------------------------------

  private stand(now: LocalNs): void {
    const epoch = this.state.currentEpoch + 1;
    this.state = { ...this.state, currentEpoch: epoch, votedEpoch: epoch, votedFor: this.env.id };
    this.persist();
    this.candidacy = { epoch, startedAt: now, votes: new Set([this.env.id]) };
    this.env.trace('sentinel-candidate', { epoch, primary: this.state.config.primary });
    const ask: IsPrimaryDown = { type: 'is-primary-down', reqId: ++this.reqSeq, primary: this.state.config.primary, epoch, candidate: this.env.id };
    for (const p of this.peers()) this.env.send(p, ask);
    this.countVotes(now);
  }

  private votesNeeded(): number {
    return Math.max(this.options.quorum, Math.floor(this.options.sentinels.length / 2) + 1);
  }

  private countVotes(now: LocalNs): void {
    const c = this.candidacy;
    if (c === null || c.votes.size < this.votesNeeded()) return;
    const old = this.state.config.primary;
    const chosen = this.chooseReplica(now);
    if (chosen === null) {
      this.abort('no-good-replica', now);
      return;
    }
    this.state = { ...this.state, config: { primary: chosen, epoch: c.epoch } };
    this.persist();
    this.candidacy = null;
    this.cancelStand();
    this.env.trace('sentinel-failover', {
      from: old,
      to: chosen,
      epoch: c.epoch,
      offset: this.views.get(chosen)?.info?.offset ?? null,
      votes: [...c.votes],
    });
    this.order(chosen, null, now);
    for (const s of this.options.stores) if (s !== chosen) this.order(s, chosen, now);
    const hello: SentinelHello = { type: 'sentinel-hello', config: this.state.config, currentEpoch: this.state.currentEpoch };
    for (const p of this.peers()) this.env.send(p, hello);
  }

  /**
   * The reachable replica of the failed primary with the highest replication offset (ties go to
   * the store listed first); failing that, any reachable replica.
   */
  private chooseReplica(now: LocalNs): NodeId | null {
    const old = this.state.config.primary;
    const reachable = this.options.stores.filter((s) => {
      const v = this.views.get(s);
      return s !== old && v?.info?.role === 'replica' && !this.isDown(s, now);
    });
    const ofOld = reachable.filter((s) => this.views.get(s)!.info!.following === old);
    const pool = ofOld.length > 0 ? ofOld : reachable;
    let best: NodeId | null = null;
    for (const s of pool) {
      if (best === null || this.views.get(s)!.info!.offset > this.views.get(best)!.info!.offset) best = s;
    }
    return best;
  }

  private abort(reason: string, now: LocalNs): void {
    this.env.trace('sentinel-failover-abort', { reason, epoch: this.candidacy?.epoch ?? null });
    this.candidacy = null;
    this.cancelStand();
    this.quietUntil = now + this.tuning.failoverTimeoutNs;
  }

  private cancelStand(): void {
    if (this.startTimer !== null) this.env.cancelTimer(this.startTimer);
    this.startTimer = null;
  }

  // ---- keeping the stores in line ------------------------------------------------------------

  /**
   * Every reachable store is told what the configuration says of it: the primary to be primary,
   * the others to follow it. A store that reports a newer epoch than ours knows better.
   */
  private reconcile(): void {
    const now = this.env.monotonicNs();
    const { primary } = this.state.config;
    for (const s of this.options.stores) {
      const v = this.views.get(s)!;
      const info = v.info;
      if (info === null || this.isDown(s, now) || info.epoch > this.state.config.epoch) continue;
      const wrong = s === primary ? info.role !== 'primary' : info.role !== 'replica' || info.following !== primary;
      if (!wrong) continue;
      if (v.lastOrder !== null && now - v.lastOrder < 2 * this.tuning.pingEveryNs) continue;
      this.order(s, s === primary ? null : primary, now);
    }
  }

  private order(store: NodeId, primary: NodeId | null, now: LocalNs): void {
    const v = this.views.get(store);
    if (v) v.lastOrder = now;
    this.env.trace('sentinel-order', { store, primary, epoch: this.state.config.epoch });
    this.env.send(store, { type: 'replicaof', primary, epoch: this.state.config.epoch } satisfies ReplicaOf);
  }

  // ---- messages ------------------------------------------------------------------------------

  private onPong(from: NodeId, m: SentinelPong): void {
    const v = this.views.get(from);
    if (!v) return;
    v.lastPong = this.env.monotonicNs();
    v.info = m;
  }

  private onGetPrimary(from: NodeId, m: GetPrimary): void {
    const { primary, epoch } = this.state.config;
    this.env.send(from, { type: 'primary-is', reqId: m.reqId, primary, epoch } satisfies PrimaryIs);
  }

  private onIsPrimaryDown(from: NodeId, m: IsPrimaryDown): void {
    const now = this.env.monotonicNs();
    if (m.candidate !== null) this.vote(m.candidate, m.epoch, now);
    const reply: IsPrimaryDownReply = {
      type: 'is-primary-down-rep',
      reqId: m.reqId,
      primary: m.primary,
      down: this.isDown(m.primary, now),
      leader: this.state.votedFor,
      leaderEpoch: this.state.votedEpoch,
    };
    this.env.send(from, reply);
  }

  /** One vote per epoch, to the first candidate that asks in it. */
  private vote(candidate: NodeId, epoch: Epoch, now: LocalNs): void {
    const before = this.state;
    if (epoch > this.state.currentEpoch) this.state = { ...this.state, currentEpoch: epoch };
    if (this.state.votedEpoch < epoch && this.state.currentEpoch <= epoch) {
      this.state = { ...this.state, votedEpoch: epoch, votedFor: candidate };
      this.env.trace('sentinel-vote', { candidate, epoch });
      // Give the candidate its chance before standing ourselves.
      if (candidate !== this.env.id) this.quietUntil = Math.max(this.quietUntil, now + this.tuning.failoverTimeoutNs);
    }
    // The vote is on disk before the answer leaves, so a restart cannot vote twice in one epoch.
    if (this.state !== before) this.persist();
  }

  private onDownReply(from: NodeId, m: IsPrimaryDownReply): void {
    const now = this.env.monotonicNs();
    this.answers.set(from, { primary: m.primary, down: m.down, at: now });
    const c = this.candidacy;
    if (c && m.leader === this.env.id && m.leaderEpoch === c.epoch) {
      c.votes.add(from);
      this.countVotes(now);
    }
  }

  private onHello(m: SentinelHello): void {
    let changed = false;
    if (m.currentEpoch > this.state.currentEpoch) {
      this.state = { ...this.state, currentEpoch: m.currentEpoch };
      changed = true;
    }
    if (m.config.epoch > this.state.config.epoch) {
      this.state = { ...this.state, config: { ...m.config } };
      changed = true;
      this.env.trace('sentinel-config', { primary: m.config.primary, epoch: m.config.epoch });
      if (this.candidacy && this.candidacy.epoch <= m.config.epoch) this.candidacy = null;
      this.cancelStand();
    }
    if (changed) this.persist();
  }

  private persist(): void {
    this.env.disk.write(STATE_FILE, [this.state]);
    this.env.disk.fsync();
  }
}

function readState(disk: Disk): SentinelRecord | null {
  const records = disk.read(STATE_FILE);
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i] as Partial<SentinelRecord> & { torn?: true };
    if (r?.torn) continue;
    if (typeof r.currentEpoch === 'number' && typeof r.votedEpoch === 'number' && r.config && typeof r.config.primary === 'string') {
      return { currentEpoch: r.currentEpoch, config: { ...r.config }, votedEpoch: r.votedEpoch, votedFor: r.votedFor ?? null };
    }
  }
  return null;
}
