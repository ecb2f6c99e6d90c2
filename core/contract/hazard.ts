/**
 * A hazard as data: what goes wrong, where it is documented, what faults and workload show it,
 * how it is judged, and which designs (a registered design and a knob setting) are its broken and
 * its fixed side. One runner (scenarios/catalogue/runner.ts) interprets every record; a user's
 * system runs the hazards whose `needs` its capabilities cover.
 */
import type { Capability } from './capabilities.js';
import type { KnobSetting } from './design.js';

/** One side of a hazard: a registered design with a knob setting. */
export interface HazardSide<Kind extends string = string> {
  /** "safe", "unsafe", or a named variant ("unsafe-2x-wait"). */
  name: string;
  kind: 'safe' | 'unsafe';
  /** The registered design's name. */
  design: string;
  /** The knobs that differ from the design's safe values. */
  knobs: KnobSetting;
  /** One line: what this side does. */
  description: string;
  /** For an unsafe side: the violation kinds that count as catching it. */
  expect?: readonly Kind[];
}

/** A scripted story: a fault schedule file that shows the hazard on seed 1. */
export interface HazardStory<Kind extends string = string> {
  /** Path of the schedule, relative to the repository root. */
  file: string;
  /** What the unsafe side must show under it (at least these kinds). */
  unsafe: readonly Kind[];
}

/**
 * A documented hazard. `Fault`, `Validator` and `Kind` are the fault, validator and violation
 * names of the harness that interprets the record.
 */
export interface HazardRecord<Fault extends string = string, Validator extends string = string, Kind extends string = string> {
  /** The hazard's number in the catalogue (docs/hazards.md), in table order. */
  case: number;
  /** Scenario name ("wall-clock-jump"). */
  name: string;
  /** One line: what goes wrong. */
  title: string;
  /** Where it is documented (postmortems, papers, issues), in words. */
  sources: readonly string[];
  /** The capabilities a system's clients must offer for this hazard to run on it. */
  needs: readonly Capability[];
  /** The fault kinds the nemesis may draw. */
  faults: readonly Fault[];
  /** Relative weights that lean the nemesis toward the faults that show the hazard. */
  bias: Readonly<Partial<Record<Fault, number>>>;
  /** The workload's name ("lock-counter", "leader-election", ...). */
  workload: string;
  /** The validators that judge the run; one that cannot judge makes the verdict `unknown`. */
  validators: readonly Validator[];
  /** How the liveness bound is computed, in words (the runner computes the number). */
  livenessBound: string;
  /** Seeds within which every unsafe side must be caught. */
  catchWithin: { from: number; to: number };
  /** The scripted story, when there is one. */
  story?: HazardStory<Kind>;
  /** The sides of the hazard, unsafe first. */
  sides: readonly HazardSide<Kind>[];
}
