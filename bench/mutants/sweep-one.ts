/**
 * Runs inside a scratch copy: sweeps the safe designs of the general scenarios over a seed range,
 * seed by seed (each seed runs every scenario before the next seed starts, so "first catching
 * seed" means the same for all of them), and prints one JSON line with what it saw. Stops at the
 * first catch when asked, or when its time budget runs out (the line says how far it got).
 *
 *   node dist/bench/mutants/sweep-one.js --from 1 --to 200 [--first] [--budget-s 300] [--scenarios a,b] [--design safe|unsafe|name]
 */
import { performance } from 'node:perf_hooks';
import { getScenario } from '../../scenarios/registry.js';
import { findDesign } from '../../scenarios/scenario.js';

export interface SweepOneResult {
  /** Seeds fully run (every scenario). */
  seedsRun: number;
  lastSeed: number;
  firstSeed: number | null;
  /** Seeds on which some scenario was not clean. */
  caughtSeeds: number;
  /** Violation kinds seen (`crash` when a run threw, `unknown` when a checker could not judge). */
  kinds: string[];
  /** By scenario: seeds not clean. */
  byScenario: Record<string, number>;
  stoppedBy: 'first-catch' | 'budget' | 'range';
  firstViolation?: string;
}

function arg(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

function main(): void {
  const from = Number(arg('from') ?? 1);
  const to = Number(arg('to') ?? 200);
  const first = process.argv.includes('--first');
  const budgetMs = Number(arg('budget-s') ?? Infinity) * 1000;
  const scenarios = (arg('scenarios') ?? 'lock-chaos,raft-chaos').split(',').map(getScenario);
  const design = arg('design') ?? 'safe';
  const started = performance.now();
  const kinds = new Set<string>();
  const byScenario: Record<string, number> = {};
  const result: SweepOneResult = { seedsRun: 0, lastSeed: from - 1, firstSeed: null, caughtSeeds: 0, kinds: [], byScenario, stoppedBy: 'range' };
  for (let seed = from; seed <= to; seed++) {
    let caught = false;
    for (const scenario of scenarios) {
      try {
        const outcome = scenario.run({ seed, design: findDesign(scenario, design)?.name ?? design, traceLevel: 'none' });
        if (outcome.valid === true) continue;
        for (const v of outcome.violations) kinds.add(v.kind);
        if (outcome.valid === 'unknown' && outcome.violations.length === 0) kinds.add('unknown');
        result.firstViolation ??= `${scenario.name} seed ${seed}: ${outcome.violations[0]?.explanation ?? 'unknown'}`;
      } catch (err) {
        kinds.add('crash');
        result.firstViolation ??= `${scenario.name} seed ${seed}: crashed: ${err instanceof Error ? err.message : String(err)}`;
      }
      caught = true;
      byScenario[scenario.name] = (byScenario[scenario.name] ?? 0) + 1;
    }
    result.seedsRun++;
    result.lastSeed = seed;
    if (caught) {
      result.caughtSeeds++;
      result.firstSeed ??= seed;
      if (first) {
        result.stoppedBy = 'first-catch';
        break;
      }
    }
    if (performance.now() - started > budgetMs && seed < to) {
      result.stoppedBy = 'budget';
      break;
    }
  }
  result.kinds = [...kinds].sort();
  process.stdout.write(JSON.stringify(result) + '\n');
}

main();
