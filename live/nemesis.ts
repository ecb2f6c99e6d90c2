/**
 * live/: real processes and real time; exempt from the determinism rules (see live/watchdog.ts).
 *
 * The nemesis of a live run: the simulator's schedule format, executed on real processes, links
 * and clocks at real times. Each fault is applied when its time comes and undone after its
 * duration or at the final heal; what was really done (when, to whom, on which links, and what
 * could not be done here) is kept as the schedule as executed.
 *
 * How each family maps onto the real world:
 * - process: pause is SIGSTOP/SIGCONT of the process group; crash is SIGKILL, then a restart on
 *   the same data folder and ports (every crash mode is a SIGKILL: what survives is what the
 *   server itself had made durable);
 * - partition: the proxied directions of the cut hold their bytes (see live/proxy.ts), and a
 *   link between servers in the run's namespaces is cut with routes (live/netns.ts);
 * - hold (swizzle-clog): the proxied directions hold their bytes and let them go at the end;
 * - packet: delay, clog and loss become extra delay on the proxied directions;
 * - clock: offsets and jumps move the server's libfaketime clock; they add up and are undone by
 *   stepping back what they added. A drift ramps the offset (FakeClock.setDrift); a strobe flips it
 *   back and forth, no faster than libfaketime rereads its file.
 * Links between servers (etcd members, ZooKeeper servers, Redis replicas and their primary) are
 * proxied too when the servers run in the run's namespaces with nftables: their connections are
 * redirected through proxies of ours (live/netns.ts), so holds, delays and loss reach each
 * direction of them as they reach a client's. What cannot be done here (no namespaces, no
 * nftables) is listed under `notApplied` in the schedule as executed, and the run says so.
 */
import type { FaultInterval, Op } from '../checker/history.js';
import type { FaultSpec, Schedule } from '../nemesis/schedule.js';
import { resolveTargets, type Topology } from '../nemesis/selectors.js';
import { bridge, cutBetween, cutOneWay, halves, isolate, majoritiesRing, type Pair } from '../nemesis/topologies.js';
import type { Rng } from '../sim/random.js';
import type { FakeClock } from './faketime.js';
import type { Direction, Links } from './proxy.js';

/** What the nemesis can do to the run's processes. */
export interface LiveWorld {
  topology: Topology;
  links: Links;
  /** Links between servers that dial each other, cut in the run's namespaces (live/netns.ts). */
  serverLinks?: { has(from: string, to: string): boolean; cut(from: string, to: string): () => void; healAll(): void };
  /**
   * Why faults cannot reach the links between servers here (absent when they can, or when the
   * servers share no links): `cut` for partitions, `shape` for holds, delays and loss.
   */
  serverLinkGaps?: { cut?: string; shape?: string };
  clockOf(node: string): FakeClock | undefined;
  pause(node: string): boolean;
  resume(node: string): boolean;
  crash(node: string): Promise<boolean>;
  restart(node: string): Promise<boolean>;
}

export interface ExecutedFault {
  index: number;
  fault: FaultSpec['fault'];
  /** When the schedule asked, and when it really happened (true ns from the start of the run). */
  scheduledAt: number;
  firedAt: number;
  endedAt: number | null;
  targets: string[];
  params?: Record<string, unknown>;
  /** The proxied directions it acted on ("c1->n2"). */
  links?: string[];
  /** What the fault asked for that a live run cannot do here, in words. */
  notApplied?: string[];
}

export interface NemesisRecorder {
  now(): number;
  op(op: Omit<Op, 'index' | 'time'>): void;
  trace(kind: string, data: Record<string, unknown>, node?: string): void;
}

type Undo = () => void | Promise<void>;

/** The kinds a live run can apply; the others are refused before the run starts. */
export const LIVE_KINDS = [
  'partition-halves', 'partition-random-halves', 'isolate', 'bridge', 'majorities-ring', 'one-way', 'grudge',
  'delay', 'loss', 'clog', 'swizzle-clog', 'pause', 'crash', 'clock-offset', 'clock-jump', 'clock-drift', 'clock-strobe',
] as const;

const CLOCK_FAULTS: readonly FaultSpec['fault'][] = ['clock-offset', 'clock-jump', 'clock-drift', 'clock-strobe'];

/**
 * libfaketime reads its file at most once a second (FakeClock.env), so a strobe flips no faster:
 * a shorter period is stretched to this and the schedule as executed says so.
 */
const STROBE_MIN_PERIOD_MS = 1000;

