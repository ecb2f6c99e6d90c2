/**
 * A fast-check arbitrary of valid schedules, built from the catalogue's parameter specs, so that a
 * failing schedule shrinks: faults drop out of the list, times move toward the start, durations and
 * intensities toward their least. Every value it produces passes `validateSchedule` for the
 * topology it was given, and keeps the crash bound.
 */
import fc from 'fast-check';
import { withinCrashBound } from './crash-bound.js';
import { DEFAULT_BOUNDS, ORDINARY_KINDS, type IntensityBounds } from './generate.js';
import { KINDS, type FaultKind, type ParamSpec } from './kinds.js';
import type { FaultSpec, Schedule } from './schedule.js';
import { minorityRange, SELECTORS, targetProblem, type Topology } from './selectors.js';

export interface ArbitraryOptions {
  servers: readonly string[];
  clients?: readonly string[];
  resource?: string;
  /** The kinds to draw from (default: every kind but membership). */
  kinds?: readonly FaultKind[];
  /** Faults fire in [0, endNs); the heal comes at endNs. */
  endNs: number;
  maxFaults?: number;
  /** Default: a minority of the servers. */
  maxCrashedServers?: number;
  /** Whether the scenario can add and remove voters. */
  membership?: boolean;
  bounds?: Partial<IntensityBounds>;
}

const INT32_MAX = 2 ** 31 - 1;

/** Whole nanoseconds in [min, max]; in microsecond steps when the range is too wide for fc.integer. */
function nsArb(min: number, max: number): fc.Arbitrary<number> {
  if (max <= INT32_MAX) return fc.integer({ min, max });
  const lo = Math.ceil(min / 1000);
  const hi = Math.floor(max / 1000);
  return fc.integer({ min: lo, max: hi }).map(
    (us) => us * 1000,
    (ns) => {
      if (typeof ns !== 'number' || ns % 1000 !== 0) throw new Error('not a whole number of microseconds');
      return ns / 1000;
    },
  );
}

function signedNsArb(maxAbs: number): fc.Arbitrary<number> {
  return fc.tuple(fc.boolean(), nsArb(0, maxAbs)).map(([negative, v]) => (negative && v !== 0 ? -v : v));
}

class Builder {
  private readonly topology: Topology;
  private readonly nodes: string[];
  private readonly bounds: IntensityBounds;

  constructor(private readonly opts: ArbitraryOptions) {
    this.topology = { servers: opts.servers, clients: opts.clients ?? [] };
    if (opts.resource !== undefined) this.topology.resource = opts.resource;
    this.nodes = [...opts.servers, ...(opts.clients ?? []), ...(opts.resource !== undefined ? [opts.resource] : [])];
    this.bounds = { ...DEFAULT_BOUNDS, ...(opts.bounds ?? {}) };
  }

  private targetsArb(): fc.Arbitrary<string[]> {
    const usable = [...this.nodes, ...SELECTORS.filter((s) => targetProblem(s, this.topology) === null)];
    return fc.array(fc.constantFrom(...usable), { minLength: 1, maxLength: 3 });
  }

  private pairsArb(): fc.Arbitrary<[string, string][]> {
    const pairs: [string, string][] = [];
    for (const a of this.nodes) for (const b of this.nodes) if (a !== b) pairs.push([a, b]);
    return fc.uniqueArray(fc.constantFrom(...pairs), { minLength: 1, maxLength: 4, selector: ([a, b]) => `${a}>${b}` });
  }

