/**
 * Random fault schedules, swarm style: the seed first draws the shape of the run's nemesis (which
 * fault kinds are on, how often faults come, how long they last, how hard they hit), then the
 * faults themselves. Different seeds explore different corners (a run with only clock faults, one
 * with frequent short partitions, one with long pauses) instead of one mixture that dilutes them
 * all. The drawn shape is returned, so a run can print it with its other derived parameters.
 *
 * Targets are written as node ids wherever the choice does not depend on the run, so that a
 * schedule reads on its own and shrinks without the remaining faults changing victims; "leader" is
 * kept where the point is to hit whoever leads.
 */
import { exponential, pick, shuffled, type Rng } from '../sim/random.js';
import { CRASH_MODES, type CrashMode } from '../sim/world.js';
import { withinCrashBound } from './crash-bound.js';
import { CLOCK_CHOICES, CLOCK_KINDS, KINDS, type FaultKind } from './kinds.js';
import type { FaultSpec, Schedule } from './schedule.js';
import { minorityRange } from './selectors.js';

export interface Range {
  min: number;
  max: number;
}

/** What the generator may draw; every drawn value stays inside its range. */
export interface IntensityBounds {
  /** Mean time between two faults. */
  intervalNs: Range;
  /** Length of a fault (pauses have their own). */
  durationNs: Range;
  lossP: Range;
  /** Duplicate and reorder probabilities. */
  packetP: Range;
  /** Mean latency of a delay spike. */
  delayMeanNs: Range;
  clogNs: Range;
  /** Size of a clock drift, either sign. */
  driftPpm: Range;
  pauseNs: Range;
  /** Size of a clock jump, offset or strobe, either sign. */
  jumpNs: Range;
  strobePeriodNs: Range;
}

const MS = 1_000_000;
const SEC = 1_000_000_000;

export const DEFAULT_BOUNDS: IntensityBounds = {
  intervalNs: { min: 100 * MS, max: 3 * SEC },
  durationNs: { min: 50 * MS, max: 5 * SEC },
  lossP: { min: 0.01, max: 0.5 },
  packetP: { min: 0.01, max: 0.5 },
  delayMeanNs: { min: 2 * MS, max: 500 * MS },
  clogNs: { min: 10 * MS, max: 2 * SEC },
  driftPpm: { min: 100, max: 100_000 },
  pauseNs: { min: 10 * MS, max: 5 * SEC },
  jumpNs: { min: 1 * MS, max: 60 * SEC },
  strobePeriodNs: { min: 1 * MS, max: 1 * SEC },
};

export interface GenerateOptions {
  servers: readonly string[];
  clients?: readonly string[];
  resource?: string;
  /** The kinds the scenario allows; the seed turns a non-empty subset of them on. */
  kinds: readonly FaultKind[];
  /** Relative weights among the kinds that are on (default 1 each): bias toward what matters. */
  weights?: Partial<Record<FaultKind, number>>;
  /** The fault phase: faults fire in [startNs, endNs); the final heal comes at endNs. */
  startNs?: number;
  endNs: number;
  /** The most servers crashed at one instant (default: a minority, so a majority stays up). */
  maxCrashedServers?: number;
  /** The crash modes the scenario allows (default all). */
  crashModes?: readonly CrashMode[];
  /** Whether the scenario can add and remove voters (membership faults need both). */
  membership?: boolean;
  bounds?: Partial<IntensityBounds>;
  /** A cap on the number of faults (default 500). */
  maxFaults?: number;
  /**
   * Relative weights of the roles a pause, crash or clock fault may hit (default: server 4,
   * leader 3, client 2, resource 1). A weight of 0 spares the role: a case about stale writes
   * pauses clients, a case about server clocks may have to leave clients alone.
   */
  victimWeights?: Partial<Record<VictimRole, number>>;
  /**
   * The roles' weights for clock faults alone (default: `victimWeights`): a run whose clients'
   * clocks cannot be disturbed, or whose hazard lives in the servers' clocks, aims them there
   * while its pauses and crashes still hit clients.
   */
  clockVictimWeights?: Partial<Record<VictimRole, number>>;
  /**
   * The roles' weights for pauses alone (default: `victimWeights`): a run that spares clients from
   * crashes may still freeze them, as a long GC pause does to any process.
   */
  pauseVictimWeights?: Partial<Record<VictimRole, number>>;
  /**
   * The probability that a clock fault which hit a server hits a majority of the servers at once
   * (that server and others drawn at random, the same step on each) instead (default 0). For a
   * quorum of independent servers whose safety rests on a majority's clocks (Redlock), one skewed
   * clock is outvoted: the hazard needs a majority.
   */
  clockMajorityP?: number;
  /**
   * The links a clog or swizzle may hold up: senders from `from`, receivers from `to` (node ids;
   * default every node of the topology for both), e.g. clients to the resource only, for a case
   * about writes still on the wire.
   */
  clogLinks?: { from?: readonly string[]; to?: readonly string[] };
}

