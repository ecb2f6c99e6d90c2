/**
 * The built-in designs' knob tables, by registered name, and how a hazard side's setting is read
 * against them: a knob the side does not set has its safe value, and a knob or value a table does
 * not list is an error naming it.
 */
import type { HazardSide } from '../contract/hazard.js';
import { resolveKnobs, type BuiltInHazard, type KnobTable, type KnobValue } from '../contract/design.js';
import { ASYNC_REPLICA, ASYNC_REPLICA_BUILT_IN_HAZARDS, ASYNC_REPLICA_KNOBS } from './async-replica/knobs.js';
import { RAFT_LOCK_SERVICE, RAFT_LOCK_SERVICE_KNOBS } from './raft-lock-service/knobs.js';
import { TTL_SIDECAR, TTL_SIDECAR_KNOBS } from './ttl-sidecar/knobs.js';
import { UNIQUE_INDEX_LOCK, UNIQUE_INDEX_LOCK_KNOBS } from './unique-index-lock/knobs.js';
import { ZK_LOCK_SIDECAR, ZK_LOCK_SIDECAR_KNOBS } from './zk-lock-sidecar/knobs.js';

/** Every built-in design's knobs, in the order `lockstep list --markdown` prints them. */
export const BUILT_IN_KNOBS: ReadonlyMap<string, KnobTable> = new Map([
  [RAFT_LOCK_SERVICE, RAFT_LOCK_SERVICE_KNOBS],
  [ASYNC_REPLICA, ASYNC_REPLICA_KNOBS],
  [ZK_LOCK_SIDECAR, ZK_LOCK_SIDECAR_KNOBS],
  [TTL_SIDECAR, TTL_SIDECAR_KNOBS],
  [UNIQUE_INDEX_LOCK, UNIQUE_INDEX_LOCK_KNOBS],
]);

/** The hazards a built-in design has on every knob setting (choices that are not knobs). */
export const BUILT_IN_HAZARDS: ReadonlyMap<string, readonly BuiltInHazard[]> = new Map([[ASYNC_REPLICA, ASYNC_REPLICA_BUILT_IN_HAZARDS]]);

/** The knob table of a built-in design. */
export function knobsOf(design: string): KnobTable {
  const table = BUILT_IN_KNOBS.get(design);
  if (!table) throw new RangeError(`no built-in design "${design}" (designs: ${[...BUILT_IN_KNOBS.keys()].join(', ')})`);
  return table;
}

/** The full setting of a side: its knobs over the design's safe values. */
export function settingOf(side: Pick<HazardSide, 'design' | 'knobs'>): Record<string, KnobValue> {
  return resolveKnobs(side.design, knobsOf(side.design), side.knobs);
}

/** One knob's value for a side (its safe value unless the side sets it). */
export function knobValue<V extends KnobValue>(side: Pick<HazardSide, 'design' | 'knobs'>, name: string): V {
  const setting = settingOf(side);
  if (!(name in setting)) throw new RangeError(`${side.design} has no knob "${name}"`);
  return setting[name] as V;
}
