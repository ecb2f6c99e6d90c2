/**
 * The one runner of the catalogue: it turns a hazard record into a scenario, picks the side a run
 * asks for, lets the record draw its parameters and build its system, and runs it with the
 * record's faults and bias (plus pauses of any process: see any-pause.ts) and validators.
 */
import { RandomStreams } from '../../sim/random.js';
import { runLockScenario } from '../harness/lock-run.js';
import type { DesignSpec, RunOptions, RunOutcome, Scenario } from '../scenario.js';
import { withAnyPause } from './any-pause.js';
import type { CatalogueHazard, CatalogueSide } from './record.js';

/** The side named `design`, or the first side of that kind ("safe", "unsafe"). */
export function sideOf(hazard: CatalogueHazard, design: string): CatalogueSide {
  const side = hazard.sides.find((s) => s.name === design) ?? hazard.sides.find((s) => s.kind === design);
  if (!side) throw new Error(`${hazard.name} has no design ${design} (designs: ${hazard.sides.map((s) => s.name).join(', ')})`);
  return side;
}

/** Runs one seed of one side of a hazard. */
export function runHazard(hazard: CatalogueHazard, options: RunOptions): RunOutcome {
  const side = sideOf(hazard, options.design);
  const streams = new RandomStreams(options.seed);
  const { schedule, ...run } = hazard.setup({ options, side, rng: streams.stream('scenario'), streams });
  const spec = { ...run, validators: hazard.validators, nemesis: { ...run.nemesis, ...withAnyPause(hazard.faults, hazard.bias, run.nemesis.victimWeights) } };
  return runLockScenario(spec, schedule ? { ...options, schedule } : options);
}

function designSpec(side: CatalogueSide): DesignSpec {
  return {
    name: side.name,
    kind: side.kind,
    description: side.description,
    ...(side.expect ? { expectKinds: [...side.expect] } : {}),
  };
}

/** The scenario a hazard record stands for, as the command, sweeps and reports see it. */
export function hazardScenario(hazard: CatalogueHazard): Scenario & { hazard: CatalogueHazard } {
  return {
    name: hazard.name,
    title: hazard.title,
    source: hazard.sources.join('; '),
    caseNumber: hazard.case,
    designs: hazard.sides.map(designSpec),
    catchWithin: hazard.catchWithin,
    takesSchedule: true,
    hazard,
    run: (options) => runHazard(hazard, options),
  };
}
