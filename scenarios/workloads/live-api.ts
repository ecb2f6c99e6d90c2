/**
 * A `LockApi` that follows a client process across crashes and restarts: the contract's one
 * restart-following wrapper (core/contract/follow.ts), under the name the harness has used.
 */
import { followLockApi } from '../../core/contract/follow.js';
import type { LockApi } from './lock-api.js';

/** Calls go to `lib()` (null while the client is down); subscriptions go to `onEvent`'s hub. */
export function liveApi(lib: () => LockApi | null, onEvent: LockApi['onEvent']): LockApi {
  return followLockApi(lib, { on: onEvent });
}
