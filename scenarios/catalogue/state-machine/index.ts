/** Catalogue scenarios of the "state-machine" group (docs/hazards.md), in table order. */
import type { Scenario } from '../../scenario.js';
import { herdStarvation } from './herd-starvation.js';
import { lostReplyRetry } from './lost-reply-retry.js';
import { snapshotTokenReset } from './snapshot-token-reset.js';
import { staleRelease } from './stale-release.js';
import { waiterExpiredGrant } from './waiter-expired-grant.js';
import { zkScheduledDelete } from './zk-scheduled-delete.js';

export const SCENARIOS: readonly Scenario[] = [zkScheduledDelete, waiterExpiredGrant, staleRelease, lostReplyRetry, snapshotTokenReset, herdStarvation];
