/**
 * The standard cluster benchmarks: simulated seconds per wall second and committed commands per
 * wall second, for a 5-node cluster under the chaos scenarios (raft-chaos with 5 nodes; lock-chaos
 * with 5 servers and 10 clients), over several seeds.
 */
import { performance } from 'node:perf_hooks';
import { getScenario } from '../scenarios/registry.js';

export interface ClusterFigures {
  scenario: string;
  runs: number;
  simSeconds: number;
  wallSeconds: number;
  committed: number;
  events: number;
}

function bench(name: string, seeds: number[], pick: (params: Record<string, unknown>) => boolean): ClusterFigures {
  const scenario = getScenario(name);
  const f: ClusterFigures = { scenario: name, runs: 0, simSeconds: 0, wallSeconds: 0, committed: 0, events: 0 };
  for (const seed of seeds) {
    const t0 = performance.now();
    const out = scenario.run({ seed, design: 'safe', traceLevel: 'none' });
    const wall = (performance.now() - t0) / 1000;
    if (!pick(out.params)) continue;
    f.runs++;
    f.simSeconds += out.simTimeNs / 1e9;
    f.wallSeconds += wall;
    f.committed += Number(out.stats.committed ?? 0);
    f.events += Number(out.stats.events ?? 0);
  }
  return f;
}

export function formatClusterFigures(f: ClusterFigures): string {
  return (
    `${f.scenario} (5 servers, safe design, ${f.runs} seeds): ${(f.simSeconds / f.wallSeconds).toFixed(0)}x true time ` +
    `(${f.simSeconds.toFixed(0)} simulated s in ${f.wallSeconds.toFixed(2)} wall s), ` +
    `${Math.round(f.committed / f.wallSeconds).toLocaleString('en-US')} committed commands per wall s, ` +
    `${(f.events / f.wallSeconds / 1e6).toFixed(2)} M events/s`
  );
}

export function benchClusters(): string[] {
  const seeds = Array.from({ length: 30 }, (_, i) => i + 1);
  const fiveServers = (p: Record<string, unknown>): boolean => p.servers === 5;
  const fiveAndTen = (p: Record<string, unknown>): boolean => p.servers === 5 && Number(p.clients) >= 10;
  return [formatClusterFigures(bench('raft-chaos', seeds, fiveServers)), formatClusterFigures(bench('lock-chaos', seeds, fiveAndTen))];
}
