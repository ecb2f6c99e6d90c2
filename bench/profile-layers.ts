/**
 * Where the time of a run goes, layer by layer: reads a V8 CPU profile (`node --cpu-prof ...`)
 * and sums each sampled function's self time into the layer its file belongs to.
 *
 *   node --cpu-prof --cpu-prof-dir=prof bin/lockstep.js sweep lock-chaos --seeds 1..6 --jobs 1
 *   node dist/bench/profile-layers.js prof/*.cpuprofile
 *
 * Self time, except for two layers read off the whole stack: module loading (everything under
 * Node's module loader) and per-run setup (drawing and checking the fault schedule, building the
 * world and the cluster), whatever file the time is spent in. Otherwise time a layer spends calling
 * another is the other's. V8 inlines small functions into their callers, so a few percent move
 * between neighbouring layers.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
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

/** Layers decided by any frame on the stack, innermost match first. */
const STACK_LAYERS: ReadonlyArray<readonly [(node: ProfileNode) => boolean, string]> = [
  [(n) => n.callFrame.url.startsWith('node:internal/modules/') || n.callFrame.functionName === 'compileSourceTextModule', 'module loading'],
  [
    (n) =>
      /^(chooseSchedule|randomSchedule|validateSchedule|installSchedule)$/.test(n.callFrame.functionName) ||
      (/^(World|Cluster)$/.test(n.callFrame.functionName) && /\/(sim\/world|scenarios\/harness\/cluster)\.js$/.test(n.callFrame.url)),
    'per-run setup (schedule, world, cluster)',
  ],
];

function stackLayerOf(id: number, nodes: Map<number, ProfileNode>, parent: Map<number, number>): string | undefined {
  for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
    const node = nodes.get(cur)!;
    const hit = STACK_LAYERS.find(([test]) => test(node));
    if (hit) return hit[1];
  }
  return undefined;
}

function layerOf(node: ProfileNode): string {
  const where = node.callFrame.url ? node.callFrame.url.replace(/^.*\/dist\//, '') : node.callFrame.functionName;
  return LAYERS.find(([re]) => re.test(where))?.[1] ?? 'node runtime, modules, I/O, other';
}

export function layerTimes(profile: CpuProfile): Map<string, number> {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const times = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const layer = stackLayerOf(id, nodes, parent) ?? layerOf(nodes.get(id)!);
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
