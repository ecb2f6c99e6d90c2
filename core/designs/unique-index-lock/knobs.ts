/**
 * The database unique-index lock's knobs (seed 002): a lock is a row in a table with a unique
 * index on the lock's name; inserting the row takes the lock, deleting it releases it, and an
 * expiry column lets a lock whose holder died be taken over.
 */
import type { KnobTable } from '../../contract/design.js';

/** The registered name of the unique-index lock. */
export const UNIQUE_INDEX_LOCK = 'unique-index-lock';

export const UNIQUE_INDEX_LOCK_KNOBS: KnobTable = [
  {
    name: 'expiry',
    description: "who stamps a lock row's expiry, and on which clock",
    safe: 'database-clock',
    unsafe: [
      { value: 'client-clock', hazard: 'unique-index-lock', why: "the row's expiry is the client's wall clock plus the TTL: a client clock behind lets a lock outlive its holder's belief, one ahead hands it over early" },
      { value: 'none', hazard: 'unique-index-lock', why: 'the row has no expiry: a holder that crashes keeps the lock for ever' },
    ],
  },
];
