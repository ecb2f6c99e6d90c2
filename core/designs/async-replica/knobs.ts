/**
 * The asynchronous primary/replica store's knobs (Redis with Sentinel, after seed 001). Its
 * replication is asynchronous and nothing else: the primary answers a client, then streams the
 * effect to its replicas at its next replication tick, and no knob makes it wait for a replica's
 * acknowledgement (the store implements no WAIT). So replication is not a knob with a safe value
 * the store would not have; it is the hazard the design stands for, and the catalogue's safe side
 * of that hazard is another design (the Raft lock service).
 */
import type { BuiltInHazard, KnobTable } from '../../contract/design.js';

/** The registered name of the built-in primary/replica store. */
export const ASYNC_REPLICA = 'async-replica';

export const ASYNC_REPLICA_KNOBS: KnobTable = [
  {
    name: 'expiryClock',
    description: 'the clock key expiry reads',
    safe: 'monotonic',
    unsafe: [{ value: 'wall', hazard: 'wall-clock-jump', why: 'a wall clock step on a store expires its locks early or late' }],
  },
];

/** What the store is, on every knob setting. */
export const ASYNC_REPLICA_BUILT_IN_HAZARDS: readonly BuiltInHazard[] = [
  {
    choice: 'asynchronous replication',
    hazard: 'async-failover',
    why: 'the primary acknowledges a lock before any replica has it, so a failover after its death grants the lock again',
  },
];
