/**
 * A catalogue hazard as the harness interprets it: the contract's `HazardRecord` (all data: case,
 * title, sources, needs, faults, bias, workload, validators, liveness bound, catch range, story,
 * sides) with the fault, validator and violation names of this harness, plus `setup`, which draws
 * the seed's parameters and builds the system and the workload for one side.
 */
import type { ViolationKind } from '../../checker/history.js';
import type { ValidatorName } from '../../checker/validators/index.js';
import type { HazardRecord, HazardSide } from '../../core/contract/hazard.js';
import type { FaultKind } from '../../nemesis/kinds.js';
import type { RandomStreams, Rng } from '../../sim/random.js';
import type { LockRunSpec } from '../harness/lock-run.js';
import type { RunOptions } from '../scenario.js';

/** One side of a catalogue hazard. */
export type CatalogueSide = HazardSide<ViolationKind>;

/** What `setup` is given: the run's options, the side chosen, and the seed's random streams. */
export interface HazardSetup {
  options: RunOptions;
  side: CatalogueSide;
  /** The seed's "scenario" stream, from which a hazard draws its parameters. */
  rng: Rng;
  /** All of the seed's streams, for a hazard that draws from another one. */
  streams: RandomStreams;
}

/**
 * What `setup` builds for one run: everything a lock run needs but the record's own data (the
 * validators, and the fault kinds and bias of the nemesis, which the runner adds).
 */
export type HazardRun = Omit<LockRunSpec, 'validators' | 'nemesis'> & {
  nemesis: Omit<LockRunSpec['nemesis'], 'kinds' | 'weights'>;
  /** The schedule to run instead of the one the options name (a hazard that builds its own). */
  schedule?: RunOptions['schedule'];
};

/** A hazard record of this catalogue. */
export interface CatalogueHazard extends HazardRecord<FaultKind, ValidatorName, ViolationKind> {
  setup(ctx: HazardSetup): HazardRun;
}
