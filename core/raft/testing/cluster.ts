/**
 * A deterministic in-memory Raft cluster for tests: a map of RawNodes, each with a disk and a
 * toy state machine, and one message queue that the test delivers, drops, duplicates and
 * reorders by hand. Every node runs the host loop of `raw-node.ts` faithfully (persist, send,
 * apply, advance), so crash tests exercise the same contract the real node host follows.
 */
import type { RaftOptions } from '../config.js';
import type { Message, MessageType } from '../messages.js';
import { RawNode, type Ready } from '../raw-node.js';
import { MemoryStorage } from '../storage.js';
import type { Entry, LogIndex, NodeId, ReadState, Snapshot } from '../types.js';

/** A small seeded generator (mulberry32), so tests need no outside randomness. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A node's disk. `written` is what the node wrote; `durable` what survives a crash. With
 * `fsync: 'always'` every Ready the host syncs is durable at once; with `'never'` nothing is
 * durable until the test calls `sync` (a disk whose fsync lies).
 */
export class FakeDisk {
  written = new MemoryStorage();
  private durableCopy: MemoryStorage | null = null;

  constructor(public fsync: 'always' | 'never' = 'always') {}

  save(rd: Ready): void {
    this.written.save(rd);
  }

  compact(snapshot: Snapshot): void {
    this.written.compact(snapshot);
  }

  sync(): void {
    this.durableCopy = this.written.clone();
  }

  /** What a restart finds. */
  afterCrash(): MemoryStorage {
    if (this.fsync === 'always') return this.written.clone();
    const kept = this.durableCopy ? this.durableCopy.clone() : new MemoryStorage();
    this.written = kept.clone();
    return kept;
  }
}

/** The toy replicated state machine: the list of commands applied, in log order. */
export interface AppliedCommand {
  readonly index: LogIndex;
  readonly term: number;
  readonly data: unknown;
}

export type ClusterEvent =
  | { readonly kind: 'ready'; readonly node: NodeId; readonly ready: Ready; readonly raw: RawNode }
  | { readonly kind: 'restart'; readonly node: NodeId; readonly storage: MemoryStorage; readonly raw: RawNode };

export interface ClusterOptions {
  /** The initial voters (started now). */
  readonly voters: readonly NodeId[];
  readonly learners?: readonly NodeId[];
  /** Options for every node (id, peers and random are filled in). */
  readonly raft?: Partial<RaftOptions>;
  /** Per node overrides. */
  readonly perNode?: Readonly<Record<NodeId, Partial<RaftOptions>>>;
  /** Seed for election jitter; without one every timeout is exactly `electionTicks`. */
  readonly seed?: number;
  /** Disks to start nodes from instead of empty ones (see `fixtures.ts`). */
  readonly disks?: Readonly<Record<NodeId, MemoryStorage>>;
}

export class TestCluster {
  readonly nodes = new Map<NodeId, RawNode>();
  readonly disks = new Map<NodeId, FakeDisk>();
  /** Each node's state machine: the commands applied since its snapshot's state. */
  readonly state = new Map<NodeId, AppliedCommand[]>();
  readonly readStates = new Map<NodeId, ReadState[]>();
  /** Messages sent and not yet delivered or dropped, oldest first. */
  queue: Message[] = [];
  /** Directed links that drop everything ("a>b"). */
  private readonly cut = new Set<string>();
  private readonly optionsOf = new Map<NodeId, RaftOptions>();
  private readonly events: ((e: ClusterEvent) => void)[] = [];
  delivered = 0;

  constructor(private readonly opts: ClusterOptions) {
    for (const id of [...opts.voters, ...(opts.learners ?? [])]) {
      this.start(id, { peers: opts.voters, learners: opts.learners ?? [] });
    }
  }

  onEvent(listener: (e: ClusterEvent) => void): void {
    this.events.push(listener);
  }

  /** Starts a node with an empty disk; without `peers` it is a newcomer waiting to be added. */
  start(id: NodeId, extra: Partial<RaftOptions> = {}): RawNode {
    const seed = this.opts.seed;
    const options: RaftOptions = {
      electionTicks: 10,
      heartbeatTicks: 1,
      random: seed === undefined ? () => 0 : seededRandom(seed * 7919 + hashId(id)),
      ...this.opts.raft,
      ...this.opts.perNode?.[id],
      ...extra,
      id,
    };
    this.optionsOf.set(id, options);
    const disk = new FakeDisk(this.disks.get(id)?.fsync ?? 'always');
    const prepared = this.opts.disks?.[id];
    if (prepared && !this.disks.has(id)) disk.written = prepared.clone();
    this.disks.set(id, disk);
    this.state.set(id, []);
    this.readStates.set(id, []);
    const node = new RawNode(options, disk.written.clone());
    this.nodes.set(id, node);
    return node;
  }

