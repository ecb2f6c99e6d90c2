/**
 * The swarm of lock-chaos (swarm testing; FoundationDB's BUGGIFY): each seed turns on a random
 * subset of the workloads, of the aimed faults, and picks the timing parameters within their valid
 * ranges, so that over many seeds every combination is tried with some features off (a feature
 * that is always on can mask the bug another one would expose). The nemesis draws its own subset of
 * fault kinds on top (nemesis/generate.ts). Everything here is printed with the run's parameters.
 */
import type { LeaseTimingSpec } from '../catalogue/leases/timing.js';
import { chance, intBetween, pick, shuffled, type Rng } from '../../sim/random.js';
import { MS, SEC } from '../../sim/time.js';
import { AIMS, type Aim } from './aims.js';

export const SWARM_WORKLOADS = ['counter', 'blind-writes', 'ttl-locks', 'shared-exclusive', 'leader-election', 'kv-cas'] as const;
export type SwarmWorkload = (typeof SWARM_WORKLOADS)[number];

/** Clock drift aimed at the ε bound: the fraction of ε the drift reaches, at least and at most. */
export const NEAR_EPSILON = { min: 0.5, max: 0.95 } as const;

/**
 * The most one clock may drift so that any two stay within the design's bound: ε bounds the rate
 * error between a client's clock and the log time (the leader's clock), so a client slow by d and
 * a leader fast by d differ by (1 + d) / (1 − d) − 1, which is ε when d = ε / (2 + ε).
 */
export function perClockDriftBound(epsilon: number): number {
  return epsilon / (2 + epsilon);
}

/** What a seed draws; the lease timing has the shape the lease hazards use (LeaseTimingSpec). */
export interface LockChaosSwarm extends LeaseTimingSpec {
  servers: number;
  clients: number;
  /** Workload → the clients that run it (disjoint; every client in one group). */
  groups: Array<{ workload: SwarmWorkload; clients: string[] }>;
  aims: Aim[];
  /** Clock drift near the ε bound (else anywhere below it). */
  driftNearEpsilon: boolean;
  faultPhaseNs: number;
  /**
   * Most committed entries a server applies per batch (null: all of them). A small batch lets
   * the state machine lag behind the commit index, as a busy server's does, which is where read
   * paths that should wait for it show.
   */
  applyBatch: number | null;
}

/** A non-empty random subset of `items`, each in with probability one half. */
function subset<T>(rng: Rng, items: readonly T[]): T[] {
  const on = items.filter(() => chance(rng, 0.5));
  return on.length > 0 ? on : [pick(rng, items)];
}

export function drawSwarm(rng: Rng): LockChaosSwarm {
  const servers = pick(rng, [3, 5]);
  const clientCount = intBetween(rng, 5, 20);
  const clients = shuffled(
    rng,
    Array.from({ length: clientCount }, (_, i) => `c${i + 1}`),
  );
  // Workloads need two clients to contend; at most as many workloads as pairs of clients.
  const workloads = subset(rng, SWARM_WORKLOADS).slice(0, Math.floor(clientCount / 2));
  const groups = workloads.map((workload) => ({ workload, clients: [] as string[] }));
  clients.forEach((c, i) => groups[i % groups.length]!.clients.push(c));
  for (const g of groups) g.clients.sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)));
  const aims = AIMS.filter(() => chance(rng, 0.5));
  const tickNs = pick(rng, [20, 50, 100]) * MS;
  return {
    servers,
    clients: clientCount,
    groups,
    aims,
    driftNearEpsilon: chance(rng, 0.5),
    tickNs,
    electionTicks: intBetween(rng, 8, 15),
    ttlNs: pick(rng, [1, 2, 3]) * SEC,
    epsilon: pick(rng, [0.02, 0.05, 0.1]),
    lockDelayNs: pick(rng, [100, 200, 500, 1000]) * MS,
    tickSlackNs: Math.max(200 * MS, 2 * tickNs),
    faultPhaseNs: pick(rng, [20, 30]) * SEC,
    applyBatch: pick(rng, [null, null, 1, 2, 4]),
  };
}

/** The swarm's choices as printable parameters. */
export function swarmChoiceParams(s: LockChaosSwarm): Record<string, unknown> {
  return {
    'swarm.workloads': s.groups.map((g) => `${g.workload}(${g.clients.join(' ')})`).join(', '),
    'swarm.aims': s.aims.length > 0 ? s.aims.join(',') : 'none',
    'swarm.driftNearEpsilon': s.driftNearEpsilon,
    'swarm.applyBatch': s.applyBatch ?? 'all',
  };
}