/** Who a process or clock fault hits: any server, whoever leads, a client, or the resource. */
export type VictimRole = 'server' | 'leader' | 'client' | 'resource';

export const DEFAULT_VICTIM_WEIGHTS: Readonly<Record<VictimRole, number>> = { server: 4, leader: 3, client: 2, resource: 1 };

/** The shape the seed drew for this run's nemesis. */
export interface SwarmParams {
  kinds: FaultKind[];
  weights: Partial<Record<FaultKind, number>>;
  meanIntervalNs: number;
  meanDurationNs: number;
  lossP: number;
  duplicateP: number;
  reorderP: number;
  delayMeanNs: number;
  clogNs: number;
  driftPpm: number;
  pauseNs: number;
  jumpNs: number;
  strobePeriodNs: number;
  crashModes: CrashMode[];
  maxCrashedServers: number;
}

export interface GeneratedSchedule {
  schedule: Schedule;
  swarm: SwarmParams;
}

export class GenerateError extends Error {
  override readonly name = 'GenerateError';
}

const uniform = (rng: Rng, r: Range): number => r.min + rng() * (r.max - r.min);

/** Spread evenly over orders of magnitude, so a range of 1 ms to 5 s is not mostly seconds. */
function logUniform(rng: Rng, r: Range): number {
  if (r.min <= 0 || r.max <= r.min) return uniform(rng, r);
  return Math.exp(Math.log(r.min) + rng() * (Math.log(r.max) - Math.log(r.min)));
}

const clamp = (v: number, r: Range): number => Math.min(r.max, Math.max(r.min, v));

/** A value near the run's level (half to one and a half times it), inside the bounds. */
const near = (rng: Rng, level: number, r: Range): number => clamp(level * (0.5 + rng()), r);
const nearNs = (rng: Rng, level: number, r: Range): number => clamp(Math.round(level * (0.5 + rng())), { min: Math.ceil(r.min), max: Math.floor(r.max) });

function weightedPick<T extends string>(rng: Rng, items: readonly T[], weights: Partial<Record<T, number>>): T {
  const total = items.reduce((s, k) => s + (weights[k] ?? 1), 0);
  let x = rng() * total;
  for (const k of items) {
    x -= weights[k] ?? 1;
    if (x < 0) return k;
  }
  return items[items.length - 1] as T;
}

/** A random non-empty subset, each item in with probability one half, in the list's order. */
function nonEmptySubset<T>(rng: Rng, items: readonly T[]): T[] {
  const chosen = items.filter(() => rng() < 0.5);
  return chosen.length > 0 ? chosen : [pick(rng, items)];
}

function feasible(kind: FaultKind, opts: GenerateOptions): boolean {
  const clients = opts.clients ?? [];
  const n = opts.servers.length;
  switch (kind) {
    case 'client-to-leader':
      return clients.length > 0;
    case 'membership':
      return opts.membership === true;
    case 'crash':
      return (opts.maxCrashedServers ?? minorityRange(n)[1]) > 0 || clients.length > 0;
    case 'bridge':
    case 'majorities-ring':
      return n >= 3;
    case 'partition-halves':
    case 'partition-random-halves':
    case 'one-way':
    case 'grudge':
      return n >= 2;
    default:
      return n >= 1;
  }
}

