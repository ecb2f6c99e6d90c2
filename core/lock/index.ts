/**
 * The replicated lock service state machine: what the node host and the tests import.
 */
export { LockStateMachine, type ReplicaHooks } from './state-machine.js';
export type { ReplicaClock } from './replica-timers.js';
export { LogDriver } from './log-driver.js';
export type * from './commands.js';
export type * from './replies.js';
export { isError } from './replies.js';
export type * from './facts.js';
export {
  DEFAULT_LOCK_SERVICE_CONFIG,
  lockServiceConfig,
  QUEUES,
  SNAPSHOT_PARTS,
  TOKEN_SOURCES,
  type LockServiceConfig,
  type QueueName,
  type SnapshotPart,
  type TokenSource,
} from './config.js';
export { LEASE_POLICIES, leasePolicy, type LeasePolicy, type LeasePolicyName, type LogNs } from './lease-policy.js';
export type { LockServiceSnapshot } from './snapshot.js';
export type { LockSummary, LockOwner, TtlLockOwner } from './summary.js';
export { parseCommand } from './parse-command.js';
export { ROOT } from './paths.js';
