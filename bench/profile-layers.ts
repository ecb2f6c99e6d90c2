/**
 * Where the time of a run goes, layer by layer: reads a V8 CPU profile (`node --cpu-prof ...`)
 * and sums each sampled function's self time into the layer its file belongs to.
 *
 *   node --cpu-prof --cpu-prof-dir=prof bin/lockstep.js sweep lock-chaos --seeds 1..6 --jobs 1
 *   node dist/bench/profile-layers.js prof/*.cpuprofile
 *
 * Self time only: time a layer spends calling another is the other's. V8 inlines small functions
 * into their callers, so a few percent move between neighbouring layers.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** First match wins: the file (relative to dist/) or the V8 pseudo-function of a sample. */
const LAYERS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^sim\/(event-queue|world)\./, 'agenda and dispatch'],
  [/^sim\/network\./, 'network'],
  [/^sim\/clock\./, 'clocks'],
  [/^sim\/disk\.|^core\/server\/raft-disk\./, 'disk'],
  [/^sim\/trace\./, 'trace hash'],
  [/^sim\/random\.|seedrandom/, 'random streams'],
  [/^sim\/recorder\./, 'recorder'],
  [/^core\/raft\//, 'Raft'],
  [/^core\/lock\//, 'lock state machine'],
  [/^core\/server\//, 'lock server host'],
  [/^core\//, 'client, resource, other designs'],
  [/^scenarios\/workloads\//, 'workload driver'],
  [/^scenarios\//, 'scenario harness'],
  [/^nemesis\//, 'nemesis'],
  [/^checker\/raft\//, 'checkers: Raft monitors'],
  [/^checker\/lin\//, 'checkers: linearizability'],
  [/^checker\//, 'checkers: validators and io'],
  [/^reports\/|^cli\/(render|run-files)\./, 'report and run folder'],
  [/^\(garbage collector\)$/, 'GC'],
];

function layerOf(node: ProfileNode): string {
  const where = node.callFrame.url ? node.callFrame.url.replace(/^.*\/dist\//, '') : node.callFrame.functionName;
  return LAYERS.find(([re]) => re.test(where))?.[1] ?? 'node runtime, modules, I/O, other';
}

export function layerTimes(profile: CpuProfile): Map<string, number> {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const times = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const layer = layerOf(nodes.get(id)!);
    times.set(layer, (times.get(layer) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  return times;
}

const files = process.argv.slice(2);
if (files.length === 0) {
  process.stderr.write('usage: node dist/bench/profile-layers.js <file.cpuprofile>...\n');
  process.exit(254);
}
const total = new Map<string, number>();
for (const f of files) {
  for (const [layer, us] of layerTimes(JSON.parse(readFileSync(f, 'utf8')) as CpuProfile)) total.set(layer, (total.get(layer) ?? 0) + us);
}
const sum = [...total.values()].reduce((a, b) => a + b, 0);
for (const [layer, us] of [...total].sort((a, b) => b[1] - a[1])) {
  process.stdout.write(`${((100 * us) / sum).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${layer}\n`);
}
