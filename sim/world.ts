/**
 * The simulated world: processes, their clocks and disks, the network, and the run loop.
 *
 * A run is a pure function of its seed: every event is ordered by (true time, sequence), every
 * random draw comes from a named stream, and nothing reads the real clock. Processes see the world
 * only through the `Env` of core/env.ts.
 */
import type { Env, FsyncPolicy, NodeId, Process, ProcessFactory, TimerId } from '../core/env.js';
import { ProcessClock, type ClockConfig } from './clock.js';
import { FLUSH_INTERVAL_NS, FSYNC_POLICIES, SimDisk } from './disk.js';
import { EventQueue, type Scheduled } from './event-queue.js';
import { ConfigError, Network, type LinkConfig, type LinkState } from './network.js';
import { RandomStreams, type Rng } from './random.js';
import type { TrueTimeNs } from './time.js';
import { Trace, type TraceLevel } from './trace.js';

export type ProcessStatus = 'up' | 'paused' | 'down';

/** How a crash treats the disk: a process kill keeps the page cache; a power loss does not. */
export type CrashMode = 'clean' | 'lose-unsynced' | 'torn' | 'wipe';
export const CRASH_MODES: readonly CrashMode[] = ['clean', 'lose-unsynced', 'torn', 'wipe'];

export interface ProcessOptions {
  /** Disk fsync policy (default `always`). */
  fsync?: FsyncPolicy;
  clock?: ClockConfig;
  /** Start at once (default true). */
  start?: boolean;
}

export interface WorldConfig {
  seed: number | string;
  network?: Partial<LinkConfig>;
  trace?: TraceLevel;
}

/**
 * One agenda entry. Every event has the same shape (one class, all fields set in the constructor)
 * so that the heap's comparisons and the dispatcher stay monomorphic: this is the hot path.
 */
class WorldEvent implements Scheduled {
  seq = 0;
  cancelled = false;
  constructor(
    public t: TrueTimeNs,
    readonly type: 'deliver' | 'timer' | 'action',
    /** deliver: sender; timer: the process; action: the label. */
    readonly from: string,
    /** deliver: receiver; timer: the process. */
    readonly to: string,
    /** deliver, timer: the receiving process (resolved once, when the event is made). */
    readonly target: SimProcess | null,
    readonly message: unknown,
    /** deliver: the counters of the message's type. */
    readonly counts: MessageCounts | null,
    /** timer fields */
    readonly id: TimerId,
    /** timer: its tag; deliver: the message type. */
    readonly tag: string,
    readonly incarnation: number,
    /** Local monotonic reading at which a timer is due (to move it when the drift changes). */
    readonly dueLocal: number,
    readonly run: (() => void) | null,
    /** deliver: the link the message travels on (its partition and hold state are read on arrival). */
    readonly link: LinkState | null,
  ) {}

  static deliver(t: TrueTimeNs, from: NodeId, to: SimProcess, message: unknown, type: string, counts: MessageCounts, link: LinkState): WorldEvent {
    return new WorldEvent(t, 'deliver', from, to.id, to, message, counts, 0, type, 0, 0, null, link);
  }

  static timer(t: TrueTimeNs, p: SimProcess, id: TimerId, tag: string, incarnation: number, dueLocal: number): WorldEvent {
    return new WorldEvent(t, 'timer', p.id, p.id, p, null, null, id, tag, incarnation, dueLocal, null, null);
  }

  static action(t: TrueTimeNs, label: string, run: () => void): WorldEvent {
    return new WorldEvent(t, 'action', label, '', null, null, null, 0, '', 0, 0, run, null);
  }

  /** The same event, due at another time (a fresh agenda entry). */
  at(t: TrueTimeNs): WorldEvent {
    return new WorldEvent(t, this.type, this.from, this.to, this.target, this.message, this.counts, this.id, this.tag, this.incarnation, this.dueLocal, this.run, this.link);
  }
}

/** Message counters by message type, for reports ("messages per operation"). */
export interface MessageCounts {
  sent: number;
  delivered: number;
  dropped: number;
}

class SimProcess {
  proc: Process | null = null;
  env: SimEnv | null = null;
  incarnation = 0;
  status: ProcessStatus = 'down';
  readonly timers = new Map<TimerId, WorldEvent>();
  /** Deliveries and timers that arrived while paused, in arrival order. */
  deferred: WorldEvent[] = [];
  constructor(
    readonly id: NodeId,
    /** The id's code in the trace hash. */
    readonly idCode: number,
    readonly factory: ProcessFactory,
    readonly clock: ProcessClock,
    readonly disk: SimDisk,
    readonly rng: Rng,
  ) {}
}