export const LIVE_REFUSALS: Partial<Record<FaultSpec['fault'], string>> = {
  'isolate-leader': 'a live run does not yet ask the servers who leads',
  'client-to-leader': 'a live run does not yet ask the servers who leads',
  duplicate: 'TCP delivers every byte once: duplication cannot be seen through a TCP proxy',
  reorder: 'TCP delivers bytes in order: reordering cannot be seen through a TCP proxy',
  membership: 'a live cluster has a fixed membership',
};

/** One line naming the first fault of the schedule that a live run cannot apply, or null. */
export function scheduleProblem(schedule: Schedule, clockTargets: readonly string[], clockWhy: string): string | null {
  for (const [i, f] of schedule.faults.entries()) {
    const why = LIVE_REFUSALS[f.fault];
    if (why) return `faults[${i}]: ${f.fault} cannot run live: ${why}`;
    if (CLOCK_FAULTS.includes(f.fault) && f.targets) {
      for (const t of f.targets) {
        if (t.startsWith('c') || (!clockTargets.includes(t) && !['servers', 'random-server', 'random-minority', 'random-majority', 'all'].includes(t))) {
          return `faults[${i}]: ${f.fault} on ${t}: ${clockWhy}`;
        }
      }
      if (clockTargets.length === 0) return `faults[${i}]: ${f.fault}: ${clockWhy}`;
    }
  }
  return null;
}

export class LiveNemesis {
  readonly executed: ExecutedFault[] = [];
  readonly intervals: FaultInterval[] = [];
  private readonly active = new Map<number, { undo: Undo; interval: FaultInterval; executed: ExecutedFault; family: string }>();
  private readonly timers: NodeJS.Timeout[] = [];
  private partition: number | null = null;
  /** Nemesis actions run one at a time, so its ops pair up in the history as Jepsen's do. */
  private queue: Promise<void> = Promise.resolve();

  private serial(action: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(action, action);
    return this.queue;
  }

  constructor(
    private readonly world: LiveWorld,
    private readonly rec: NemesisRecorder,
    private readonly rng: Rng,
  ) {}

  /**
   * Applies the faults due at time 0 and waits until they are in force, so that none of the
   * workload runs before them (a story's opening fault must not race the first acquire).
   */
  async applyOpening(schedule: Schedule): Promise<void> {
    for (const [index, spec] of schedule.faults.entries()) {
      if (spec.at === 0) await this.serial(() => this.fire(index, spec));
    }
  }

  /** Arms every later fault of the schedule; times are from the run's origin (now() = 0). */
  install(schedule: Schedule): void {
    schedule.faults.forEach((spec, index) => {
      if (spec.at === 0) return;
      const wait = Math.max(0, spec.at - this.rec.now()) / 1e6;
      this.timers.push(setTimeout(() => void this.serial(() => this.fire(index, spec)), wait));
    });
  }

  private async fire(index: number, spec: FaultSpec): Promise<void> {
    const at = this.rec.now();
    const targets = resolveTargets(spec.targets ?? defaultTargets(spec), this.world.topology, () => null, this.rng);
    const executed: ExecutedFault = { index, fault: spec.fault, scheduledAt: spec.at, firedAt: at, endedAt: null, targets, ...(spec.params ? { params: spec.params } : {}) };
    this.executed.push(executed);
    const family = familyOfLive(spec.fault);
    if (family === 'partition' && this.partition !== null) await this.end(this.partition, 'superseded');
    this.rec.op({ process: 'nemesis', type: 'invoke', f: spec.fault, value: spec });
    const undo = await this.apply(spec, targets, executed);
    const interval: FaultInterval = { fault: spec.fault, targets, start: at, end: null, ...(spec.params ? { params: spec.params } : {}) };
    this.intervals.push(interval);
    this.active.set(index, { undo, interval, executed, family });
    if (family === 'partition') this.partition = index;
    this.rec.op({ process: 'nemesis', type: 'info', f: spec.fault, value: { targets, links: executed.links ?? [], notApplied: executed.notApplied ?? [] } });
    this.rec.trace('fault', { index, fault: spec.fault, targets, params: spec.params ?? {}, links: executed.links ?? [] });
    if (spec.duration !== undefined) {
      this.timers.push(setTimeout(() => void this.serial(() => this.end(index, 'duration')), spec.duration / 1e6));
    }
  }

  private async end(index: number, why: string): Promise<void> {
    const a = this.active.get(index);
    if (!a) return;
    this.active.delete(index);
    if (this.partition === index) this.partition = null;
    this.rec.op({ process: 'nemesis', type: 'invoke', f: `stop-${a.interval.fault}`, value: { index, why } });
    await a.undo();
    const t = this.rec.now();
    a.interval.end = t;
    a.executed.endedAt = t;
    this.rec.op({ process: 'nemesis', type: 'info', f: `stop-${a.interval.fault}`, value: { index, why } });
    this.rec.trace('fault-end', { index, fault: a.interval.fault, why });
  }

