/** The main job (`lockstep sweep --all --seeds 1..n`) as a user runs it, at a given --jobs. */
import { measureCommand } from './measure-command.js';

export interface MainJobFigures {
  seeds: number;
  jobs: number;
  runs: number;
  wallSeconds: number;
  cpuSeconds: number;
  maxRssMb: number;
  /** Every expectation met (the sweep's own verdict). */
  ok: boolean;
}

export function benchMainJob(seeds: number, jobs: number): MainJobFigures {
  const m = measureCommand(['sweep', '--all', '--seeds', `1..${seeds}`, '--jobs', String(jobs), '--out', '{out}', '--json']);
  const summary = JSON.parse(m.stdout) as { results: unknown[]; ok: boolean };
  return { seeds, jobs, runs: summary.results.length, wallSeconds: m.wallSeconds, cpuSeconds: m.cpuSeconds, maxRssMb: m.maxRssMb, ok: summary.ok };
}
