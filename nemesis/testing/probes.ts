/**
 * Small processes for showing what a fault does: a mesh of chatterers that greet each other on a
 * timer and log who they heard and when (true time, which only a test may look at), and a world
 * builder with a fixed, jitter-free latency so a test can reason about arrival times exactly.
 */
import type { Env, NodeId, Process } from '../../core/env.js';
import { MS } from '../../sim/time.js';
import { World, type ProcessOptions } from '../../sim/world.js';
import type { NemesisContext, NemesisOp } from '../context.js';

export interface Hello {
  type: 'hello';
  n: number;
}

export interface Heard {
  from: NodeId;
  n: number;
  at: number;
}

/** Greets every peer every `intervalNs` of its own monotonic clock; logs every greeting heard. */
export class Chatter implements Process {
  readonly heard: Heard[] = [];
  private n = 0;
  constructor(
    private readonly env: Env,
    private readonly peers: readonly NodeId[],
    private readonly intervalNs: number,
    private readonly now: () => number,
  ) {}
  start(): void {
    this.env.setTimer(this.intervalNs, 'greet');
  }
  onMessage(from: NodeId, message: unknown): void {
    const m = message as Hello;
    if (m.type === 'hello') this.heard.push({ from, n: m.n, at: this.now() });
  }
  onTimer(): void {
    this.n++;
    for (const p of this.peers) if (p !== this.env.id) this.env.send(p, { type: 'hello', n: this.n } satisfies Hello);
    this.env.setTimer(this.intervalNs, 'greet');
  }
}

/** Exactly `latencyNs` on every link, no loss, no tail: arrival times are known in advance. */
export const FIXED_LATENCY = (latencyNs: number) => ({
  latency: { minNs: latencyNs, meanNs: latencyNs, tailProbability: 0, tailNs: 0 },
});

/** A world of chatterers: servers and clients all greet everyone every 10 ms, 1 ms apart. */
export function chatterWorld(seed: number, servers: string[], clients: string[] = [], options: ProcessOptions = {}): World {
  const world = new World({ seed, network: FIXED_LATENCY(1 * MS) });
  const everyone = [...servers, ...clients];
  for (const id of everyone) world.addProcess(id, (env) => new Chatter(env, everyone, 10 * MS, () => world.now), options);
  return world;
}

/** How many greetings `to` heard from `from` in true time [t0, t1). */
export function heardCount(world: World, to: NodeId, from: NodeId, t0: number, t1: number): number {
  const p = world.process<Chatter>(to);
  if (!p) return 0;
  return p.heard.filter((h) => h.from === from && h.at >= t0 && h.at < t1).length;
}

/** The directed pairs "from>to" over which nothing arrived in [t0, t1). */
export function silentLinks(world: World, nodes: readonly NodeId[], t0: number, t1: number): string[] {
  const out: string[] = [];
  for (const from of nodes) {
    for (const to of nodes) {
      if (from !== to && heardCount(world, to, from, t0, t1) === 0) out.push(`${from}>${to}`);
    }
  }
  return out;
}

/** A context over a world's nodes, whose leader a test sets, and which keeps the nemesis ops. */
export function testContext(servers: string[], clients: string[] = [], extra: Partial<NemesisContext> = {}): NemesisContext & {
  ops: NemesisOp[];
  setLeader(id: string | null): void;
} {
  let leader: string | null = null;
  const ops: NemesisOp[] = [];
  return {
    servers,
    clients,
    leader: () => leader,
    recordOp: (op) => ops.push(op),
    ...extra,
    ops,
    setLeader(id) {
      leader = id;
    },
  };
}