class SimEnv implements Env {
  constructor(
    private readonly world: World,
    private readonly p: SimProcess,
    private readonly incarnation: number,
  ) {}

  get id(): NodeId {
    return this.p.id;
  }

  get disk(): SimDisk {
    return this.p.disk;
  }

  private get live(): boolean {
    return this.p.incarnation === this.incarnation && this.p.status !== 'down';
  }

  monotonicNs(): number {
    return this.p.clock.mono(this.world.now);
  }

  wallNs(): number {
    return this.p.clock.wall(this.world.now);
  }

  setTimer(delay: number, tag: string): TimerId {
    return this.world.setTimer(this.p, this.incarnation, delay, tag);
  }

  cancelTimer(id: TimerId): void {
    const ev = this.p.timers.get(id);
    if (ev) {
      ev.cancelled = true;
      this.p.timers.delete(id);
    }
  }

  send(to: NodeId, message: unknown): void {
    if (this.live) this.world.sendFrom(this.p.id, this.p.idCode, to, message);
  }

  random(): number {
    return this.p.rng();
  }

  trace(kind: string, data?: Record<string, unknown>): void {
    if (this.live) this.world.trace.record(this.world.now, kind, this.p.id, '', data);
  }
}

function messageType(message: unknown): string {
  if (typeof message === 'object' && message !== null) {
    const t = (message as { type?: unknown }).type;
    if (typeof t === 'string') return t;
  }
  return 'message';
}

export class World {
  now: TrueTimeNs = 0;
  readonly random: RandomStreams;
  readonly network: Network;
  readonly trace: Trace;
  /** Events handled so far (deliveries, timers, actions). */
  steps = 0;
  readonly messages = new Map<string, MessageCounts>();

  private readonly queue = new EventQueue<WorldEvent>();
  private readonly processes = new Map<NodeId, SimProcess>();
  private lastCrashed: { id: NodeId; proc: Process | null } | null = null;
  private nextTimerId = 1;
  /** Packets held on a link, by link key, in send order. */
  private readonly heldPackets = new Map<string, WorldEvent[]>();
  /** The trace codes of the chatter kinds. */
  private readonly sendCode: number;
  private readonly deliverCode: number;
  private readonly timerCode: number;

  constructor(config: WorldConfig) {
    this.random = new RandomStreams(config.seed);
    this.network = new Network(this.random.stream('network'), config.network ?? {});
    this.trace = new Trace(config.trace ?? 'protocol');
    this.sendCode = this.trace.code('send');
    this.deliverCode = this.trace.code('deliver');
    this.timerCode = this.trace.code('timer');
  }

  // ---- processes -------------------------------------------------------------------------

  addProcess(id: NodeId, factory: ProcessFactory, options: ProcessOptions = {}): void {
    if (typeof id !== 'string' || id.length === 0) throw new ConfigError('process.id', 'must be a non-empty string');
    if (this.processes.has(id)) throw new ConfigError('process.id', `"${id}" is already in the world`);
    const fsync = options.fsync ?? 'always';
    if (!FSYNC_POLICIES.includes(fsync)) {
      throw new ConfigError(`process ${id}.fsync`, `must be one of ${FSYNC_POLICIES.join('|')}, got ${String(fsync)}`);
    }
    const drift = options.clock?.driftPpm ?? 0;
    if (!Number.isFinite(drift) || drift <= -1e6) {
      throw new ConfigError(`process ${id}.clock.driftPpm`, `must be a finite number above -1000000, got ${drift}`);
    }
    const rng = this.random.stream(`node:${id}`);
    const clockConfig: ClockConfig = {
      monoOriginNs: Math.floor(this.random.stream(`clock-origin:${id}`)() * 1e12),
      ...options.clock,
    };
    const p = new SimProcess(id, this.trace.code(id), factory, new ProcessClock(clockConfig), new SimDisk(fsync), rng);
    this.processes.set(id, p);
    this.scheduleFlush(p);
    if (options.start ?? true) this.startProcess(p, 'start');
  }

  has(id: NodeId): boolean {
    return this.processes.has(id);
  }

  ids(): NodeId[] {
    return [...this.processes.keys()];
  }

  status(id: NodeId): ProcessStatus {
    return this.get(id).status;
  }

