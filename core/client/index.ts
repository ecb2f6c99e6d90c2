/**
 * The lock client library: what scenarios, workloads and tests import.
 */
export type * from './api.js';
export { LockClient } from './lock-client.js';
export { LockClientProcess, type ClientApplication } from './process.js';
export { ClientEvents } from './events.js';
export { clientDesign, describeDesign, SAFE_CLIENT_DESIGN, type ClientDesign } from './design.js';
export { DEFAULT_CLIENT_TIMING, resolveClientOptions, type LockClientOptions, type ResolvedClientOptions } from './options.js';
export { lockPath } from './file-lock-calls.js';
export { lockClientSequencerChecker, type SequencerCheckerPort } from './sequencer-checker.js';
export { TIMER_TAG_PREFIX } from './timers.js';
