/**
 * The TTL-lock sidecar's knobs: how a lock taken with an expiry is ended when its owner goes
 * quiet (seed 000's scheduled delete, against the service's own TTL locks).
 */
import type { KnobTable } from '../../contract/design.js';

/** The registered name of the TTL-lock sidecar. */
export const TTL_SIDECAR = 'ttl-sidecar';

export const TTL_SIDECAR_KNOBS: KnobTable = [
  {
    name: 'scheme',
    description: 'who ends a TTL lock whose owner went quiet',
    safe: 'server-ttl',
    alsoSafe: ['retried-delete'],
    unsafe: [{ value: 'scheduled-delete', hazard: 'zk-scheduled-delete', why: 'a delete scheduled once is lost with its sidecar, and the lock stays taken' }],
  },
];
