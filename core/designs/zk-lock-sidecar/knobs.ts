/**
 * The ZooKeeper-style lock sidecar's knobs (seed 000's scheme a): a sidecar that takes a lock as
 * an ephemeral file of its session and tells the application how long it may believe it.
 */
import type { KnobTable } from '../../contract/design.js';

/** The registered name of the ephemeral-file lock sidecar. */
export const ZK_LOCK_SIDECAR = 'zk-lock-sidecar';

export const ZK_LOCK_SIDECAR_KNOBS: KnobTable = [
  {
    name: 'belief',
    description: 'how long the sidecar lets the application believe it holds a lock',
    safe: 'send-minus-lag',
    unsafe: [{ value: 'reply-plus-expire', hazard: 'zk-session-jitter', why: 'counted from the reply, the belief outlives the session under jitter' }],
  },
];