  node(id: NodeId): RawNode {
    const n = this.nodes.get(id);
    if (!n) throw new Error(`${id} is not running`);
    return n;
  }

  isUp(id: NodeId): boolean {
    return this.nodes.has(id);
  }

  /** Runs the host loop of one node until it has nothing to do. */
  process(id: NodeId): void {
    const node = this.nodes.get(id);
    if (!node) return;
    while (node.hasReady()) this.handleReady(id, node, node.ready(), 'all');
  }

  /** Persists, sends, applies and advances one Ready; `persist-only` crashes after persisting. */
  private handleReady(id: NodeId, node: RawNode, rd: Ready, upTo: 'all' | 'persist-only'): void {
    const disk = this.disks.get(id)!;
    disk.save(rd);
    if (rd.mustSync && disk.fsync === 'always') disk.sync();
    for (const l of this.events) l({ kind: 'ready', node: id, ready: rd, raw: node });
    if (upTo === 'persist-only') return;
    for (const m of rd.messages) this.queue.push(m);
    const sm = this.state.get(id)!;
    if (rd.snapshot) {
      sm.length = 0;
      const image = rd.snapshot.data as AppliedCommand[] | null;
      if (image) sm.push(...image);
    }
    for (const e of rd.committedEntries) {
      if (e.type === 'normal') sm.push({ index: e.index, term: e.term, data: e.data });
    }
    this.readStates.get(id)!.push(...rd.readStates);
    node.advance();
  }

  processAll(): void {
    for (const id of this.nodes.keys()) this.process(id);
  }

  /** Hands one queued message to its recipient (a cut link or a down node loses it). */
  deliverAt(position: number): Message | undefined {
    const [m] = this.queue.splice(position, 1);
    if (!m) return undefined;
    this.deliverMessage(m);
    return m;
  }

  private deliverMessage(m: Message): void {
    const to = this.nodes.get(m.to);
    if (!to || this.cut.has(`${m.from}>${m.to}`)) return;
    this.delivered++;
    to.step(m);
    this.process(m.to);
  }

  /** Delivers every queued message matching `filter` (all by default), oldest first. */
  deliver(filter: (m: Message) => boolean = () => true): number {
    const now = this.queue;
    this.queue = [];
    let n = 0;
    const keep: Message[] = [];
    for (const m of now) {
      if (filter(m)) {
        this.deliverMessage(m);
        n++;
      } else {
        keep.push(m);
      }
    }
    this.queue = [...keep, ...this.queue];
    return n;
  }

  /** Queued messages from `from` (of `type`, when given), oldest first. */
  sent<T extends MessageType>(from: NodeId, type?: T): (Message & { type: T })[] {
    return this.queue.filter((m) => m.from === from && (type === undefined || m.type === type)) as (Message & {
      type: T;
    })[];
  }

  /**
   * Delivers matching messages, and the matching messages they provoke, until none is queued
   * (an exchange run to its end, e.g. an election's votes and answers).
   */
  exchange(filter: (m: Message) => boolean, maxRounds = 100): number {
    let total = 0;
    for (let round = 0; round < maxRounds; round++) {
      const n = this.deliver(filter);
      if (n === 0) break;
      total += n;
    }
    return total;
  }

  /** Drops every queued message matching `filter` (all by default). */
  drop(filter: (m: Message) => boolean = () => true): Message[] {
    const dropped = this.queue.filter(filter);
    this.queue = this.queue.filter((m) => !filter(m));
    return dropped;
  }

  /** Delivers and processes until no node has anything to say (or `maxRounds` pass). */
  stabilize(maxRounds = 200): void {
    this.processAll();
    for (let round = 0; round < maxRounds && this.queue.length > 0; round++) {
      this.deliver();
      this.processAll();
    }
  }

  tick(id: NodeId, times = 1): void {
    for (let i = 0; i < times; i++) {
      this.nodes.get(id)?.tick();
      this.process(id);
    }
  }

