/**
 * What a Raft-lock-service side's knobs mean to the cells: the lock service configuration and the
 * client design that differ from the safe defaults, read from the side's setting.
 */
import type { ClientDesign } from '../../core/client/design.js';
import { changedKnobs } from '../../core/contract/design.js';
import { knobsOf } from '../../core/designs/registry.js';
import type { LockServiceConfig } from '../../core/lock/config.js';
import type { CatalogueSide } from './record.js';

/** Knobs set by the scenario's own timing (`lock.epsilon`, `lock.lockDelay`), not by a config field. */
const TIMING_KNOBS = new Set(['lock.epsilon', 'lock.lockDelay']);

function prefixed(side: CatalogueSide, prefix: string): Record<string, unknown> {
  const changed = changedKnobs(knobsOf(side.design), side.knobs);
  return Object.fromEntries(
    Object.entries(changed)
      .filter(([name]) => name.startsWith(prefix) && !TIMING_KNOBS.has(name))
      .map(([name, value]) => [name.slice(prefix.length), value]),
  );
}

/** The lock service configuration a side sets (`lock.*` knobs), over the safe default. */
export function lockConfigOf(side: CatalogueSide): Partial<LockServiceConfig> {
  return prefixed(side, 'lock.') as Partial<LockServiceConfig>;
}

/** The client design a side sets (`client.*` knobs), over the safe design. */
export function clientDesignOf(side: CatalogueSide): Partial<ClientDesign> {
  return prefixed(side, 'client.') as Partial<ClientDesign>;
}
