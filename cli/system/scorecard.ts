/**
 * The scorecard of a user's system: every catalogue hazard, hazard by hazard, as survived (the
 * seeds it ran clean), caught (the first seed, the violation kinds, the commands that reproduce and
 * shrink it), not applicable (the capability it lacks), unknown (a checker could not decide on
 * some seed and none caught it) or error (the system's own code failed).
 */
import { performance } from 'node:perf_hooks';
import { UserCodeError } from '../../core/async/realm.js';
import type { System } from '../../scenarios/user/define.js';
import { judgesFor, missingCapability, userHazards, type UserHazard } from '../../scenarios/user/hazards.js';
import { runUserHazard } from '../../scenarios/user/run.js';
import { BadInputError } from '../errors.js';
import { RefusedCallError } from './sandbox.js';
import type { SystemModule } from './load.js';
import type { HazardScore, Scorecard, SystemScore } from '../../reports/scorecard/types.js';

export type { HazardScore, HazardVerdict, Scorecard, SystemScore } from '../../reports/scorecard/types.js';

export interface SweepOptions {
  /** Hazard names, or undefined for all. */
  hazards?: readonly string[];
  seeds: { from: number; to: number };
  /** Only these systems of the module (default all). */
  systems?: readonly string[];
  /** Called after each hazard of each system. */
  progress?(system: string, score: HazardScore): void;
}

/** The command a user types to reproduce one run. */
export function systemRepro(module: string, system: string, hazard: string, seed: number, multiple: boolean): string {
  return `npx lockstep run --system ${module}${multiple ? ` --name ${system}` : ''} --hazard ${hazard} --seed ${seed}`;
}

/** Hazards by name; an unknown name is bad input. */
export function selectHazards(names: readonly string[] | undefined): UserHazard[] {
  const all = userHazards();
  if (!names || names.length === 0 || (names.length === 1 && names[0] === 'all')) return all;
  return names.map((n) => {
    const h = all.find((x) => x.record.name === n);
    if (!h) throw new BadInputError(`unknown hazard "${n}" (hazards: ${all.map((x) => x.record.name).join(', ')})`);
    return h;
  });
}

/** The systems of a module to run; an unknown name is bad input. */
export function selectSystems(module: SystemModule, names: readonly string[] | undefined): System[] {
  if (!names || names.length === 0) return [...module.systems];
  return names.map((n) => {
    const s = module.systems.find((x) => x.name === n);
    if (!s) throw new BadInputError(`${module.path}: no system named "${n}" (systems: ${module.systems.map((x) => x.name).join(', ')})`);
    return s;
  });
}

/** A user-code failure that means the module itself is unusable (it reached for the real world). */
export function asRefusal(module: SystemModule, err: unknown): BadInputError | null {
  if (err instanceof UserCodeError && err.thrown instanceof RefusedCallError) return new BadInputError(`${module.path}: refused: ${err.thrown.message}`);
  if (err instanceof RefusedCallError) return new BadInputError(`${module.path}: refused: ${err.message}`);
  return null;
}

function scoreHazard(module: SystemModule, system: System, hazard: UserHazard, seeds: { from: number; to: number }, multiple: boolean): HazardScore {
  const started = performance.now();
  const base = { case: hazard.record.case, hazard: hazard.record.name, title: hazard.record.title };
  const missing = missingCapability(system, hazard);
  if (missing) return { ...base, verdict: 'not-applicable', seedsRun: 0, missing, wallMs: 0 };
  const { notJudged } = judgesFor(system, hazard);
  const extra = Object.keys(notJudged).length > 0 ? { notJudged } : {};
  const unknownSeeds: number[] = [];
  let seedsRun = 0;
  for (let seed = seeds.from; seed <= seeds.to; seed++) {
    seedsRun++;
    const repro = systemRepro(module.path, system.name, hazard.record.name, seed, multiple);
    let outcome;
    try {
      outcome = runUserHazard(() => module.instantiate(system.name), hazard, { seed, traceLevel: 'none' });
    } catch (err) {
      const refusal = asRefusal(module, err);
      if (refusal) throw refusal;
      if (err instanceof UserCodeError) {
        return { ...base, verdict: 'error', seedsRun, firstSeed: seed, error: err.message, repro, ...extra, wallMs: Math.round(performance.now() - started) };
      }
      throw err;
    }
    if (outcome.valid === false) {
      const kinds = [...new Set(outcome.violations.map((v) => v.kind))];
      return {
        ...base,
        verdict: 'caught',
        seedsRun,
        firstSeed: seed,
        kinds,
        violation: outcome.violations[0]?.explanation ?? '',
        repro,
        shrink: `${repro} --shrink`,
        ...extra,
        ...(unknownSeeds.length ? { unknownSeeds } : {}),
        wallMs: Math.round(performance.now() - started),
      };
    }
    if (outcome.valid === 'unknown') unknownSeeds.push(seed);
  }
  return {
    ...base,
    verdict: unknownSeeds.length > 0 ? 'unknown' : 'survived',
    seedsRun,
    ...(unknownSeeds.length ? { unknownSeeds } : {}),
    ...extra,
    wallMs: Math.round(performance.now() - started),
  };
}

/** Runs the hazards over the seeds on every chosen system of the module. */
export function sweepSystems(module: SystemModule, options: SweepOptions): Scorecard {
  const started = performance.now();
  const hazards = selectHazards(options.hazards);
  const systems = selectSystems(module, options.systems);
  const multiple = module.systems.length > 1;
  const scores: SystemScore[] = systems.map((system) => {
    const hazardsScored: HazardScore[] = [];
    for (const hazard of hazards) {
      const score = scoreHazard(module, system, hazard, options.seeds, multiple);
      hazardsScored.push(score);
      options.progress?.(system.name, score);
    }
    return { name: system.name, ...(system.description ? { description: system.description } : {}), capabilities: [...system.capabilities], hazards: hazardsScored };
  });
  return { module: module.path, seeds: options.seeds, systems: scores, wallMs: Math.round(performance.now() - started) };
}

/** One line for a hazard's score, as the command prints it. */
export function scoreLine(system: string, s: HazardScore): string {
  const head = `${system}  ${s.hazard.padEnd(24)} `;
  switch (s.verdict) {
    case 'survived':
      return `${head}survived  (${s.seedsRun} seeds)`;
    case 'caught':
      return `${head}CAUGHT    seed ${s.firstSeed} [${(s.kinds ?? []).join(', ')}]  ${s.repro}`;
    case 'not-applicable':
      return `${head}n/a       (needs ${s.missing})`;
    case 'unknown':
      return `${head}unknown   (${s.unknownSeeds?.length ?? 0} seeds undecided)`;
    case 'error':
      return `${head}ERROR     seed ${s.firstSeed}: ${s.error}`;
  }
}
