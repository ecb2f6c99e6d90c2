/**
 * True-time ratios of the chaos scenarios as a sweep simulates them (trace off, in this process):
 * simulated seconds per CPU second, and per wall second. raft-chaos counts its 5-node seeds,
 * lock-chaos its seeds with 5 servers and at least 10 clients.
 */
import { performance } from 'node:perf_hooks';
import { getScenario } from '../scenarios/registry.js';

export interface ClusterFigures {
  scenario: string;
  runs: number;
  simSeconds: number;
  wallSeconds: number;
  cpuSeconds: number;
  events: number;
}

type Pick = (params: Record<string, unknown>) => boolean;

export const CHAOS_PICKS: Record<string, Pick> = {
  'echo-chaos': () => true,
  'raft-chaos': (p) => p.servers === 5,
  'lock-chaos': (p) => p.servers === 5 && Number(p.clients) >= 10,
};

function cpuNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

export function benchScenario(name: string, seeds: readonly number[]): ClusterFigures {
  const scenario = getScenario(name);
  const pick = CHAOS_PICKS[name] ?? (() => true);
  const f: ClusterFigures = { scenario: name, runs: 0, simSeconds: 0, wallSeconds: 0, cpuSeconds: 0, events: 0 };
  // One unmeasured run warms the JIT.
  scenario.run({ seed: 1_000_000, design: 'safe', traceLevel: 'none' });
  for (const seed of seeds) {
    const t0 = performance.now();
    const c0 = cpuNow();
    const out = scenario.run({ seed, design: 'safe', traceLevel: 'none' });
    const cpu = cpuNow() - c0;
    const wall = (performance.now() - t0) / 1000;
    if (!pick(out.params)) continue;
    f.runs++;
    f.simSeconds += out.simTimeNs / 1e9;
    f.wallSeconds += wall;
    f.cpuSeconds += cpu;
    f.events += Number(out.stats.events ?? 0);
  }
  return f;
}