  /** The live process object (for tests and inspection); null when down. */
  process<P extends Process = Process>(id: NodeId): P | null {
    return this.get(id).proc as P | null;
  }

  clock(id: NodeId): ProcessClock {
    return this.get(id).clock;
  }

  /**
   * How long ago, in true time, process `id`'s monotonic clock read its present reading less
   * `localNs`: the true age of an instant the process knows only on its own clock.
   */
  trueAgoOnClock(id: NodeId, localNs: number): number {
    const clock = this.get(id).clock;
    return Math.max(0, this.now - clock.trueTimeOfMono(clock.mono(this.now) - localNs));
  }

  disk(id: NodeId): SimDisk {
    return this.get(id).disk;
  }

  private get(id: NodeId): SimProcess {
    const p = this.processes.get(id);
    if (!p) throw new ConfigError('node', `"${id}" is not a process of this world`);
    return p;
  }

  private startProcess(p: SimProcess, kind: 'start' | 'restart'): void {
    p.incarnation++;
    p.status = 'up';
    p.env = new SimEnv(this, p, p.incarnation);
    this.trace.record(this.now, kind, p.id, String(p.incarnation));
    p.proc = p.factory(p.env);
    p.proc.start();
  }

  private scheduleFlush(p: SimProcess): void {
    const interval = FLUSH_INTERVAL_NS[p.disk.policy];
    if (interval <= 0) return;
    const phase = Math.floor(this.random.stream(`disk-phase:${p.id}`)() * interval);
    const tick = (): void => {
      p.disk.flush();
      this.after(interval, `flush:${p.id}`, tick);
    };
    this.after(phase, `flush:${p.id}`, tick);
  }

  // ---- faults on processes -----------------------------------------------------------------

  /** Freezes a process: its clocks run on, but timers and deliveries wait until it resumes. */
  pause(id: NodeId): void {
    const p = this.get(id);
    if (p.status !== 'up') return;
    p.status = 'paused';
    this.trace.record(this.now, 'pause', id, '');
  }

  /** Resumes a paused process; what waited arrives at once, in order. */
  resume(id: NodeId): void {
    const p = this.get(id);
    if (p.status !== 'paused') return;
    p.status = 'up';
    this.trace.record(this.now, 'resume', id, String(p.deferred.length));
    const burst = p.deferred;
    p.deferred = [];
    for (const ev of burst) {
      if (p.status !== 'up') {
        // The process paused or crashed again inside the burst: keep the rest for later.
        if (p.status === 'paused') p.deferred.push(ev);
        continue;
      }
      this.dispatch(ev);
    }
  }

  /** Kills a process; volatile state is gone, and the disk keeps what the crash mode allows. */
  crash(id: NodeId, mode: CrashMode = 'clean'): void {
    const p = this.get(id);
    if (!CRASH_MODES.includes(mode)) throw new ConfigError('crash.mode', `must be one of ${CRASH_MODES.join('|')}, got ${String(mode)}`);
    if (p.status === 'down') return;
    p.status = 'down';
    const dying = p.proc;
    p.proc = null;
    p.env = null;
    for (const ev of p.timers.values()) ev.cancelled = true;
    p.timers.clear();
    p.deferred = [];
    let lost = 0;
    if (mode === 'lose-unsynced') lost = p.disk.loseUnsynced(false);
    else if (mode === 'torn') lost = p.disk.loseUnsynced(true);
    else if (mode === 'wipe') p.disk.wipe();
    // Observers of the crash event may still read the dead process object (never run it): a
    // harness dates the beliefs a frozen client let lapse at their deadlines, not at the crash.
    this.lastCrashed = { id, proc: dying };
    this.trace.record(this.now, 'crash', id, mode, { mode, lostWrites: lost });
    this.lastCrashed = null;
  }

  /** While the crash event of `id` is being recorded: the process object it had (else null). */
  crashedProcess(id: NodeId): Process | null {
    return this.lastCrashed !== null && this.lastCrashed.id === id ? this.lastCrashed.proc : null;
  }

  /** Starts a crashed process again from what its disk kept. */
  restart(id: NodeId): void {
    const p = this.get(id);
    if (p.status !== 'down') return;
    this.startProcess(p, 'restart');
  }

  /** Wipes the disk and restarts: the node comes back with no memory at all. */
  wipeAndRestart(id: NodeId): void {
    this.crash(id, 'wipe');
    this.restart(id);
  }

  // ---- clocks ----------------------------------------------------------------------------------

