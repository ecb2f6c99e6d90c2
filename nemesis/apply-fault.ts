/**
 * What each fault kind does to the world when it fires, and how it is undone. Targets are resolved
 * here, at fire time; the state keepers in effects/ decide how overlapping faults compose.
 */
import { shuffled, type Rng } from '../sim/random.js';
import type { CrashMode, World } from '../sim/world.js';
import type { ClockFaults } from './effects/clock-faults.js';
import type { LinkHolds } from './effects/link-holds.js';
import type { LinkOverlays, LinkPatch } from './effects/link-overlays.js';
import type { PartitionState } from './effects/partitions.js';
import type { ProcessHolds } from './effects/process-holds.js';
import { KINDS, type ClockChoice, type FaultKind, type MembershipAction } from './kinds.js';
import type { FaultSpec } from './schedule.js';
import { inTopologyOrder, resolveTargets, type Topology } from './selectors.js';
import { bridge, cutBetween, cutOneWay, halves, isolate, majoritiesRing, uniquePairs, type Cut, type Pair } from './topologies.js';

/** Everything a fault can touch. */
export interface FaultEnv {
  world: World;
  topology: Topology;
  leader(): string | null;
  /** The nemesis random stream: selectors, shuffles and release orders draw from it. */
  rng: Rng;
  partitions: PartitionState;
  links: LinkOverlays;
  holds: LinkHolds;
  processes: ProcessHolds;
  clocks: ClockFaults;
  addVoter?(id: string): void;
  removeVoter?(id: string): void;
}

export interface Applied {
  /** The nodes the fault acts on, resolved. */
  targets: string[];
  /** What was done beyond the targets (components, skipped nodes, ...), as JSON data. */
  detail: Record<string, unknown>;
  /** Undoes the fault; null when it changed nothing. */
  undo: (() => void) | null;
  /** Why the fault changed nothing, when it did not. */
  noop?: string;
}

/** A strobe without a duration runs until the final heal resets the clock. */
const UNTIL_HEAL_NS = 2 ** 52;

function num(params: Record<string, unknown> | undefined, name: string, fallback?: number): number {
  const v = params?.[name];
  if (typeof v === 'number') return v;
  if (fallback !== undefined) return fallback;
  throw new Error(`internal: validated fault lacks params.${name}`);
}

function strings(params: Record<string, unknown> | undefined, name: string): string[] | undefined {
  const v = params?.[name];
  return Array.isArray(v) ? (v as string[]) : undefined;
}

function targetsOf(spec: FaultSpec, env: FaultEnv): string[] {
  const rule = KINDS[spec.fault].targets;
  const written = spec.targets ?? (rule.kind === 'default' ? rule.targets : []);
  return resolveTargets(written, env.topology, env.leader, env.rng);
}

function group(env: FaultEnv, written: readonly string[]): string[] {
  return resolveTargets(written, env.topology, env.leader, env.rng);
}

function ordered(env: FaultEnv, nodes: readonly string[]): string[] {
  return inTopologyOrder(new Set(nodes), env.topology);
}

/** Every directed link between a target and any other process in the world, both ways. */
function linksTouching(env: FaultEnv, targets: readonly string[]): Pair[] {
  return uniquePairs(cutBetween(targets, env.world.ids()));
}

function nothing(targets: string[], why: string): Applied {
  return { targets, detail: { noop: why }, undo: null, noop: why };
}

function partition(index: number, env: FaultEnv, kind: FaultKind, targets: string[], cut: Cut): Applied {
  if (cut.pairs.length === 0) return nothing(targets, 'the partition cuts no link');
  const detail: Record<string, unknown> = { cutLinks: cut.pairs.length };
  if (cut.components) detail.components = cut.components.map((c) => ordered(env, c));
  if (cut.hears) detail.hears = cut.hears;
  if (kind === 'one-way' || kind === 'grudge') detail.pairs = cut.pairs.map(([a, b]) => `${a}>${b}`);
  return { targets, detail, undo: env.partitions.apply(index, cut, kind) };
}

function packets(index: number, env: FaultEnv, targets: string[], links: Pair[], patch: LinkPatch): Applied {
  if (links.length === 0) return nothing(targets, 'no link to affect');
  return { targets, detail: { links: links.length }, undo: env.links.apply(index, links, patch) };
}

function linkEnds(spec: FaultSpec, env: FaultEnv): { from: string[]; to: string[]; links: Pair[] } {
  const from = group(env, strings(spec.params, 'from') ?? []);
  const to = group(env, strings(spec.params, 'to') ?? []);
  return { from, to, links: cutOneWay(from, to) };
}

function membership(env: FaultEnv, targets: string[], action: MembershipAction): Applied {
  if (targets.length === 0) return nothing(targets, 'no node to change');
  const forward = action === 'add' ? env.addVoter : env.removeVoter;
  const backward = action === 'add' ? env.removeVoter : env.addVoter;
  if (!forward) throw new Error(`internal: membership ${action} reached the interpreter without its callback`);
  for (const id of targets) forward(id);
  return {
    targets,
    detail: { action },
    undo: () => {
      if (backward) for (const id of targets) backward(id);
    },
  };
}