function checkOptions(opts: GenerateOptions, bounds: IntensityBounds): void {
  const start = opts.startNs ?? 0;
  if (!Number.isSafeInteger(start) || start < 0) throw new GenerateError(`startNs must be a whole number of ns, not negative, got ${start}`);
  if (!Number.isSafeInteger(opts.endNs) || opts.endNs <= start) throw new GenerateError(`endNs must be a whole number of ns after startNs (${start}), got ${opts.endNs}`);
  if (opts.kinds.length === 0) throw new GenerateError('kinds must allow at least one fault kind');
  for (const [k, w] of Object.entries(opts.weights ?? {})) {
    if (typeof w !== 'number' || !(w > 0) || !Number.isFinite(w)) throw new GenerateError(`weights.${k} must be a positive number, got ${String(w)}`);
  }
  for (const field of ['victimWeights', 'clockVictimWeights', 'pauseVictimWeights'] as const) {
    for (const [role, w] of Object.entries(opts[field] ?? {})) {
      if (!Object.prototype.hasOwnProperty.call(DEFAULT_VICTIM_WEIGHTS, role)) throw new GenerateError(`${field}.${role}: unknown role (known: server, leader, client, resource)`);
      if (typeof w !== 'number' || !(w >= 0) || !Number.isFinite(w)) throw new GenerateError(`${field}.${role} must be a number >= 0, got ${String(w)}`);
    }
  }
  const majorityP = opts.clockMajorityP;
  if (majorityP !== undefined && !(majorityP >= 0 && majorityP <= 1)) throw new GenerateError(`clockMajorityP must be a probability in [0, 1], got ${String(majorityP)}`);
  const known = new Set([...opts.servers, ...(opts.clients ?? []), ...(opts.resource !== undefined ? [opts.resource] : [])]);
  for (const side of ['from', 'to'] as const) {
    const nodes = opts.clogLinks?.[side];
    if (nodes === undefined) continue;
    if (nodes.length === 0) throw new GenerateError(`clogLinks.${side} must name at least one node`);
    const stranger = nodes.find((n) => !known.has(n));
    if (stranger !== undefined) throw new GenerateError(`clogLinks.${side} names ${stranger}, which is not a node of the topology`);
  }
  if (opts.kinds.includes('membership') && opts.membership !== true) {
    throw new GenerateError('membership faults need the scenario to add and remove voters (set membership: true)');
  }
  for (const [name, r] of Object.entries(bounds)) {
    const range = r as Range;
    if (!(range.min >= 0) || !(range.max >= range.min)) throw new GenerateError(`bounds.${name} must satisfy 0 <= min <= max, got ${JSON.stringify(range)}`);
  }
  if (bounds.lossP.max > 1 || bounds.packetP.max > 1) throw new GenerateError('probability bounds must stay within [0, 1]');
  if (bounds.driftPpm.max >= 1e6) throw new GenerateError('bounds.driftPpm.max must stay below 1000000');
  if (bounds.strobePeriodNs.min < 1) throw new GenerateError('bounds.strobePeriodNs.min must be at least 1 ns');
}

function drawSwarm(rng: Rng, opts: GenerateOptions, bounds: IntensityBounds): SwarmParams {
  const allowed = opts.kinds.filter((k) => feasible(k, opts));
  if (allowed.length === 0) throw new GenerateError(`none of the allowed kinds (${opts.kinds.join(', ')}) can act on this cluster`);
  const kinds = nonEmptySubset(rng, allowed);
  const weights: Partial<Record<FaultKind, number>> = {};
  for (const k of kinds) weights[k] = opts.weights?.[k] ?? 1;
  return {
    kinds,
    weights,
    meanIntervalNs: Math.round(logUniform(rng, bounds.intervalNs)),
    meanDurationNs: Math.round(logUniform(rng, bounds.durationNs)),
    lossP: uniform(rng, bounds.lossP),
    duplicateP: uniform(rng, bounds.packetP),
    reorderP: uniform(rng, bounds.packetP),
    delayMeanNs: Math.round(logUniform(rng, bounds.delayMeanNs)),
    clogNs: Math.round(logUniform(rng, bounds.clogNs)),
    driftPpm: Math.round(logUniform(rng, bounds.driftPpm)),
    pauseNs: Math.round(logUniform(rng, bounds.pauseNs)),
    jumpNs: Math.round(logUniform(rng, bounds.jumpNs)),
    strobePeriodNs: Math.round(logUniform(rng, bounds.strobePeriodNs)),
    crashModes: nonEmptySubset(rng, opts.crashModes ?? CRASH_MODES),
    maxCrashedServers: opts.maxCrashedServers ?? minorityRange(opts.servers.length)[1],
  };
}

const CLOCK_KIND_SET: ReadonlySet<FaultKind> = new Set(CLOCK_KINDS);

/** The kinds whose target is one victim drawn by role (see `victimWeights`). */
const HITS_ONE_VICTIM: ReadonlySet<FaultKind> = new Set(['pause', 'crash', 'clock-offset', 'clock-jump', 'clock-drift', 'clock-strobe']);

/** Builds one fault of a kind at time `at`, drawing its victims and intensity. */
class FaultMaker {
  private readonly servers: readonly string[];
  private readonly clients: readonly string[];
  private readonly everyone: string[];