  private paramArb(kind: FaultKind, p: ParamSpec): fc.Arbitrary<unknown> {
    const b = this.bounds;
    switch (p.type) {
      case 'probability':
        return fc.double({ min: 0, max: 1, noNaN: true });
      case 'ns': {
        const max = kind === 'delay' ? b.delayMeanNs.max : kind === 'clog' ? b.clogNs.max : b.durationNs.max;
        return nsArb(0, Math.floor(max));
      }
      case 'positive-ns':
        return nsArb(Math.max(1, Math.ceil(b.strobePeriodNs.min)), Math.floor(b.strobePeriodNs.max));
      case 'signed-ns':
        return signedNsArb(Math.floor(b.jumpNs.max));
      case 'ppm':
        return fc.integer({ min: -Math.floor(b.driftPpm.max), max: Math.floor(b.driftPpm.max) });
      case 'boolean':
        return fc.boolean();
      case 'choice':
        return fc.constantFrom(...(p.choices ?? []));
      case 'group':
        return this.targetsArb();
      case 'pairs':
        return this.pairsArb();
    }
  }

  private paramsArb(kind: FaultKind): fc.Arbitrary<Record<string, unknown> | undefined> {
    const specs = KINDS[kind].params;
    if (specs.length === 0) return fc.constant(undefined);
    const model: Record<string, fc.Arbitrary<unknown>> = {};
    const required: string[] = [];
    for (const p of specs) {
      model[p.name] = this.paramArb(kind, p);
      if (p.required) required.push(p.name);
    }
    return fc.record(model, { requiredKeys: required }).map((params) => {
      const out = { ...params } as Record<string, unknown>;
      // The one cross-parameter rule: a delay's mean is at least its minimum.
      if (kind === 'delay' && (out.meanNs as number) < (out.minNs as number)) [out.minNs, out.meanNs] = [out.meanNs, out.minNs];
      // Keep the key set stable for shrinking: a fault with only optional params omits the object.
      return required.length === 0 && Object.keys(out).length === 0 ? undefined : out;
    });
  }

  faultArb(kind: FaultKind): fc.Arbitrary<FaultSpec> {
    const rule = KINDS[kind].targets;
    const targets: fc.Arbitrary<string[] | undefined> =
      // Voters are servers: a membership fault never names a client or the resource.
      kind === 'membership'
        ? fc.constantFrom(...this.opts.servers, 'random-server').map((t) => [t])
        : rule.kind === 'required' ? this.targetsArb() : rule.kind === 'default' ? fc.option(this.targetsArb(), { nil: undefined }) : fc.constant(undefined);
    const durationMax = kind === 'pause' ? this.bounds.pauseNs.max : this.bounds.durationNs.max;
    return fc
      .record({
        at: nsArb(0, this.opts.endNs - 1),
        targets,
        duration: fc.option(nsArb(0, Math.floor(durationMax)), { nil: undefined }),
        params: this.paramsArb(kind),
      })
      .map(({ at, targets: t, duration, params }) => {
        const f: FaultSpec = { at, fault: kind };
        if (t !== undefined) f.targets = t;
        if (duration !== undefined) f.duration = duration;
        if (params !== undefined) f.params = params;
        return f;
      });
  }
}

/** Valid schedules over the given nodes and kinds, with their heal at `endNs`. */
export function scheduleArbitrary(opts: ArbitraryOptions): fc.Arbitrary<Schedule> {
  if (!Number.isSafeInteger(opts.endNs) || opts.endNs < 1) throw new Error(`scheduleArbitrary: endNs must be a whole number of ns above 0, got ${opts.endNs}`);
  const kinds = (opts.kinds ?? ORDINARY_KINDS).filter((k) => k !== 'membership' || opts.membership === true);
  if (kinds.length === 0) throw new Error('scheduleArbitrary: no fault kind to draw from');
  const builder = new Builder(opts);
  const maxCrashed = opts.maxCrashedServers ?? minorityRange(opts.servers.length)[1];
  return fc
    .array(fc.oneof(...kinds.map((k) => builder.faultArb(k))), { maxLength: opts.maxFaults ?? 12 })
    .map((faults) => {
      const sorted = faults.map((f, i) => [f, i] as const).sort((a, b) => a[0].at - b[0].at || a[1] - b[1]).map(([f]) => f);
      return withinCrashBound({ healAt: opts.endNs, faults: sorted }, opts.servers, maxCrashed);
    });
}
