/**
 * Runs a generator against clients in simulated time: asks it for operations whenever a client is
 * free (or when it asked to be woken), invokes them on the clients, records every invocation and
 * completion in the history, and tells the generator about each.
 *
 * A client is free when it has nothing outstanding and its process is up: a paused client takes no
 * new operations (its application code is frozen too), and one whose process crashed has its
 * outstanding operation completed `info` at the crash instant (it may or may not have taken
 * effect) and its beliefs ended (a dead process believes nothing). The driver hears of pauses,
 * resumes, crashes and restarts from the world's trace, so nothing is polled.
 *
 * Everything happens inside world events; a completion that arrives inside an invoke call (a local
 * refusal) is handled as well, and the next operations are asked for in a fresh event at the same
 * true time, so a client library is never re-entered from its own callback.
 */
import type { Op, TrueTimeNs } from '../../checker/history.js';
import type { RecordedEvent } from '../../sim/trace.js';
import type { HistoryRecorder, OpHandle } from '../../sim/recorder.js';
import type { World } from '../../sim/world.js';
import { inspectsBeliefs } from '../../core/client/beliefs.js';
import { GeneratorError, type GenContext, type Generator, type OpEvent, type PlannedOp } from './generator.js';

export type CompletionType = 'ok' | 'fail' | 'info';

/** An operation as a client receives it: planned, assigned, and already in the history. */
export interface InvokedOp extends PlannedOp {
  client: string;
  /** The Jepsen process it runs under. */
  process: number;
  /** History index of its invoke. */
  index: number;
}

/** Ends an operation: `ok` (it happened), `fail` (it certainly did not), `info` (unknown). */
export type OpDone = (type: CompletionType, value: unknown, error?: string) => void;

/** What runs a workload's operations on one client (a client program over a lock library). */
export interface WorkloadClient {
  /** Starts `op`; `done` must be called exactly once, now or later in simulated time. */
  invoke(op: InvokedOp, done: OpDone): void;
  /** The client's process crashed: forget what the application held in memory. */
  crashed?(): void;
}

export interface DriverOptions {
  /** The random stream the generator draws from (default "workload"). */
  stream?: string;
  /** Called once, when the generator is exhausted and every operation has completed. */
  onFinish?: () => void;
  /** Operations one instant may start before the generator is deemed to loop (default 10000). */
  maxOpsPerInstant?: number;
}

export interface DriverStats {
  invoked: number;
  ok: number;
  fail: number;
  info: number;
  /** Operations ended `info` because their client's process crashed. */
  crashed: number;
  /** Completions that came after their operation had already ended (e.g. after a crash). */
  late: number;
}

export interface WorkloadRun {
  /** The generator is exhausted (or stopped) and nothing is outstanding. */
  readonly finished: boolean;
  readonly stats: Readonly<DriverStats>;
  /**
   * Ends the workload cleanly: the generator, which honours its own stop time, may still finish
   * the cycles under way (a holder finishes its critical section and releases) for up to `graceNs`
   * (default 10 s); after that no new operation starts. Outstanding ones still complete and are
   * recorded. `stop(0)` stops at once, mid-cycle.
   */
  stop(graceNs?: number): void;
}

/** How long a stopping workload may take to finish its cycles. */
export const STOP_GRACE_NS = 10_000_000_000;

interface InFlight {
  readonly handle: OpHandle;
  readonly client: string;
  settled: boolean;
}

const WATCHED = new Set(['crash', 'restart', 'pause', 'resume']);

class Driver implements WorkloadRun {
  finished = false;
  readonly stats: DriverStats = { invoked: 0, ok: 0, fail: 0, info: 0, crashed: 0, late: 0 };
  private readonly order: readonly string[];
  private readonly outstanding = new Map<string, InFlight>();
  private readonly rng: () => number;
  private readonly maxOps: number;
  private exhausted = false;
  /** stop() was called: the generator winds down on its own until the grace runs out. */
  private stopping = false;
  private pumpScheduled = false;
  /** Wake times already on the agenda. */
  private readonly wakes = new Set<TrueTimeNs>();
  private opsThisInstant = 0;
  private instant: TrueTimeNs = -1;
  private cached: GenContext | null = null;

  constructor(
    private readonly world: World,
    private gen: Generator,
    private readonly clients: ReadonlyMap<string, WorkloadClient>,
    private readonly recorder: HistoryRecorder,
    private readonly options: DriverOptions,
  ) {
    this.order = [...clients.keys()];
    this.rng = world.random.stream(options.stream ?? 'workload');
    this.maxOps = options.maxOpsPerInstant ?? 10_000;
    world.trace.listen((e) => this.onTrace(e));
    this.schedulePump();
  }

  stop(graceNs = STOP_GRACE_NS): void {
    if (graceNs <= 0) return this.stopNow();
    if (this.stopping) return;
    this.stopping = true;
    this.world.after(graceNs, 'workload-stop', () => this.stopNow());
    this.schedulePump();
  }

  private stopNow(): void {
    this.exhausted = true;
    this.checkFinished();
  }

  // ---- asking the generator ------------------------------------------------------------------

  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    this.world.after(0, 'workload', () => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    while (!this.exhausted) {
      const ctx = this.context();
      const step = this.gen.op(ctx);
      if (step === null) {
        this.exhausted = true;
        break;
      }
      this.gen = step.next;
      if (step.kind === 'pending') {
        if (step.wakeAt !== null) this.wakeAt(step.wakeAt);
        break;
      }
      this.invoke(step.op, ctx);
    }
    this.checkFinished();
  }

