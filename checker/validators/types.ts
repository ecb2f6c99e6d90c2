/**
 * The shape every validator returns. A validator is a pure function of a run record and its
 * options; when the record lacks what it needs it says so in `skipped` rather than passing.
 */
import type { Violation } from '../history.js';

export interface ValidatorResult<S extends object = Record<string, unknown>> {
  violations: Violation[];
  /** Measurements for the report (worst delays, gaps, counts), whether or not anything broke. */
  stats: S;
  /** Why the validator could not judge this run (its inputs are absent); unset when it judged. */
  skipped?: string;
}

/** How many violations of one validator are listed before the rest are only counted. */
export const DEFAULT_MAX_VIOLATIONS = 100;

export interface ListingOptions {
  /** At most this many violations are returned; stats still count them all. */
  maxViolations?: number;
}