  /** Sets a process's monotonic clock drift; pending timers move to match the new rate. */
  setDrift(id: NodeId, ppm: number): void {
    if (!Number.isFinite(ppm) || ppm <= -1e6) throw new ConfigError('clock.driftPpm', `must be a finite number above -1000000, got ${ppm}`);
    const p = this.get(id);
    p.clock.setDrift(this.now, ppm);
    this.rescheduleTimers(p);
    this.traceClock(p);
  }

  setWallDrift(id: NodeId, ppm: number): void {
    const p = this.get(id);
    p.clock.setWallDrift(this.now, ppm);
    this.traceClock(p);
  }

  jumpWall(id: NodeId, deltaNs: number): void {
    const p = this.get(id);
    p.clock.jumpWall(deltaNs);
    this.traceClock(p);
  }

  setWallOffset(id: NodeId, offsetNs: number): void {
    const p = this.get(id);
    p.clock.setWallOffset(offsetNs);
    this.traceClock(p);
  }

  strobeWall(id: NodeId, durationNs: number, periodNs: number, deltaNs: number): void {
    const p = this.get(id);
    p.clock.startStrobe(this.now, durationNs, periodNs, deltaNs);
    this.traceClock(p);
  }

  resetClock(id: NodeId): void {
    const p = this.get(id);
    p.clock.reset(this.now);
    this.rescheduleTimers(p);
    this.traceClock(p);
  }

  private traceClock(p: SimProcess): void {
    const wallOffsetNs = p.clock.wall(this.now) - p.clock.wall(0) - this.now;
    this.trace.record(this.now, 'clock', p.id, '', { driftPpm: p.clock.driftPpm, wallOffsetNs });
  }

  private rescheduleTimers(p: SimProcess): void {
    const local = p.clock.mono(this.now);
    for (const [id, ev] of p.timers) {
      ev.cancelled = true;
      const next = ev.at(this.now + p.clock.trueDurationOf(Math.max(0, ev.dueLocal - local)));
      p.timers.set(id, next);
      this.queue.push(next);
    }
  }

  // ---- network -----------------------------------------------------------------------------

  /** Replaces the partition with a grudge: each [a, b] drops a's packets to b. */
  partition(pairs: ReadonlyArray<readonly [NodeId, NodeId]>, label = 'partition'): void {
    pairs.forEach(([a, b], i) => {
      if (!this.processes.has(a)) throw new ConfigError(`partition[${i}][0]`, `names an unknown node "${a}"`);
      if (!this.processes.has(b)) throw new ConfigError(`partition[${i}][1]`, `names an unknown node "${b}"`);
    });
    this.network.setGrudge(pairs);
    this.trace.record(this.now, 'partition', undefined, label, { pairs: pairs.map(([a, b]) => `${a}>${b}`) });
  }

  healPartition(): void {
    this.network.healPartitions();
    this.trace.record(this.now, 'heal-partition', undefined, '');
  }

  /** Queues packets on a directed link until `releaseLink`. */
  holdLink(from: NodeId, to: NodeId): void {
    this.get(from);
    this.get(to);
    this.network.hold(from, to);
    this.trace.record(this.now, 'hold', from, to);
  }

  /** Releases a held link: its queued packets arrive now, in order. */
  releaseLink(from: NodeId, to: NodeId): void {
    this.network.release(from, to);
    const key = Network.key(from, to);
    const queued = this.heldPackets.get(key) ?? [];
    this.heldPackets.delete(key);
    this.trace.record(this.now, 'release', from, to, { packets: queued.length });
    for (const ev of queued) {
      this.queue.push(ev.at(this.now));
    }
  }

  releaseAllLinks(): void {
    for (const key of this.network.heldPairs()) {
      const [from, to] = key.split('>') as [string, string];
      this.releaseLink(from, to);
    }
  }

  /** Sends a message from `from` (a process's environment does this). */
  send(from: NodeId, to: NodeId, message: unknown): void {
    this.sendFrom(from, this.trace.code(from), to, message);
  }

