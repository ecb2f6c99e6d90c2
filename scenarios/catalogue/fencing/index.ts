/** Catalogue scenarios of the "fencing" group (docs/hazards.md), in table order. */
import type { Scenario } from '../../scenario.js';
import { checkseqToctou } from './checkseq-toctou.js';
import { gcPauseZombie } from './gc-pause-zombie.js';
import { inflightAfterCrash } from './inflight-after-crash.js';
import { leaseSkew } from './lease-skew.js';
import { suspendedIgnored } from './suspended-ignored.js';
import { zkSessionJitter } from './zk-session-jitter.js';

export const SCENARIOS: readonly Scenario[] = [gcPauseZombie, zkSessionJitter, leaseSkew, checkseqToctou, suspendedIgnored, inflightAfterCrash];