  private wakeAt(t: TrueTimeNs): void {
    // Never wake in the same instant: a generator that keeps answering "now" would spin forever.
    const at = Math.max(t, this.world.now + 1);
    if (this.wakes.has(at)) return;
    this.wakes.add(at);
    this.world.at(at, 'workload-wake', () => {
      this.wakes.delete(at);
      this.pump();
    });
  }

  /** The context as of now; rebuilt only when time, an outstanding op or a client's status changed. */
  private context(): GenContext {
    if (this.cached !== null && this.cached.now === this.world.now) return this.cached;
    const free: string[] = [];
    const busy: string[] = [];
    for (const c of this.order) {
      if (this.outstanding.has(c)) busy.push(c);
      else if (this.isUp(c)) free.push(c);
    }
    this.cached = { now: this.world.now, clients: this.order, free, busy, random: this.rng };
    return this.cached;
  }

  private isUp(client: string): boolean {
    return !this.world.has(client) || this.world.status(client) === 'up';
  }

  // ---- invoking and completing ---------------------------------------------------------------

  private invoke(op: PlannedOp & { client: string }, ctx: GenContext): void {
    const { client } = op;
    const target = this.clients.get(client);
    if (!target) throw new GeneratorError(`the generator chose client "${client}", which the driver does not have`);
    if (!ctx.free.includes(client)) throw new GeneratorError(`the generator chose client "${client}", which is not free`);
    if (this.instant !== this.world.now) {
      this.instant = this.world.now;
      this.opsThisInstant = 0;
    }
    if (++this.opsThisInstant > this.maxOps) {
      throw new GeneratorError(`the generator started more than ${this.maxOps} operations at one instant (${this.world.now} ns); it loops`);
    }
    const process = this.recorder.processOf(client);
    const handle = this.recorder.invoke(process, op.f, op.value, { node: client, key: op.key, ...this.localClocks(client) });
    const flight: InFlight = { handle, client, settled: false };
    this.outstanding.set(client, flight);
    this.cached = null;
    this.stats.invoked++;
    this.gen = this.gen.update(this.context(), eventOf(this.recorder.ops[handle.index]!, client));
    const invoked: InvokedOp = { ...op, process, index: handle.index };
    target.invoke(invoked, (type, value, error) => this.completed(flight, type, value, error));
  }

  private completed(flight: InFlight, type: CompletionType, value: unknown, error?: string): void {
    if (flight.settled || this.recorder.closed) {
      this.stats.late++;
      return;
    }
    if (type !== 'ok' && type !== 'fail' && type !== 'info') {
      throw new GeneratorError(`client ${flight.client} completed op ${flight.handle.index} with "${String(type)}"; expected ok, fail or info`);
    }
    this.settle(flight, type, value, error);
    this.schedulePump();
  }

  private settle(flight: InFlight, type: CompletionType, value: unknown, error: string | undefined): void {
    flight.settled = true;
    this.outstanding.delete(flight.client);
    this.cached = null;
    const op = this.recorder.complete(flight.handle, type, value, error, this.localClocks(flight.client));
    this.stats[type]++;
    this.gen = this.gen.update(this.context(), eventOf(op, flight.client));
  }

  private localClocks(client: string): { localMonoNs?: number; localWallNs?: number } {
    if (!this.world.has(client)) return {};
    const clock = this.world.clock(client);
    return { localMonoNs: clock.mono(this.world.now), localWallNs: clock.wall(this.world.now) };
  }

  // ---- the world's faults on clients ---------------------------------------------------------

  private onTrace(e: RecordedEvent): void {
    if (!WATCHED.has(e.kind) || e.node === undefined || !this.clients.has(e.node) || this.recorder.closed) return;
    this.cached = null;
    if (e.kind === 'crash') {
      const flight = this.outstanding.get(e.node);
      if (flight) {
        this.stats.crashed++;
        this.settle(flight, 'info', null, 'crashed');
      }
      // A client frozen past a belief's deadline never ran to end it: that belief ended at its
      // deadline, not at the crash. The rest end now: a dead process believes nothing.
      const dead = this.world.crashedProcess(e.node);
      if (inspectsBeliefs(dead)) {
        for (const b of dead.overdueBeliefs()) this.recorder.beliefEnd(e.node, b.lock, b.token, 'crashed', b.endedAgoNs);
      }
      this.recorder.endBeliefsOf(e.node, 'crashed');
      this.gen = this.gen.update(this.context(), { type: 'crash', client: e.node, time: this.world.now });
      this.clients.get(e.node)?.crashed?.();
    }
    // A client came back, or one left and phases may be waiting for nobody to be busy.
    if (e.kind !== 'pause') this.schedulePump();
  }

  private checkFinished(): void {
    if (this.finished || !this.exhausted || this.outstanding.size > 0) return;
    this.finished = true;
    this.options.onFinish?.();
  }
}

function eventOf(op: Op, client: string): OpEvent {
  const e: OpEvent = { type: op.type, client, process: op.process as number, index: op.index, f: op.f, value: op.value, time: op.time };
  if (op.key !== undefined) e.key = op.key;
  if (op.error !== undefined) e.error = op.error;
  return e;
}

/**
 * Drives `gen` on `clients` (id → client program; ids are the clients' world process ids, and
 * the map's order is the order generators see) from the next event on, recording into `recorder`.
 */
export function runGenerator(
  world: World,
  gen: Generator,
  clients: ReadonlyMap<string, WorkloadClient>,
  recorder: HistoryRecorder,
  options: DriverOptions = {},
): WorkloadRun {
  if (clients.size === 0) throw new GeneratorError('runGenerator needs at least one client');
  return new Driver(world, gen, clients, recorder, options);
}
