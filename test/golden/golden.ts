/**
 * Golden trace hashes: seed 1 of every design of every scenario, and every scripted schedule under
 * each design of its scenario. A change that moves one of these changed behaviour; its commit
 * must say why (and regenerate with `npm run golden:update`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { SCENARIOS } from '../../scenarios/registry.js';
import type { Scenario } from '../../scenarios/scenario.js';

export interface GoldenEntry {
  /** scenario/design/seed, with `@schedule` for a scripted run. */
  key: string;
  traceHash: string;
  valid: boolean | 'unknown';
  kinds: string[];
}

export interface GoldenCase {
  key: string;
  scenario: Scenario;
  design: string;
  schedule?: { text: string; file: string };
}

/** Source folder, whether this runs from `test/` (vitest) or from `dist/test/` (the update script). */
const HERE_ROOT = join(import.meta.dirname, '..', '..');
const SOURCE_ROOT = basename(HERE_ROOT) === 'dist' ? join(HERE_ROOT, '..') : HERE_ROOT;
export const GOLDEN_FILE = join(SOURCE_ROOT, 'test', 'golden', 'hashes.json');

export const GOLDEN_SEED = 1;

function scheduleFiles(): string[] {
  const catalogue = join(SOURCE_ROOT, 'scenarios', 'catalogue');
  const files: string[] = [];
  for (const group of readdirSync(catalogue, { withFileTypes: true })) {
    if (!group.isDirectory()) continue;
    const dir = join(catalogue, group.name, 'schedules');
    let names: string[] = [];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const n of names) if (n.endsWith('.json')) files.push(join(dir, n));
  }
  return files.sort();
}

/** The scenario a schedule file belongs to: the longest scenario name its base name starts with. */
function scenarioOfSchedule(file: string): Scenario | undefined {
  const base = basename(file, '.json');
  return [...SCENARIOS]
    .filter((s) => base === s.name || base.startsWith(`${s.name}-`))
    .sort((a, b) => b.name.length - a.name.length)[0];
}

export function randomCases(): GoldenCase[] {
  return SCENARIOS.filter((s) => !s.unsupported).flatMap((scenario) =>
    scenario.designs.map((d) => ({ key: `${scenario.name}/${d.name}/${GOLDEN_SEED}`, scenario, design: d.name })),
  );
}

export function scriptedCases(): GoldenCase[] {
  return scheduleFiles().flatMap((file) => {
    const scenario = scenarioOfSchedule(file);
    if (!scenario) throw new Error(`schedule ${basename(file)} names no scenario`);
    const schedule = { text: readFileSync(file, 'utf8'), file: basename(file) };
    return scenario.designs.map((d) => ({
      key: `${scenario.name}/${d.name}/${GOLDEN_SEED}@${basename(file)}`,
      scenario,
      design: d.name,
      schedule,
    }));
  });
}

export function runCase(c: GoldenCase): GoldenEntry {
  const outcome = c.scenario.run({
    seed: GOLDEN_SEED,
    design: c.design,
    traceLevel: 'protocol',
    ...(c.schedule ? { schedule: c.schedule } : {}),
  });
  return {
    key: c.key,
    traceHash: outcome.traceHash,
    valid: outcome.valid,
    kinds: [...new Set(outcome.violations.map((v) => v.kind))].sort(),
  };
}

export function readGolden(): Record<string, GoldenEntry> {
  const entries = JSON.parse(readFileSync(GOLDEN_FILE, 'utf8')) as GoldenEntry[];
  return Object.fromEntries(entries.map((e) => [e.key, e]));
}
