/**
 * The simulated network: directed links between processes, each with a latency distribution
 * (minimum, mean, long tail), loss, duplication and reordering; partitions given as a "grudge"
 * (the set of directed pairs whose packets are dropped, so one-way partitions are natural);
 * held links (packets queue until released) and clogged links (a long extra delay).
 */
import { chance, exponential, type Rng } from './random.js';

export interface LatencyConfig {
  /** No packet arrives sooner. */
  minNs: number;
  /** Mean latency (min plus an exponential part). */
  meanNs: number;
  /** Probability that a packet takes the long tail. */
  tailProbability: number;
  /** Extra delay of a tail packet, drawn uniformly in [0, tailNs]. */
  tailNs: number;
}

export interface LinkConfig {
  latency: LatencyConfig;
  /** Probability a packet is lost. */
  loss: number;
  /** Probability a packet is delivered twice. */
  duplicate: number;
  /** Probability a packet may overtake earlier ones on its link (otherwise links are FIFO). */
  reorder: number;
  /** Extra delay added to every packet (clogging); 0 when the link is clear. */
  clogNs: number;
}

export const DEFAULT_LINK: LinkConfig = {
  latency: { minNs: 200_000, meanNs: 1_000_000, tailProbability: 0.001, tailNs: 50_000_000 },
  loss: 0,
  duplicate: 0,
  reorder: 0,
  clogNs: 0,
};

/** Thrown for a configuration that cannot be simulated; the message names the field. */
export class ConfigError extends Error {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`invalid configuration: ${field} ${problem}`);
    this.name = 'ConfigError';
  }
}

function requireFinite(field: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ConfigError(field, `must be a finite number, got ${String(v)}`);
  return v;
}

function requireNonNegative(field: string, v: unknown): number {
  const n = requireFinite(field, v);
  if (n < 0) throw new ConfigError(field, `must not be negative, got ${n}`);
  return n;
}

function requireProbability(field: string, v: unknown): number {
  const n = requireFinite(field, v);
  if (n < 0 || n > 1) throw new ConfigError(field, `must be a probability in [0, 1], got ${n}`);
  return n;
}

/** Checks a (partial) link configuration and returns the full one, merged onto `base`. */
export function validateLink(prefix: string, partial: Partial<LinkConfig> & { latency?: Partial<LatencyConfig> }, base: LinkConfig = DEFAULT_LINK): LinkConfig {
  const lat = { ...base.latency, ...(partial.latency ?? {}) };
  const latency: LatencyConfig = {
    minNs: requireNonNegative(`${prefix}.latency.minNs`, lat.minNs),
    meanNs: requireNonNegative(`${prefix}.latency.meanNs`, lat.meanNs),
    tailProbability: requireProbability(`${prefix}.latency.tailProbability`, lat.tailProbability),
    tailNs: requireNonNegative(`${prefix}.latency.tailNs`, lat.tailNs),
  };
  if (latency.meanNs < latency.minNs) {
    throw new ConfigError(`${prefix}.latency.meanNs`, `must be at least latency.minNs (${latency.minNs}), got ${latency.meanNs}`);
  }
  return {
    latency,
    loss: requireProbability(`${prefix}.loss`, partial.loss ?? base.loss),
    duplicate: requireProbability(`${prefix}.duplicate`, partial.duplicate ?? base.duplicate),
    reorder: requireProbability(`${prefix}.reorder`, partial.reorder ?? base.reorder),
    clogNs: requireNonNegative(`${prefix}.clogNs`, partial.clogNs ?? base.clogNs),
  };
}

/**
 * A directed link's own state: its configuration when it differs from the defaults, its last
 * arrival, and whether a partition cuts it or a fault holds it. One object per link for the whole
 * run, so a packet in flight can keep it and read the link's state when it arrives, with no key
 * string built and no map looked up per packet.
 */
export interface LinkState {
  config: LinkConfig | null;
  /** Latest scheduled arrival, to keep the link FIFO unless a packet may reorder. */
  lastArrival: number;
  /** In the grudge: packets sent on it are dropped. */
  cut: boolean;
  /** Held: packets arriving on it queue until released. */
  held: boolean;
}

/**
 * What the network decided for one packet at send time. The network fills in one record per
 * send and reuses it: read it before the next send.
 */
export interface Routing {
  /** How many copies to deliver (0 when the packet is lost, 2 when duplicated). */
  copies: number;
  /** Delays (true ns) of each copy to deliver: the first `copies` entries count. */
  readonly delays: [number, number];
  lost: 'loss' | 'partition' | null;
  /** The link the packet travels on. */
  link: LinkState;
}

