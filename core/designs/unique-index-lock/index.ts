/**
 * The database unique-index lock (seed 002's second recipe): a design of its own, registered with
 * its knob table like any user's design.
 */
export { UniqueIndexDatabase, type ExpiryStamp } from './database.js';
export { UniqueIndexLockClient, type UniqueIndexClientOptions } from './client.js';
export { UNIQUE_INDEX_LOCK, UNIQUE_INDEX_LOCK_KNOBS } from './knobs.js';
