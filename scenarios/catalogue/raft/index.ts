/** Catalogue scenarios of the "raft" group (shared/design/cases.md), in table order. */
import type { Scenario } from '../../scenario.js';

export const SCENARIOS: readonly Scenario[] = [];