/** Applies fault `index` now. */
export function applyFault(index: number, spec: FaultSpec, env: FaultEnv): Applied {
  const p = spec.params;
  const kind = spec.fault;
  switch (kind) {
    case 'partition-halves': {
      const t = targetsOf(spec, env);
      return partition(index, env, kind, t, halves(t));
    }
    case 'partition-random-halves': {
      const t = targetsOf(spec, env);
      return partition(index, env, kind, t, halves(shuffled(env.rng, t)));
    }
    case 'isolate':
    case 'isolate-leader': {
      const t = kind === 'isolate' ? targetsOf(spec, env) : group(env, ['leader']);
      if (t.length === 0) return nothing(t, kind === 'isolate-leader' ? 'there is no leader' : 'no node to isolate');
      const from = strings(p, 'from');
      const others = from ? group(env, from) : env.world.ids();
      return partition(index, env, kind, t, isolate(t, others));
    }
    case 'bridge':
    case 'majorities-ring': {
      const t = targetsOf(spec, env);
      const arranged = p?.shuffle === true ? shuffled(env.rng, t) : t;
      return partition(index, env, kind, t, kind === 'bridge' ? bridge(arranged) : majoritiesRing(arranged));
    }
    case 'one-way': {
      const { from, to, links } = linkEnds(spec, env);
      return partition(index, env, kind, ordered(env, [...from, ...to]), { pairs: links });
    }
    case 'client-to-leader': {
      const clients = targetsOf(spec, env);
      const leader = env.leader();
      if (leader === null) return nothing(clients, 'there is no leader');
      return partition(index, env, kind, ordered(env, [...clients, leader]), { pairs: cutBetween(clients, [leader]) });
    }
    case 'grudge': {
      const pairs = (p?.pairs as Pair[]).map(([a, b]) => [a, b] as Pair);
      return partition(index, env, kind, ordered(env, pairs.flat()), { pairs: uniquePairs(pairs) });
    }
    case 'delay': {
      const t = targetsOf(spec, env);
      const latency: LinkPatch['latency'] = { minNs: num(p, 'minNs'), meanNs: num(p, 'meanNs') };
      if (p?.tailProbability !== undefined) latency.tailProbability = num(p, 'tailProbability');
      if (p?.tailNs !== undefined) latency.tailNs = num(p, 'tailNs');
      return packets(index, env, t, linksTouching(env, t), { latency });
    }
    case 'loss':
    case 'duplicate':
    case 'reorder': {
      const t = targetsOf(spec, env);
      return packets(index, env, t, linksTouching(env, t), { [kind]: num(p, 'p') });
    }
    case 'clog': {
      const { from, to, links } = linkEnds(spec, env);
      return packets(index, env, ordered(env, [...from, ...to]), links, { clogNs: num(p, 'extraNs') });
    }
    case 'swizzle-clog': {
      const { from, to, links } = linkEnds(spec, env);
      const t = ordered(env, [...from, ...to]);
      if (links.length === 0) return nothing(t, 'no link to hold');
      return { targets: t, detail: { links: links.length }, undo: env.holds.hold(links, num(p, 'gapNs', 0)) };
    }
    case 'pause': {
      const t = targetsOf(spec, env);
      const { held, undo } = env.processes.pause(index, t);
      if (held.length === 0) return nothing(t, 'every target is down');
      const skipped = t.filter((id) => !held.includes(id));
      return { targets: held, detail: skipped.length > 0 ? { skipped } : {}, undo };
    }
    case 'crash': {
      const t = targetsOf(spec, env);
      if (t.length === 0) return nothing(t, 'no node to crash');
      const mode = p?.mode as CrashMode;
      return { targets: t, detail: { mode }, undo: env.processes.crash(t, mode) };
    }
    case 'clock-offset': {
      const t = targetsOf(spec, env);
      return { targets: t, detail: {}, undo: env.clocks.offset(t, num(p, 'offsetNs')) };
    }
    case 'clock-jump': {
      const t = targetsOf(spec, env);
      return { targets: t, detail: {}, undo: env.clocks.jump(t, num(p, 'deltaNs')) };
    }
    case 'clock-drift': {
      const t = targetsOf(spec, env);
      const clock = (p?.clock as ClockChoice | undefined) ?? 'both';
      return { targets: t, detail: { clock }, undo: env.clocks.drift(index, t, num(p, 'ppm'), clock) };
    }
    case 'clock-strobe': {
      const t = targetsOf(spec, env);
      const undo = env.clocks.strobe(index, t, spec.duration ?? UNTIL_HEAL_NS, num(p, 'periodNs'), num(p, 'deltaNs'));
      return { targets: t, detail: {}, undo };
    }
    case 'membership':
      return membership(env, targetsOf(spec, env), p?.action as MembershipAction);
  }
}
