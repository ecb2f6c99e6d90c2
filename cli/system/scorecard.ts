/**
 * The scorecard of a user's system: every catalogue hazard, hazard by hazard, as survived (the
 * seeds it ran clean), caught (the first seed, the violation kinds, the commands that reproduce and
 * shrink it), not applicable (the capability it lacks), unknown (a checker could not decide on
 * some seed and none caught it) or crashed (the system's own code threw or rejected: where and when).
 */
import { performance } from 'node:perf_hooks';
import { UserCodeError } from '../../core/async/realm.js';
import type { System } from '../../scenarios/user/define.js';
import { judgesFor, missingCapability, userHazards, type UserHazard } from '../../scenarios/user/hazards.js';
import { describeCrash } from '../../scenarios/user/run.js';
import { runSeed, type SeedResult, type SeedTask } from './seed-run.js';
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
  /** Called after each (system, hazard, seed) is run or skipped (above a first catch). */
  seedDone?(done: number, total: number, result: SeedResult | null): void;
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

/** How a sweep runs its seeds: in this thread, or on a worker pool. */
export type SeedRunner = (task: SeedTask) => Promise<SeedResult>;

/** One hazard of one system, as its seeds come back (in any order). */
class HazardTally {
  /** The earliest seed that caught the system or crashed it. */
  decisive: SeedResult | null = null;
  readonly unknown = new Set<number>();
  wallMs = 0;
  constructor(readonly system: System, readonly hazard: UserHazard) {}

  /** Whether a seed still matters: a later one than the first catch cannot change the card. */
  wants(seed: number): boolean {
    return this.decisive === null || seed < this.decisive.seed;
  }

  add(r: SeedResult): void {
    this.wallMs += r.wallMs;
    if (r.verdict === 'unknown') this.unknown.add(r.seed);
    if ((r.verdict === 'caught' || r.verdict === 'crashed') && this.wants(r.seed)) this.decisive = r;
  }

  score(module: SystemModule, seeds: { from: number; to: number }, multiple: boolean): HazardScore {
    const h = this.hazard.record;
    const base = { case: h.case, hazard: h.name, title: h.title };
    const { notJudged } = judgesFor(this.system, this.hazard);
    const extra = Object.keys(notJudged).length > 0 ? { notJudged } : {};
    const d = this.decisive;
    const unknownSeeds = [...this.unknown].filter((s) => d === null || s < d.seed).sort((a, b) => a - b);
    const unknown = unknownSeeds.length ? { unknownSeeds } : {};
    const wallMs = this.wallMs;
    if (d === null) return { ...base, verdict: unknownSeeds.length > 0 ? 'unknown' : 'survived', seedsRun: seeds.to - seeds.from + 1, ...unknown, ...extra, wallMs };
    const repro = systemRepro(module.path, this.system.name, h.name, d.seed, multiple);
    const seedsRun = d.seed - seeds.from + 1;
    if (d.verdict === 'crashed') {
      const crash = d.crash!;
      return { ...base, verdict: 'crashed', seedsRun, firstSeed: d.seed, error: describeCrash(crash), crash, repro, ...unknown, ...extra, wallMs };
    }
    return { ...base, verdict: 'caught', seedsRun, firstSeed: d.seed, kinds: d.kinds ?? [], violation: d.violation ?? '', repro, shrink: `${repro} --shrink`, ...unknown, ...extra, wallMs };
  }
}

/**
 * Runs the hazards over the seeds on every chosen system of the module, `runSeed` at a time (a
 * worker pool runs `parallel` at once). Seeds go out lowest first across all hazards, and a hazard
 * stops taking seeds above its first catch, so the card (first seed, kinds) is the same whatever
 * the number of workers.
 */
export async function sweepSystems(module: SystemModule, options: SweepOptions & { runSeed?: SeedRunner; parallel?: number }): Promise<Scorecard> {
  const started = performance.now();
  const hazards = selectHazards(options.hazards);
  const systems = selectSystems(module, options.systems);
  const multiple = module.systems.length > 1;
  const run = options.runSeed ?? runSeed;
  const parallel = Math.max(1, options.parallel ?? 1);
  const tallies: HazardTally[] = [];
  const cards = new Map<System, Map<UserHazard, HazardScore | HazardTally>>();
  for (const system of systems) {
    const row = new Map<UserHazard, HazardScore | HazardTally>();
    for (const hazard of hazards) {
      const missing = missingCapability(system, hazard);
      if (missing) {
        const score: HazardScore = { case: hazard.record.case, hazard: hazard.record.name, title: hazard.record.title, verdict: 'not-applicable', seedsRun: 0, missing, wallMs: 0 };
        row.set(hazard, score);
        options.progress?.(system.name, score);
      } else {
        const tally = new HazardTally(system, hazard);
        row.set(hazard, tally);
        tallies.push(tally);
      }
    }
    cards.set(system, row);
  }
  // Seed-major order: every hazard's seed 1, then every hazard's seed 2, ...
  const queue: Array<{ tally: HazardTally; seed: number }> = [];
  for (let seed = options.seeds.from; seed <= options.seeds.to; seed++) for (const tally of tallies) queue.push({ tally, seed });
  const outstanding = new Map<HazardTally, number>(tallies.map((t) => [t, options.seeds.to - options.seeds.from + 1]));
  const finish = (tally: HazardTally): void => {
    outstanding.set(tally, (outstanding.get(tally) ?? 0) - 1);
    if (outstanding.get(tally) === 0) options.progress?.(tally.system.name, tally.score(module, options.seeds, multiple));
  };
  let refused: string | null = null;
  let next = 0;
  let done = 0;
  const lane = async (): Promise<void> => {
    while (next < queue.length && refused === null) {
      const { tally, seed } = queue[next++]!;
      let result: SeedResult | null = null;
      if (tally.wants(seed)) {
        result = await run({ module: module.path, system: tally.system.name, hazard: tally.hazard.record.name, seed });
        if (result.refused) refused ??= result.refused;
        tally.add(result);
      }
      finish(tally);
      options.seedDone?.(++done, queue.length, result);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, Math.max(1, queue.length)) }, lane));
  if (refused !== null) throw new BadInputError(refused);
  const scores: SystemScore[] = systems.map((system) => ({
    name: system.name,
    ...(system.description ? { description: system.description } : {}),
    capabilities: [...system.capabilities],
    hazards: hazards.map((h) => {
      const entry = cards.get(system)!.get(h)!;
      return entry instanceof HazardTally ? entry.score(module, options.seeds, multiple) : entry;
    }),
  }));
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
    case 'crashed':
      return `${head}CRASHED   seed ${s.firstSeed}: ${s.error}`;
  }
}
