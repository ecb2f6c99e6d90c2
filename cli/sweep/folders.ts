/**
 * Which failing runs of a sweep keep their whole run folder. Every failing run keeps its result
 * line and repro command in summary.json (a run rebuilds any seed exactly, folder and all); the
 * folders are kept for every failing run of a safe design (each one is a bug) and for the first
 * few catching runs of each unsafe design (the rest tell the same story).
 */
import { reproCommand } from '../run-files.js';
import type { KeptFolders, SweepResultLine } from './types.js';

/** How many catching runs of an unsafe design keep their folder. */
export const KEEP_CATCHES = 3;

export const KEEP_RULE = `every failing run of a safe design and the first ${KEEP_CATCHES} catching runs of each unsafe design keep their folder; rebuild any other with its repro command (lockstep run rebuilds a seed exactly)`;

/**
 * The keep rule as a judge of result lines taken in (scenario, design, seed) order: true for a
 * failing run whose folder is kept. Crashed runs keep no folder (their line names the crash).
 */
export function keepRule(): (line: SweepResultLine) => boolean {
  const catches = new Map<string, number>();
  return (line) => {
    if (line.valid === true || line.crashed !== undefined) return false;
    if (line.designKind !== 'unsafe') return true;
    const key = `${line.scenario}/${line.design}`;
    const n = catches.get(key) ?? 0;
    if (n >= KEEP_CATCHES) return false;
    catches.set(key, n + 1);
    return true;
  };
}

/** Gives each failing line its repro command, and counts the failing runs and the folders kept. */
export function describeFolders(results: SweepResultLine[]): KeptFolders {
  let kept = 0;
  let failing = 0;
  for (const line of results) {
    if (line.valid === true && line.crashed === undefined) continue;
    failing++;
    line.repro = reproCommand(line.scenario, line.design, line.seed);
    if (line.report) kept++;
  }
  return { kept, failing, rule: KEEP_RULE };
}