  /** The final heal: every fault still in force is undone, then every link and clock is reset. */
  heal(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    return this.serial(async () => {
      for (const index of [...this.active.keys()]) await this.end(index, 'heal');
      this.rec.op({ process: 'nemesis', type: 'invoke', f: 'heal', value: null });
      this.world.links.resetAll();
      this.world.serverLinks?.healAll();
      // A drift leaves its accumulated error behind when it ends; the heal sets every clock right.
      for (const node of this.world.topology.servers) this.world.clockOf(node)?.reset();
      this.rec.op({ process: 'nemesis', type: 'info', f: 'heal', value: { healed: true } });
      this.rec.trace('heal', {});
    });
  }

  /** Stops arming faults without undoing anything (the run is being torn down). */
  cancel(): void {
    for (const t of this.timers) clearTimeout(t);
  }

  /**
   * The directions among the pairs that a fault can act on: to cut (partitions), the server pairs
   * the run's namespaces cut with routes, else the proxied directions (which hold); to shape
   * (holds, delays, loss), the proxied directions. Every other pair is listed as not applied.
   */
  private links(pairs: readonly Pair[], executed: ExecutedFault, how: 'cut' | 'shape'): { dirs: Direction[]; serverPairs: Pair[] } {
    const dirs: Direction[] = [];
    const serverPairs: Pair[] = [];
    const missing: string[] = [];
    const servers = this.world.serverLinks;
    for (const [from, to] of pairs) {
      if (from === to) continue;
      if (how === 'cut' && servers?.has(from, to)) serverPairs.push([from, to]);
      else if (this.world.links.has(from, to)) dirs.push(this.world.links.direction(from, to));
      else missing.push(`${from}->${to}: ${this.gap(from, to, how)}`);
    }
    executed.links = [...dirs.map((d) => d.name), ...serverPairs.map(([a, b]) => `${a}->${b}`)];
    if (missing.length > 0) executed.notApplied = [...(executed.notApplied ?? []), ...missing];
    return { dirs, serverPairs };
  }

  private gap(from: string, to: string, how: 'cut' | 'shape'): string {
    const servers = this.world.topology.servers;
    const why = this.world.serverLinkGaps?.[how];
    return why !== undefined && servers.includes(from) && servers.includes(to) ? why : 'this link has no proxy in a live run';
  }

  /** The libfaketime clocks of the targets; a target without one is listed as not applied. */
  private fakeClocks(targets: readonly string[], executed: ExecutedFault): FakeClock[] {
    const skipped = targets.filter((t) => this.world.clockOf(t) === undefined);
    if (skipped.length > 0) executed.notApplied = skipped.map((t) => `${t}: its clock is not under libfaketime`);
    return targets.map((t) => this.world.clockOf(t)).filter((c): c is FakeClock => c !== undefined);
  }

  /**
   * Every proxied direction to or from one of the nodes; links between servers that cannot be
   * shaped here are listed as not applied.
   */
  private touching(nodes: readonly string[], executed: ExecutedFault): Direction[] {
    const dirs = this.world.links.all().filter((d) => {
      const [from, to] = d.name.split('->');
      return nodes.includes(from!) || nodes.includes(to!);
    });
    executed.links = dirs.map((d) => d.name);
    const why = this.world.serverLinkGaps?.shape;
    if (why !== undefined) {
      const servers = this.world.topology.servers;
      const missing = servers.flatMap((a) => servers.filter((b) => b !== a && (nodes.includes(a) || nodes.includes(b)) && !this.world.links.has(a, b)).map((b) => `${a}->${b}: ${why}`));
      if (missing.length > 0) executed.notApplied = [...(executed.notApplied ?? []), ...missing];
    }
    return dirs;
  }

