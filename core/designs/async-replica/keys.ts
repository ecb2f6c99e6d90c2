/**
 * How names are laid out in the store's one keyspace. The client library puts each of its APIs
 * under its own prefix so that a lock, a TTL lock and a key-value key of the same name never meet;
 * the store keeps each lock key's fencing counter beside it.
 */

/** The key of a lock taken with `acquire`. */
export const lockKey = (lock: string): string => `lock:${lock}`;
/** The key of a TTL lock taken with `tryLock` (the sidecar API of seed 000). */
export const ttlLockKey = (resourceId: string): string => `ttl:${resourceId}`;
/** The key of a key-value entry. */
export const kvKey = (key: string): string => `kv:${key}`;
/** The counter the store increments on every grant of `key` (the fencing token). */
export const fenceKey = (key: string): string => `fence:${key}`;

export type LockKind = 'lock' | 'ttl';

/** The lock a store key stands for (for reading the store's trace), or null for other keys. */
export function lockOfKey(key: string): { kind: LockKind; name: string } | null {
  if (key.startsWith('lock:')) return { kind: 'lock', name: key.slice('lock:'.length) };
  if (key.startsWith('ttl:')) return { kind: 'ttl', name: key.slice('ttl:'.length) };
  return null;
}
