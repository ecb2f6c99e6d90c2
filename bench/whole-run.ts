/** `lockstep run <scenario> --seed n` as a user runs it: simulate, judge, write the run folder. */
import { measureCommand } from './measure-command.js';

export interface WholeRunFigures {
  scenario: string;
  seeds: number[];
  simSeconds: number;
  wallSeconds: number;
  cpuSeconds: number;
}

export function benchWholeRun(scenario: string, seeds: readonly number[]): WholeRunFigures {
  const f: WholeRunFigures = { scenario, seeds: [...seeds], simSeconds: 0, wallSeconds: 0, cpuSeconds: 0 };
  for (const seed of seeds) {
    const m = measureCommand(['run', scenario, '--seed', String(seed), '--out', '{out}', '--json']);
    f.simSeconds += (JSON.parse(m.stdout) as { simTimeNs: number }).simTimeNs / 1e9;
    f.wallSeconds += m.wallSeconds;
    f.cpuSeconds += m.cpuSeconds;
  }
  return f;
}
