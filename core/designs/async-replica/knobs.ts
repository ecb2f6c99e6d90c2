/**
 * The asynchronous primary/replica store's knobs (Redis with Sentinel, after seed 001). Its
 * replication is asynchronous by design: that is the hazard it stands for, so the table lists
 * the replication itself as the unsafe choice the catalogue compares with the Raft service.
 */
import type { KnobTable } from '../../contract/design.js';

/** The registered name of the built-in primary/replica store. */
export const ASYNC_REPLICA = 'async-replica';

export const ASYNC_REPLICA_KNOBS: KnobTable = [
  {
    name: 'replication',
    description: 'how a write reaches the replicas before it is acknowledged',
    safe: 'synchronous-majority',
    unsafe: [{ value: 'asynchronous', hazard: 'async-failover', why: 'a primary acknowledges a lock and dies before replicating it' }],
  },
  {
    name: 'expiryClock',
    description: 'the clock key expiry reads',
    safe: 'monotonic',
    unsafe: [{ value: 'wall', hazard: 'wall-clock-jump', why: 'a wall clock step on a store expires its locks early or late' }],
  },
];