  constructor(
    private readonly rng: Rng,
    private readonly opts: GenerateOptions,
    private readonly swarm: SwarmParams,
    private readonly bounds: IntensityBounds,
  ) {
    this.servers = opts.servers;
    this.clients = opts.clients ?? [];
    this.everyone = [...this.servers, ...this.clients, ...(opts.resource !== undefined ? [opts.resource] : [])];
  }

  private duration(): number {
    return nearNs(this.rng, exponential(this.rng, this.swarm.meanDurationNs), this.bounds.durationNs);
  }

  private sign(): number {
    return this.rng() < 0.5 ? -1 : 1;
  }

  /**
   * A victim for a process or clock fault, by the roles' weights (mostly servers and the leader
   * unless the scenario says otherwise); null when every role that could be hit weighs 0.
   */
  private victim(includeResource: boolean, roleWeights = this.opts.victimWeights): string | null {
    const weights = { ...DEFAULT_VICTIM_WEIGHTS, ...(roleWeights ?? {}) };
    const options: [VictimRole, number][] = [
      ['server', weights.server],
      ['leader', weights.leader],
    ];
    if (this.clients.length > 0) options.push(['client', weights.client]);
    if (includeResource && this.opts.resource !== undefined) options.push(['resource', weights.resource]);
    const total = options.reduce((s, [, w]) => s + w, 0);
    if (!(total > 0)) return null;
    let x = this.rng() * total;
    let which = (options.find(([, w]) => w > 0) as [VictimRole, number])[0];
    for (const [name, w] of options) {
      x -= w;
      if (x < 0) {
        which = name;
        break;
      }
    }
    if (which === 'leader') return 'leader';
    if (which === 'client') return pick(this.rng, this.clients);
    if (which === 'resource') return this.opts.resource as string;
    return pick(this.rng, this.servers);
  }

  /** A random majority of the servers that includes `one`, in the servers' order. */
  private majorityWith(one: string): string[] {
    const size = Math.floor(this.servers.length / 2) + 1;
    const others = shuffled(this.rng, this.servers.filter((s) => s !== one)).slice(0, size - 1);
    return this.servers.filter((s) => s === one || others.includes(s));
  }

  private minority(): string[] {
    const [lo, hi] = minorityRange(this.servers.length);
    const size = Math.max(1, lo + Math.floor(this.rng() * (hi - lo + 1)));
    const chosen = new Set(shuffled(this.rng, this.servers).slice(0, size));
    return this.servers.filter((s) => chosen.has(s));
  }

