/** Catalogue scenarios of the "leases" group (docs/hazards.md), in table order. */
import type { Scenario } from '../../scenario.js';
import { clientStampedExpiry } from './client-stamped-expiry.js';
import { failoverLeaseReset } from './failover-lease-reset.js';
import { flappingLeaderRenew } from './flapping-leader-renew.js';
import { replicaLocalTimers } from './replica-local-timers.js';
import { uniqueIndexLock } from './unique-index-lock.js';
import { wallClockJump } from './wall-clock-jump.js';

export const SCENARIOS: readonly Scenario[] = [wallClockJump, failoverLeaseReset, flappingLeaderRenew, replicaLocalTimers, clientStampedExpiry, uniqueIndexLock];