  /** `send`, with the sender's trace code already known. */
  sendFrom(from: NodeId, fromCode: number, to: NodeId, message: unknown): void {
    const type = messageType(message);
    const counts = this.count(type);
    counts.sent++;
    const target = this.processes.get(to);
    if (!target) {
      counts.dropped++;
      this.trace.record(this.now, 'drop', from, type, { to, why: 'unknown-node' });
      return;
    }
    const routing = this.network.route(from, to, this.now);
    if (routing.lost !== null) {
      counts.dropped++;
      this.trace.record(this.now, 'drop', from, type, { to, type, why: routing.lost });
      return;
    }
    this.trace.chatter(this.now, 'send', this.sendCode, from, fromCode, type);
    for (let i = 0; i < routing.copies; i++) {
      this.queue.push(WorldEvent.deliver(this.now + routing.delays[i], from, target, message, type, counts, routing.link));
    }
  }

  private count(type: string): MessageCounts {
    let c = this.messages.get(type);
    if (!c) {
      c = { sent: 0, delivered: 0, dropped: 0 };
      this.messages.set(type, c);
    }
    return c;
  }

  // ---- timers and actions ------------------------------------------------------------------

  /** Called by environments: a timer due after `delay` of the process's monotonic clock. */
  setTimer(p: SimProcess, incarnation: number, delay: number, tag: string): TimerId {
    const id = this.nextTimerId++;
    const d = Math.max(0, delay);
    const ev = WorldEvent.timer(this.now + p.clock.trueDurationOf(d), p, id, tag, incarnation, p.clock.mono(this.now) + d);
    p.timers.set(id, ev);
    this.queue.push(ev);
    return id;
  }

  /** Runs `run` at true time `at` (a simulator action: a fault, a workload step, a check). */
  at(t: TrueTimeNs, label: string, run: () => void): void {
    this.queue.push(WorldEvent.action(Math.max(t, this.now), label, run));
  }

  after(delay: number, label: string, run: () => void): void {
    this.at(this.now + Math.max(0, delay), label, run);
  }

  // ---- the run loop ------------------------------------------------------------------------

  /** Handles the next event; false when nothing is left. */
  step(): boolean {
    const ev = this.queue.pop();
    if (!ev) return false;
    if (ev.cancelled) return true;
    this.now = ev.t;
    this.steps++;
    this.dispatch(ev);
    return true;
  }

  /** Runs every event due at or before true time `t`, then sets the clock to `t`. */
  runUntil(t: TrueTimeNs): void {
    for (;;) {
      const next = this.queue.peek();
      if (!next || next.t > t) break;
      this.step();
    }
    if (t > this.now) this.now = t;
  }

  runFor(durationNs: number): void {
    this.runUntil(this.now + durationNs);
  }

  /** Runs until `done()` holds (checked after each event) or true time passes `deadline`. */
  runUntilTrue(done: () => boolean, deadline: TrueTimeNs): boolean {
    while (!done()) {
      const next = this.queue.peek();
      if (!next || next.t > deadline) {
        if (deadline > this.now) this.now = deadline;
        return done();
      }
      this.step();
    }
    return true;
  }

  private dispatch(ev: WorldEvent): void {
    if (ev.type === 'action') {
      (ev.run as () => void)();
      return;
    }
    const p = ev.target as SimProcess;
    if (ev.type === 'timer') {
      if (ev.incarnation !== p.incarnation || p.status === 'down') return;
      if (p.status === 'paused') {
        p.deferred.push(ev);
        return;
      }
      p.timers.delete(ev.id);
      this.trace.chatter(this.now, 'timer', this.timerCode, p.id, p.idCode, ev.tag);
      p.proc?.onTimer(ev.id, ev.tag);
      return;
    }
    // A delivery: faults reach packets in flight.
    const type = ev.tag;
    const counts = ev.counts as MessageCounts;
    const link = ev.link as LinkState;
    if (link.cut) {
      counts.dropped++;
      this.trace.record(this.now, 'drop', ev.from, type, { to: ev.to, type, why: 'partition-in-flight' });
      return;
    }
    if (link.held) {
      const key = Network.key(ev.from, ev.to);
      const q = this.heldPackets.get(key) ?? [];
      q.push(ev);
      this.heldPackets.set(key, q);
      return;
    }
    if (p.status === 'down') {
      counts.dropped++;
      this.trace.record(this.now, 'drop', ev.from, type, { to: ev.to, type, why: 'down' });
      return;
    }
    if (p.status === 'paused') {
      p.deferred.push(ev);
      return;
    }
    counts.delivered++;
    this.trace.chatter(this.now, 'deliver', this.deliverCode, p.id, p.idCode, type);
    p.proc?.onMessage(ev.from, ev.message);
  }

  /** The run's fingerprint so far. */
  traceHash(): string {
    return this.trace.hash();
  }
}