  /** Ticks every running node once per round, delivering everything in between. */
  tickAll(rounds = 1): void {
    for (let i = 0; i < rounds; i++) {
      for (const id of this.nodes.keys()) this.tick(id);
      this.stabilize();
    }
  }

  /** Makes `id` campaign and runs the election to its end; returns whether it won. */
  elect(id: NodeId): boolean {
    this.processAll();
    this.node(id).campaign();
    this.stabilize();
    return this.node(id).status().role === 'leader';
  }

  /** The node every running node that knows a leader agrees on, at the highest term. */
  leader(): NodeId | null {
    let best: { id: NodeId; term: number } | null = null;
    for (const [id, n] of this.nodes) {
      const s = n.status();
      if (s.role === 'leader' && (!best || s.term > best.term)) best = { id, term: s.term };
    }
    return best?.id ?? null;
  }

  propose(id: NodeId, data: unknown) {
    const r = this.node(id).propose(data);
    this.process(id);
    return r;
  }

  /** Cuts both directions between every node of `a` and every node of `b`. */
  partition(a: readonly NodeId[], b: readonly NodeId[]): void {
    for (const x of a) {
      for (const y of b) {
        this.cut.add(`${x}>${y}`);
        this.cut.add(`${y}>${x}`);
      }
    }
  }

  /** Cuts `id` off from every other node. */
  isolate(id: NodeId): void {
    const others = [...this.disks.keys()].filter((n) => n !== id);
    this.partition([id], others);
  }

  /** Whether a message from `from` to `to` would be lost now (a cut link or a node down). */
  loses(from: NodeId, to: NodeId): boolean {
    return !this.nodes.has(to) || this.cut.has(`${from}>${to}`);
  }

  cutLink(from: NodeId, to: NodeId): void {
    this.cut.add(`${from}>${to}`);
  }

  heal(): void {
    this.cut.clear();
  }

  /** Stops a node: its volatile state is gone; its disk keeps what the fsync policy kept. */
  crash(id: NodeId): void {
    this.nodes.delete(id);
  }

  /**
   * Crashes a node in the middle of its host loop: the next Ready is persisted (and synced) but
   * its messages never leave and nothing is applied.
   */
  crashAfterPersist(id: NodeId): Ready | null {
    const node = this.node(id);
    if (!node.hasReady()) {
      this.crash(id);
      return null;
    }
    const rd = node.ready();
    this.handleReady(id, node, rd, 'persist-only');
    this.crash(id);
    return rd;
  }

  /** Starts a crashed node again from what its disk kept. */
  restart(id: NodeId): RawNode {
    if (this.nodes.has(id)) throw new Error(`${id} is running`);
    const disk = this.disks.get(id)!;
    const storage = disk.afterCrash();
    const node = new RawNode(this.optionsOf.get(id)!, storage.clone());
    this.nodes.set(id, node);
    // The state machine is volatile: it comes back from the snapshot and re-applies the log.
    const sm: AppliedCommand[] = [];
    const image = storage.snapshot()?.data as AppliedCommand[] | null | undefined;
    if (image) sm.push(...image);
    this.state.set(id, sm);
    this.readStates.set(id, []);
    for (const l of this.events) l({ kind: 'restart', node: id, storage, raw: node });
    this.process(id);
    return node;
  }

  /** Takes a snapshot of `id`'s state machine at its applied index and compacts its log. */
  compact(id: NodeId): Snapshot | null {
    const node = this.node(id);
    const applied = node.status().applied;
    const snapshot = node.compact(applied, this.state.get(id)!.slice());
    if (snapshot) this.disks.get(id)!.compact(snapshot);
    return snapshot;
  }

  /** The commands `id` applied, as their data. */
  appliedData(id: NodeId): unknown[] {
    return this.state.get(id)!.map((c) => c.data);
  }

  /** Entries in `id`'s log as "index:term" strings, for readable assertions. */
  logOf(id: NodeId): string[] {
    const n = this.node(id);
    const s = n.status();
    return n.entries(s.snapshotIndex + 1, s.lastIndex + 1).map((e: Entry) => `${e.index}:${e.term}`);
  }
}

function hashId(id: string): number {
  let h = 0;
  for (let i = 0; i < id.length; i++) h = (Math.imul(h, 31) + id.charCodeAt(i)) >>> 0;
  return h;
}