  /** One fault, or null when it could hit nobody (every role it may hit weighs 0). */
  make(kind: FaultKind, at: number): FaultSpec | null {
    const { rng, swarm, bounds } = this;
    const f: FaultSpec = { at, fault: kind };
    // Most faults heal on their own; some last until the final heal. Pauses, crashes and
    // swizzles always end: a crash held until the heal would use up the crash bound for good.
    if (kind !== 'swizzle-clog' && kind !== 'pause' && kind !== 'crash' && rng() < 0.9) f.duration = this.duration();
    if (HITS_ONE_VICTIM.has(kind)) {
      const clock = CLOCK_KIND_SET.has(kind);
      // The resource can be paused or have its clock disturbed, but it does not crash.
      const roles = clock
        ? (this.opts.clockVictimWeights ?? this.opts.victimWeights)
        : kind === 'pause'
          ? (this.opts.pauseVictimWeights ?? this.opts.victimWeights)
          : this.opts.victimWeights;
      const victim = this.victim(kind !== 'crash', roles);
      if (victim === null) return null;
      f.targets = [victim];
      // No draw unless asked for: schedules of runs that do not ask stay as they were.
      const majorityP = this.opts.clockMajorityP ?? 0;
      if (clock && majorityP > 0 && this.servers.includes(victim) && rng() < majorityP) f.targets = this.majorityWith(victim);
    }
    switch (kind) {
      case 'partition-halves':
      case 'partition-random-halves':
        break;
      case 'isolate':
        f.targets = this.minority();
        if (rng() < 0.5) f.params = { from: ['servers'] };
        break;
      case 'isolate-leader':
        if (rng() < 0.5) f.params = { from: ['servers'] };
        break;
      case 'bridge':
      case 'majorities-ring':
        f.params = { shuffle: true };
        break;
      case 'one-way': {
        const from = this.minority();
        f.params = { from, to: this.servers.filter((s) => !from.includes(s)) };
        break;
      }
      case 'client-to-leader':
        break;
      case 'grudge': {
        const count = 1 + Math.floor(rng() * this.servers.length);
        const pairs: [string, string][] = [];
        const seen = new Set<string>();
        for (let i = 0; i < count; i++) {
          const [a, b] = shuffled(rng, this.servers) as [string, string];
          if (seen.has(`${a}>${b}`)) continue;
          seen.add(`${a}>${b}`);
          pairs.push([a, b]);
        }
        f.params = { pairs };
        break;
      }
      case 'delay': {
        f.targets = [rng() < 0.3 ? 'leader' : pick(rng, this.everyone)];
        const meanNs = nearNs(rng, swarm.delayMeanNs, bounds.delayMeanNs);
        f.params = { minNs: Math.floor(meanNs / 4), meanNs };
        break;
      }
      case 'loss':
        f.targets = [rng() < 0.3 ? 'leader' : pick(rng, this.everyone)];
        f.params = { p: near(rng, swarm.lossP, bounds.lossP) };
        break;
      case 'duplicate':
      case 'reorder':
        f.targets = [rng() < 0.3 ? 'leader' : pick(rng, this.everyone)];
        f.params = { p: near(rng, kind === 'duplicate' ? swarm.duplicateP : swarm.reorderP, bounds.packetP) };
        break;
      case 'clog':
      case 'swizzle-clog': {
        const from = pick(rng, this.opts.clogLinks?.from ?? this.everyone);
        const others = (this.opts.clogLinks?.to ?? this.everyone).filter((n) => n !== from);
        const to = others.length > 0 ? [pick(rng, others)] : ['leader'];
        if (kind === 'clog') f.params = { from: [from], to, extraNs: nearNs(rng, swarm.clogNs, bounds.clogNs) };
        else {
          f.params = { from: [from], to };
          f.duration = this.duration();
        }
        break;
      }
      case 'pause':
        f.duration = nearNs(rng, swarm.pauseNs, bounds.pauseNs);
        break;
      case 'crash':
        f.params = { mode: pick(rng, swarm.crashModes) };
        f.duration = this.duration();
        break;
      case 'clock-offset':
        f.params = { offsetNs: this.sign() * nearNs(rng, swarm.jumpNs, bounds.jumpNs) };
        break;
      case 'clock-jump':
        f.params = { deltaNs: this.sign() * nearNs(rng, swarm.jumpNs, bounds.jumpNs) };
        break;
      case 'clock-drift':
        f.params = { ppm: this.sign() * Math.round(near(rng, swarm.driftPpm, bounds.driftPpm)), clock: pick(rng, CLOCK_CHOICES) };
        break;
      case 'clock-strobe':
        f.params = { deltaNs: this.sign() * nearNs(rng, swarm.jumpNs, bounds.jumpNs), periodNs: nearNs(rng, swarm.strobePeriodNs, bounds.strobePeriodNs) };
        break;
      case 'membership':
        // A voter leaves and comes back: a removal that outlasts the heal would shrink the cluster
        // the liveness phase is judged on.
        f.targets = [pick(rng, this.servers)];
        f.params = { action: 'remove' };
        f.duration = this.duration();
        break;
    }
    return f;
  }
}

/** A random schedule for the fault phase [startNs, endNs), its heal at endNs, and the swarm drawn. */
export function randomSchedule(rng: Rng, opts: GenerateOptions): GeneratedSchedule {
  const bounds: IntensityBounds = { ...DEFAULT_BOUNDS, ...(opts.bounds ?? {}) };
  checkOptions(opts, bounds);
  const swarm = drawSwarm(rng, opts, bounds);
  const maker = new FaultMaker(rng, opts, swarm, bounds);
  const start = opts.startNs ?? 0;
  const maxFaults = opts.maxFaults ?? 500;
  const faults: FaultSpec[] = [];
  const gap = (): number => Math.max(1, Math.round(exponential(rng, swarm.meanIntervalNs)));
  for (let t = start + gap(); t < opts.endNs && faults.length < maxFaults; t += gap()) {
    const kind = weightedPick(rng, swarm.kinds, swarm.weights);
    const fault = maker.make(kind, t);
    if (fault !== null) faults.push(fault);
  }
  const description = `swarm: ${swarm.kinds.join(', ')}; a fault every ~${(swarm.meanIntervalNs / MS).toFixed(0)} ms`;
  const schedule = withinCrashBound({ description, healAt: opts.endNs, faults }, opts.servers, swarm.maxCrashedServers);
  return { schedule, swarm };
}

/** The kinds a scenario can use with no special support (membership needs callbacks). */
export const ORDINARY_KINDS: readonly FaultKind[] = (Object.keys(KINDS) as FaultKind[]).filter((k) => k !== 'membership');
