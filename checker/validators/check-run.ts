/**
 * Runs the lock validators a scenario asks for, by name, and merges what they say into one
 * verdict. A validator that could not judge (its inputs were absent, or it was given no bound)
 * is listed in `skipped` with its reason and makes a verdict without violations `unknown`: it is
 * never counted as a pass in silence.
 */
import type { RunRecord, Violation } from '../history.js';
import { checkBeliefOverlap, type BeliefOverlapStats } from './belief-overlap.js';
import { checkEffectOverlap, type EffectOverlapStats } from './effect-overlap.js';
import { checkFencing, type FencingOptions, type FencingStats } from './fencing.js';
import { checkLeaseAudit, type LeaseAuditStats } from './lease-audit.js';
import { checkLiveness, type LivenessOptions, type LivenessStats } from './liveness.js';
import { checkLostUpdates, type LostUpdateOptions, type LostUpdateStats } from './lost-update.js';
import { checkReplicaAgreement, type ReplicaAgreementStats } from './replica-agreement.js';
import type { ValidatorResult } from './types.js';

export const VALIDATOR_NAMES = [
  'belief-overlap',
  'effect-overlap',
  'lost-update',
  'fencing',
  'liveness',
  'lease-audit',
  'replica-agreement',
] as const;

export type ValidatorName = (typeof VALIDATOR_NAMES)[number];

export function isValidatorName(name: string): name is ValidatorName {
  return (VALIDATOR_NAMES as readonly string[]).includes(name);
}

export interface ValidatorStats {
  'belief-overlap'?: BeliefOverlapStats;
  'effect-overlap'?: EffectOverlapStats;
  'lost-update'?: LostUpdateStats;
  fencing?: FencingStats;
  liveness?: LivenessStats;
  'lease-audit'?: LeaseAuditStats;
  'replica-agreement'?: ReplicaAgreementStats;
}

export interface CheckRunOptions {
  /** Which validators to run, in this order; all of them when absent. */
  validators?: readonly ValidatorName[];
  /** The liveness bound (required for liveness to judge) and the optional max wait. */
  liveness?: LivenessOptions;
  lostUpdate?: LostUpdateOptions;
  fencing?: FencingOptions;
  /** Violations listed per validator before the rest are only counted in its stats. */
  maxViolations?: number;
}

export interface CheckRunResult {
  /**
   * False when any validator found a violation; otherwise `unknown` when one that was asked for
   * could not judge (see `skipped` and `unknownBecause`), and true only when all of them judged.
   */
  valid: boolean | 'unknown';
  /** One line per validator that could not judge: "name: reason". */
  unknownBecause: string[];
  /** Every validator's violations, ordered by the true time they became visible. */
  violations: Violation[];
  /** The validators that judged the run. */
  judged: ValidatorName[];
  stats: ValidatorStats;
  /** The validators that could not judge, and why. */
  skipped: Partial<Record<ValidatorName, string>>;
}

export function checkRun(record: RunRecord, options: CheckRunOptions = {}): CheckRunResult {
  const names = [...new Set(options.validators ?? VALIDATOR_NAMES)];
  for (const name of names) {
    if (!isValidatorName(name)) throw new RangeError(`unknown validator "${String(name)}"; the validators are ${VALIDATOR_NAMES.join(', ')}`);
  }
  const listing = options.maxViolations !== undefined ? { maxViolations: options.maxViolations } : {};
  const result: CheckRunResult = { valid: true, unknownBecause: [], violations: [], judged: [], stats: {}, skipped: {} };
  for (const name of names) {
    const outcome = runOne(name, record, options, listing);
    if (outcome === null) {
      result.skipped[name] = 'no liveness bound (boundNs) was given';
      continue;
    }
    (result.stats as Record<string, unknown>)[name] = outcome.stats;
    if (outcome.skipped !== undefined) result.skipped[name] = outcome.skipped;
    else result.judged.push(name);
    result.violations.push(...outcome.violations);
  }
  // Stable: violations at one instant keep the order of the validators that found them.
  result.violations.sort((a, b) => a.at - b.at);
  result.unknownBecause = Object.entries(result.skipped).map(([name, why]) => `${name}: ${why}`);
  result.valid = result.violations.length > 0 ? false : result.unknownBecause.length > 0 ? 'unknown' : true;
  return result;
}

/** One validator's result; null when liveness was asked for without a bound. */
function runOne(
  name: ValidatorName,
  record: RunRecord,
  options: CheckRunOptions,
  listing: { maxViolations?: number },
): ValidatorResult<object> | null {
  switch (name) {
    case 'belief-overlap':
      return checkBeliefOverlap(record, listing);
    case 'effect-overlap':
      return checkEffectOverlap(record, listing);
    case 'lost-update':
      return checkLostUpdates(record, { ...listing, ...options.lostUpdate });
    case 'fencing':
      return checkFencing(record, { ...listing, ...options.fencing });
    case 'liveness':
      return options.liveness === undefined ? null : checkLiveness(record, { ...listing, ...options.liveness });
    case 'lease-audit':
      return checkLeaseAudit(record, listing);
    case 'replica-agreement':
      return checkReplicaAgreement(record);
  }
}
