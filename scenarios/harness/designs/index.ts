/**
 * The built-in designs, registered the way a user's design registers (core/contract/design.ts):
 * a name, what its clients offer, its knob table, and a builder from a knob setting and a
 * scenario's parameters. A hazard record's side names a registered design and a knob setting;
 * `buildSide` checks the setting against the table and builds the system, so no scenario chooses
 * a design with a ternary of its own.
 */
import type { Capability } from '../../../core/contract/capabilities.js';
import { DesignRegistry, type DesignDefinition, type KnobSetting } from '../../../core/contract/design.js';
import type { SystemBuilder } from '../../../core/contract/system.js';
import type { HazardSide } from '../../../core/contract/hazard.js';
import { ASYNC_REPLICA, ASYNC_REPLICA_BUILT_IN_HAZARDS, ASYNC_REPLICA_KNOBS } from '../../../core/designs/async-replica/knobs.js';
import type { ExpiryClock } from '../../../core/designs/async-replica/options.js';
import { RAFT_LOCK_SERVICE, RAFT_LOCK_SERVICE_KNOBS } from '../../../core/designs/raft-lock-service/knobs.js';
import { settingOf } from '../../../core/designs/registry.js';
import type { SidecarScheme } from '../../../core/designs/ttl-sidecar/sidecar.js';
import { TTL_SIDECAR, TTL_SIDECAR_KNOBS } from '../../../core/designs/ttl-sidecar/knobs.js';
import { uniqueIndexLockSystem, type UniqueIndexSystemOptions } from '../../../core/designs/unique-index-lock/system.js';
import type { ExpiryStamp } from '../../../core/designs/unique-index-lock/database.js';
import { UNIQUE_INDEX_LOCK, UNIQUE_INDEX_LOCK_KNOBS } from '../../../core/designs/unique-index-lock/knobs.js';
import type { SidecarBelief } from '../../../core/designs/zk-lock-sidecar/sidecar.js';
import { ZK_LOCK_SIDECAR, ZK_LOCK_SIDECAR_KNOBS } from '../../../core/designs/zk-lock-sidecar/knobs.js';
import { contractSystem } from '../contract-system.js';
import type { SystemFactory } from '../system.js';
import { asyncReplicaSystem, type AsyncReplicaSystemOptions } from './async-replica.js';
import { RAFT_LOCK_CAPABILITIES, type RaftLockCapability } from '../raft-lock-system.js';
import { buildRaftLockService, type RaftLockParams } from './raft-lock-service.js';
import { sidecarSystem, type SidecarSystemOptions } from './ttl-sidecar.js';
import { zkSidecarSystem, type SidecarSystemOptions as ZkSidecarSystemOptions } from './zk-lock-sidecar.js';

/** What a scenario tells each built-in design (everything but its knobs). */
export interface BuiltInParams {
  [RAFT_LOCK_SERVICE]: RaftLockParams;
  [ASYNC_REPLICA]: AsyncReplicaSystemOptions;
  [TTL_SIDECAR]: Omit<SidecarSystemOptions, 'scheme'>;
  [ZK_LOCK_SIDECAR]: Omit<ZkSidecarSystemOptions, 'sidecar'> & { sidecar: Omit<ZkSidecarSystemOptions['sidecar'], 'belief'> };
  [UNIQUE_INDEX_LOCK]: Omit<UniqueIndexSystemOptions, 'expiry'>;
}
export type BuiltInDesign = keyof BuiltInParams;

/**
 * Every built-in design, in the order `lockstep list --markdown` prints their knobs. The registry
 * holds contract designs (`DesignDefinition` whose builder gives a `SystemBuilder`), as a user's
 * registry would: nothing here reaches into the simulator.
 */
export const BUILT_IN_DESIGNS = new DesignRegistry();

BUILT_IN_DESIGNS.register<BuiltInParams[typeof RAFT_LOCK_SERVICE], RaftLockCapability>({
  name: RAFT_LOCK_SERVICE,
  title: 'a Chubby-like lock service on Raft, with its client library and a fenced resource',
  capabilities: RAFT_LOCK_CAPABILITIES,
  knobs: RAFT_LOCK_SERVICE_KNOBS,
  build: buildRaftLockService,
});

BUILT_IN_DESIGNS.register<BuiltInParams[typeof ASYNC_REPLICA], 'mutex' | 'fenced-resource'>({
  name: ASYNC_REPLICA,
  title: 'a primary/replica store that replicates asynchronously, failed over by sentinels (Redis with Sentinel)',
  capabilities: ['mutex', 'fenced-resource'],
  knobs: ASYNC_REPLICA_KNOBS,
  builtInHazards: ASYNC_REPLICA_BUILT_IN_HAZARDS,
  build: (setting, params) => asyncReplicaSystem({ ...params, store: { ...params.store, expiryClock: setting['expiryClock'] as ExpiryClock } }),
});

BUILT_IN_DESIGNS.register<BuiltInParams[typeof TTL_SIDECAR], 'try-lock-ttl'>({
  name: TTL_SIDECAR,
  title: "a sidecar in each client process offering try-lock with an expiry over the lock service",
  capabilities: ['try-lock-ttl'],
  knobs: TTL_SIDECAR_KNOBS,
  build: (setting, params) => sidecarSystem({ ...params, scheme: setting['scheme'] as SidecarScheme }),
});

BUILT_IN_DESIGNS.register<BuiltInParams[typeof ZK_LOCK_SIDECAR], 'try-lock-ttl'>({
  name: ZK_LOCK_SIDECAR,
  title: 'a sidecar that takes a lock as an ephemeral file of a session of its own (a ZooKeeper recipe)',
  capabilities: ['try-lock-ttl'],
  knobs: ZK_LOCK_SIDECAR_KNOBS,
  build: (setting, params) => zkSidecarSystem({ ...params, sidecar: { ...params.sidecar, belief: setting['belief'] as SidecarBelief } }),
});

BUILT_IN_DESIGNS.register<BuiltInParams[typeof UNIQUE_INDEX_LOCK], 'try-lock-ttl'>({
  name: UNIQUE_INDEX_LOCK,
  title: 'a lock as a row under a unique index in a database, with an expiry column',
  capabilities: ['try-lock-ttl'],
  knobs: UNIQUE_INDEX_LOCK_KNOBS,
  build: (setting, params) => uniqueIndexLockSystem({ ...params, expiry: setting['expiry'] as ExpiryStamp }),
});

/** The registered built-in design `design`, typed with its parameters. */
export function builtIn<D extends BuiltInDesign>(design: D): DesignDefinition<BuiltInParams[D], Capability, SystemBuilder> {
  const registered = BUILT_IN_DESIGNS.find(design);
  if (!registered) throw new Error(`no built-in design "${design}"`);
  return registered as unknown as DesignDefinition<BuiltInParams[D], Capability, SystemBuilder>;
}

/**
 * The system of `side` as a lock run runs it: its registered design (which must be `design`, whose
 * parameters `params` are) built with the side's knob setting over the design's safe values, and
 * run through the one adapter every contract system goes through (a user's too).
 */
export function buildSide<D extends BuiltInDesign>(design: D, side: Pick<HazardSide, 'design' | 'knobs' | 'name'>, params: BuiltInParams[D]): SystemFactory {
  if (side.design !== design) throw new Error(`side ${side.name} runs ${side.design}, not ${design}`);
  const registered = builtIn(design);
  const setting: KnobSetting = settingOf(side);
  return contractSystem(registered.name, registered.capabilities, registered.build(setting, params));
}
