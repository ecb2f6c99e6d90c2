/**
 * One sweep worker's memory over many runs: run with `node --expose-gc`, it executes sweep tasks
 * the way a worker does (every design of every scenario, seed after seed) and prints, as JSON, the
 * heap after a full GC at checkpoints and the process's peak RSS. A leak across runs shows as a
 * heap that keeps growing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTask } from '../cli/sweep/run-task.js';
import { SCENARIOS } from '../scenarios/registry.js';
import type { SweepTask } from '../cli/sweep/types.js';

export interface MemoryFigures {
  runs: number;
  /** Heap used after a full GC, in MB, at each tenth of the runs. */
  heapAfterGcMb: number[];
  peakRssMb: number;
}

function tasks(count: number): SweepTask[] {
  const designs = SCENARIOS.filter((s) => !s.unsupported).flatMap((s) => s.designs.map((d) => ({ scenario: s.name, design: d.name })));
  return Array.from({ length: count }, (_, i) => {
    const d = designs[i % designs.length]!;
    const seed = 1 + Math.floor(i / designs.length);
    return { ...d, seed, runDir: join(d.scenario, d.design, String(seed)), keepIfInvalid: false };
  });
}

function probe(count: number): MemoryFigures {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with node --expose-gc');
  const out = mkdtempSync(join(tmpdir(), 'lockstep-mem-'));
  const heap: number[] = [];
  const every = Math.max(1, Math.floor(count / 10));
  try {
    tasks(count).forEach((task, i) => {
      runTask(task, out);
      if ((i + 1) % every === 0) {
        gc();
        heap.push(Math.round((process.memoryUsage().heapUsed / 2 ** 20) * 10) / 10);
      }
    });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  return { runs: count, heapAfterGcMb: heap, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) };
}

process.stdout.write(JSON.stringify(probe(Number(process.argv[2] ?? 500))) + '\n');
