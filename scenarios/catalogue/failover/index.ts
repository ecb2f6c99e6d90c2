/** Catalogue scenarios of the "failover" group (docs/hazards.md), in table order. */
import type { Scenario } from '../../scenario.js';
import { asyncFailover } from './async-failover.js';

export const SCENARIOS: readonly Scenario[] = [asyncFailover];
