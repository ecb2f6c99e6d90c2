/** The nemesis: faults as data (schedules), their interpreter, the final heal, and generators. */
export { scheduleArbitrary, type ArbitraryOptions } from './arbitrary.js';
export { contextNodes, topologyOf, type DesignedClock, type NemesisContext, type NemesisOp } from './context.js';
export { crashWeight, maxServersDown, withinCrashBound } from './crash-bound.js';
export {
  DEFAULT_BOUNDS,
  GenerateError,
  ORDINARY_KINDS,
  randomSchedule,
  type GeneratedSchedule,
  type GenerateOptions,
  type IntensityBounds,
  type Range,
  type SwarmParams,
} from './generate.js';
export { finalHeal, runLivenessPhase, type LivenessOutcome } from './heal.js';
export { installSchedule, type NemesisRun } from './interpret.js';
export { FAULT_KINDS, familyOf, isFaultKind, KINDS, type FaultFamily, type FaultKind, type KindSpec } from './kinds.js';
export { parseSchedule, scheduleToJson, ScheduleError, validateSchedule, type FaultSpec, type Schedule, type ScheduleSource } from './schedule.js';
export { SELECTORS, type Selector, type Topology } from './selectors.js';
export { minimiseSchedule, type MinimiseOptions, type MinimiseOutcome } from './minimise.js';
