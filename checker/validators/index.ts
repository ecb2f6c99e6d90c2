/** The lock validators: each a pure function of a run record, and `checkRun` to run them by name. */
export { checkRun, isValidatorName, VALIDATOR_NAMES, type CheckRunOptions, type CheckRunResult, type ValidatorName, type ValidatorStats } from './check-run.js';
export { checkBeliefOverlap, type BeliefOverlapStats } from './belief-overlap.js';
export { checkEffectOverlap, type EffectOverlapStats } from './effect-overlap.js';
export { checkLostUpdates, type CounterStats, type LostUpdateOptions, type LostUpdateStats } from './lost-update.js';
export { checkFencing, type FencingOptions, type FencingStats } from './fencing.js';
export { checkLiveness, type LivenessOptions, type LivenessStats, type LockRecovery, type RecoveryOutcome } from './liveness.js';
export { checkLeaseAudit, type LeaseAuditRow, type LeaseAuditStats } from './lease-audit.js';
export { checkReplicaAgreement, type ReplicaAgreementStats } from './replica-agreement.js';
export { ACQUIRE_FS, WAITING_ACQUIRE_FS, UNNAMED_LOCK } from './lock-ops.js';
export { DEFAULT_MAX_VIOLATIONS, type ListingOptions, type ValidatorResult } from './types.js';