export class Network {
  private defaults: LinkConfig;
  /** Per directed link, by sender then receiver. */
  private readonly links = new Map<string, Map<string, LinkState>>();
  /** Directed pairs "a>b" whose packets are dropped, in the order they were cut, with their (marked `cut`) links. */
  private readonly grudge = new Map<string, LinkState>();
  /** Directed pairs whose packets queue until released, with their (marked `held`) links. */
  private readonly held = new Map<string, LinkState>();
  private readonly routing: Routing;

  constructor(
    private readonly rng: Rng,
    defaults: Partial<LinkConfig> = {},
  ) {
    this.defaults = validateLink('network', defaults);
    this.routing = { copies: 0, delays: [0, 0], lost: null, link: { config: null, lastArrival: 0, cut: false, held: false } };
  }

  static key(from: string, to: string): string {
    return `${from}>${to}`;
  }

  /** The state of the directed link from `from` to `to` (made on first use, then the same object). */
  state(from: string, to: string): LinkState {
    let row = this.links.get(from);
    if (!row) {
      row = new Map();
      this.links.set(from, row);
    }
    let link = row.get(to);
    if (!link) {
      link = { config: null, lastArrival: 0, cut: false, held: false };
      row.set(to, link);
    }
    return link;
  }

  link(from: string, to: string): LinkConfig {
    return this.links.get(from)?.get(to)?.config ?? this.defaults;
  }

  setDefaults(partial: Partial<LinkConfig>): void {
    this.defaults = validateLink('network', partial, this.defaults);
  }

  setLink(from: string, to: string, partial: Partial<LinkConfig>): void {
    this.state(from, to).config = validateLink(`link ${from}->${to}`, partial, this.link(from, to));
  }

  /** Back to the default configuration on every link (faults healed). */
  resetLinks(): void {
    for (const row of this.links.values()) for (const link of row.values()) link.config = null;
  }

  /** Replaces the partition: every pair [a, b] means a's packets to b are dropped. */
  setGrudge(pairs: ReadonlyArray<readonly [string, string]>): void {
    this.healPartitions();
    for (const [a, b] of pairs) this.cut(a, b);
  }

  cut(from: string, to: string): void {
    const link = this.state(from, to);
    link.cut = true;
    this.grudge.set(Network.key(from, to), link);
  }

  isCut(from: string, to: string): boolean {
    return this.grudge.size > 0 && this.state(from, to).cut;
  }

  grudgePairs(): string[] {
    return [...this.grudge.keys()];
  }

  hold(from: string, to: string): void {
    const link = this.state(from, to);
    link.held = true;
    this.held.set(Network.key(from, to), link);
  }

  isHeld(from: string, to: string): boolean {
    return this.held.size > 0 && this.state(from, to).held;
  }

  /** Releases a held link; the caller flushes the queued packets. */
  release(from: string, to: string): void {
    this.held.delete(Network.key(from, to));
    this.state(from, to).held = false;
  }

  heldPairs(): string[] {
    return [...this.held.keys()];
  }

  healPartitions(): void {
    for (const link of this.grudge.values()) link.cut = false;
    this.grudge.clear();
  }

  /** Decides the fate of a packet sent now (true time `now`): fills in and returns the shared routing record. */
  route(from: string, to: string, now: number): Routing {
    const link = this.state(from, to);
    const r = this.routing;
    r.link = link;
    r.copies = 0;
    if (link.cut) {
      r.lost = 'partition';
      return r;
    }
    const cfg = link.config ?? this.defaults;
    const rng = this.rng;
    if (chance(rng, cfg.loss)) {
      r.lost = 'loss';
      return r;
    }
    r.lost = null;
    const copies = chance(rng, cfg.duplicate) ? 2 : 1;
    for (let i = 0; i < copies; i++) {
      const lat = cfg.latency;
      let d = lat.minNs + exponential(rng, lat.meanNs - lat.minNs);
      if (chance(rng, lat.tailProbability)) d += rng() * lat.tailNs;
      d = Math.round(d + cfg.clogNs);
      const mayReorder = chance(rng, cfg.reorder);
      const last = link.lastArrival;
      if (!mayReorder && now + d < last) d = last - now;
      if (now + d > last) link.lastArrival = now + d;
      r.delays[i] = d;
    }
    r.copies = copies;
    return r;
  }
}
