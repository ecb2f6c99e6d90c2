/**
 * Which failing runs of a sweep keep their whole run folder. Every failing run keeps its result
 * line and repro command in summary.json (a run rebuilds any seed exactly, folder and all); the
 * folders are kept for every failing run of a safe design (each one is a bug) and for the first
 * few catching runs of each unsafe design (the rest tell the same story).
 */
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { reproCommand } from '../run-files.js';
import type { KeptFolders, SweepResultLine } from './types.js';

/** How many catching runs of an unsafe design keep their folder. */
export const KEEP_CATCHES = 3;

export const KEEP_RULE = `every failing run of a safe design and the first ${KEEP_CATCHES} catching runs of each unsafe design keep their folder; rebuild any other with its repro command (lockstep run rebuilds a seed exactly)`;

/** Gives each failing line its repro command and removes the folders the rule does not keep. */
export function pruneRunFolders(results: SweepResultLine[], outRoot: string): KeptFolders {
  const kept = new Map<string, number>();
  let keptCount = 0;
  let failing = 0;
  const ordered = [...results].sort((a, b) => a.scenario.localeCompare(b.scenario) || a.design.localeCompare(b.design) || a.seed - b.seed);
  for (const line of ordered) {
    if (line.valid === true && line.crashed === undefined) continue;
    failing++;
    line.repro = reproCommand(line.scenario, line.design, line.seed);
    if (!line.report) continue;
    const key = `${line.scenario}/${line.design}`;
    const n = kept.get(key) ?? 0;
    if (line.designKind === 'unsafe' && n >= KEEP_CATCHES) {
      rmSync(join(outRoot, dirname(line.report)), { recursive: true, force: true });
      delete line.report;
      continue;
    }
    kept.set(key, n + 1);
    keptCount++;
  }
  return { kept: keptCount, failing, rule: KEEP_RULE };
}
