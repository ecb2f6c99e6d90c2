/** Catalogue scenarios of the "raft" group (docs/hazards.md), in table order. */
import type { Scenario } from '../../scenario.js';
import { amnesiaRestart } from './amnesia-restart.js';
import { fastGetStaleRead } from './fast-get-stale-read.js';
import { leaseReadDrift } from './lease-read-drift.js';
import { raftFigure8 } from './raft-figure-8.js';
import { staticMembership } from './static-membership.js';

export const SCENARIOS: readonly Scenario[] = [amnesiaRestart, fastGetStaleRead, leaseReadDrift, staticMembership, raftFigure8];
