/**
 * Targets: node ids, or selectors resolved when the fault fires ("leader" is whoever leads then;
 * "random-minority" is drawn from the nemesis random stream then). Resolved sets come back in the
 * topology's own order (servers, clients, resource), never in the order of a draw, so that the
 * same set always reads, traces and hashes the same.
 */
import { shuffled, type Rng } from '../sim/random.js';

export const SELECTORS = [
  'servers',
  'clients',
  'resource',
  'all',
  'leader',
  'random-server',
  'random-client',
  'random-minority',
  'random-majority',
] as const;

export type Selector = (typeof SELECTORS)[number];

/** The nodes a schedule may name, and what the scenario can do for it. */
export interface Topology {
  servers: readonly string[];
  clients: readonly string[];
  resource?: string;
  /** Whether the scenario provides `addVoter` / `removeVoter` (membership faults need them). */
  canAddVoter?: boolean;
  canRemoveVoter?: boolean;
}

export function isSelector(target: string): target is Selector {
  return (SELECTORS as readonly string[]).includes(target);
}

export function allNodes(topology: Topology): string[] {
  const out = [...topology.servers, ...topology.clients];
  if (topology.resource !== undefined) out.push(topology.resource);
  return out;
}

/** Why a target cannot be used with this topology, or null when it can. */
export function targetProblem(target: string, topology: Topology): string | null {
  if (isSelector(target)) {
    if (target === 'resource' && topology.resource === undefined) return 'selector "resource" names no node: this scenario has no resource';
    if ((target === 'random-client' || target === 'clients') && topology.clients.length === 0) {
      return `selector "${target}" names no node: this scenario has no clients`;
    }
    if ((target === 'random-server' || target === 'servers') && topology.servers.length === 0) {
      return `selector "${target}" names no node: this scenario has no servers`;
    }
    return null;
  }
  if (allNodes(topology).includes(target)) return null;
  return `unknown target "${target}" (nodes: ${allNodes(topology).join(', ')}; selectors: ${SELECTORS.join(', ')})`;
}

/** Size of a random minority of n: at least one node, and fewer than half. */
export function minorityRange(n: number): [number, number] {
  const most = Math.floor((n - 1) / 2);
  return [Math.min(1, most), most];
}

function randomSubset(rng: Rng, nodes: readonly string[], size: number): string[] {
  return shuffled(rng, nodes).slice(0, size);
}

/**
 * Resolves targets to node ids in topology order, without repeats. Draws from `rng` only for
 * random selectors, in the order they are written.
 */
export function resolveTargets(targets: readonly string[], topology: Topology, leader: () => string | null, rng: Rng): string[] {
  const chosen = new Set<string>();
  for (const target of targets) {
    for (const id of resolveOne(target, topology, leader, rng)) chosen.add(id);
  }
  return inTopologyOrder(chosen, topology);
}

export function inTopologyOrder(ids: ReadonlySet<string>, topology: Topology): string[] {
  const known = allNodes(topology);
  const out = known.filter((id) => ids.has(id));
  // Ids outside the topology (a leader the scenario reports that it never listed) go last.
  for (const id of ids) if (!known.includes(id)) out.push(id);
  return out;
}

function resolveOne(target: string, topology: Topology, leader: () => string | null, rng: Rng): string[] {
  const { servers, clients } = topology;
  switch (target) {
    case 'servers':
      return [...servers];
    case 'clients':
      return [...clients];
    case 'resource':
      return topology.resource === undefined ? [] : [topology.resource];
    case 'all':
      return allNodes(topology);
    case 'leader': {
      const id = leader();
      return id === null ? [] : [id];
    }
    case 'random-server':
      return servers.length === 0 ? [] : randomSubset(rng, servers, 1);
    case 'random-client':
      return clients.length === 0 ? [] : randomSubset(rng, clients, 1);
    case 'random-minority': {
      const [lo, hi] = minorityRange(servers.length);
      const size = lo + Math.floor(rng() * (hi - lo + 1));
      return randomSubset(rng, servers, size);
    }
    case 'random-majority':
      return randomSubset(rng, servers, Math.floor(servers.length / 2) + 1);
    default:
      return [target];
  }
}