  private async apply(spec: FaultSpec, targets: string[], executed: ExecutedFault): Promise<Undo> {
    const p = (spec.params ?? {}) as Record<string, unknown>;
    const group = (v: unknown): string[] => resolveTargets((v as string[] | undefined) ?? [], this.world.topology, () => null, this.rng);
    const everyone = [...this.world.topology.servers, ...this.world.topology.clients];
    const holdPairs = (pairs: Pair[]): Undo => {
      const { dirs, serverPairs } = this.links(pairs, executed, 'cut');
      const undos = [...dirs.map((d) => d.hold()), ...serverPairs.map(([a, b]) => this.world.serverLinks!.cut(a, b))];
      return () => undos.forEach((u) => u());
    };
    switch (spec.fault) {
      case 'partition-halves':
      case 'partition-random-halves':
        return holdPairs(halves(spec.fault === 'partition-random-halves' ? shuffle(targets, this.rng) : targets).pairs);
      case 'isolate':
        return holdPairs(isolate(targets, p.from ? group(p.from) : everyone).pairs);
      case 'bridge':
        return holdPairs(bridge(targets).pairs);
      case 'majorities-ring':
        return holdPairs(majoritiesRing(targets).pairs);
      case 'one-way':
        return holdPairs(cutOneWay(group(p.from), group(p.to)));
      case 'grudge':
        return holdPairs((p.pairs as Pair[]) ?? []);
      case 'swizzle-clog': {
        const undos = this.links(cutOneWay(group(p.from), group(p.to)), executed, 'shape').dirs.map((d) => d.hold());
        return () => undos.forEach((u) => u());
      }
      case 'clog': {
        const undos = this.links(cutOneWay(group(p.from), group(p.to)), executed, 'shape').dirs.map((d) => d.delay(Number(p.extraNs) / 1e6));
        return () => undos.forEach((u) => u());
      }
      case 'delay': {
        const undos = this.touching(targets, executed).map((d) => d.delay(Number(p.meanNs) / 1e6));
        return () => undos.forEach((u) => u());
      }
      case 'loss': {
        const undos = this.touching(targets, executed).map((d) => d.lose(Number(p.p)));
        return () => undos.forEach((u) => u());
      }
      case 'pause': {
        const paused = targets.filter((t) => this.world.pause(t));
        return () => void paused.forEach((t) => this.world.resume(t));
      }
      case 'crash': {
        const killed: string[] = [];
        for (const t of targets) if (await this.world.crash(t)) killed.push(t);
        if (p.mode !== undefined && p.mode !== 'clean' && p.mode !== 'lose-unsynced') {
          executed.notApplied = [`mode ${String(p.mode)}: a live crash is a SIGKILL; the data folder is kept as the server left it`];
        }
        return async () => {
          for (const t of killed) await this.world.restart(t);
        };
      }
      case 'clock-offset':
      case 'clock-jump': {
        const delta = Number(spec.fault === 'clock-offset' ? p.offsetNs : p.deltaNs);
        const moved = this.fakeClocks(targets, executed);
        for (const c of moved) c.shift(delta);
        return () => moved.forEach((c) => c.shift(-delta));
      }
      case 'clock-drift': {
        const ppm = Number(p.ppm);
        const moved = this.fakeClocks(targets, executed);
        if (p.clock !== undefined && p.clock !== 'both') {
          executed.notApplied = [...(executed.notApplied ?? []), `clock ${String(p.clock)}: libfaketime moves the wall and monotonic clocks together`];
        }
        const before = moved.map((c) => c.driftPpm);
        for (const c of moved) c.setDrift(c.driftPpm + ppm);
        return () => moved.forEach((c, i) => c.setDrift(before[i]!));
      }
      case 'clock-strobe': {
        const delta = Number(p.deltaNs);
        const asked = Number(p.periodNs) / 1e6;
        const periodMs = Math.max(asked, STROBE_MIN_PERIOD_MS);
        if (periodMs > asked) {
          executed.notApplied = [...(executed.notApplied ?? []), `period ${asked} ms: stretched to ${STROBE_MIN_PERIOD_MS} ms, as libfaketime reads the clock file at most once a second`];
        }
        const moved = this.fakeClocks(targets, executed);
        let flipped = false;
        const flip = () => {
          flipped = !flipped;
          for (const c of moved) c.shift(flipped ? delta : -delta);
        };
        flip();
        const strobe = setInterval(flip, periodMs);
        return () => {
          clearInterval(strobe);
          if (flipped) flip();
        };
      }
      default:
        executed.notApplied = [`${spec.fault}: ${LIVE_REFUSALS[spec.fault] ?? 'not supported live'}`];
        return () => undefined;
    }
  }
}

function familyOfLive(kind: FaultSpec['fault']): string {
  if (['partition-halves', 'partition-random-halves', 'isolate', 'isolate-leader', 'bridge', 'majorities-ring', 'one-way', 'client-to-leader', 'grudge'].includes(kind)) return 'partition';
  return kind;
}

function defaultTargets(spec: FaultSpec): string[] {
  if (['partition-halves', 'partition-random-halves', 'bridge', 'majorities-ring'].includes(spec.fault)) return ['servers'];
  return [];
}

function shuffle(xs: readonly string[], rng: Rng): string[] {
  const out = [...xs];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
