/** Catalogue scenarios of the "state-machine" group (shared/design/cases.md), in table order. */
import type { Scenario } from '../../scenario.js';

export const SCENARIOS: readonly Scenario[] = [];
