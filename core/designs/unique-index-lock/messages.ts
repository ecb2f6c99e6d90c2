/**
 * What a unique-index lock client and its database say to each other: one statement a message,
 * as a JDBC driver would send it.
 */
import type { Token } from '../../contract/calls.js';

/**
 * `INSERT INTO locks (name, owner, expires_at)` after `DELETE FROM locks WHERE name = ? AND
 * expires_at < ?`, in one transaction. `ttlNs` is what the client asked for; `clientWallNs` is
 * the client's wall clock when it sent the statement (used only when the expiry is client-stamped).
 */
export interface InsertLock {
  type: 'uix-insert';
  /** The client's request id, unique across its restarts (the reply carries it back). */
  req: string;
  name: string;
  owner: string;
  ttlNs: number;
  clientWallNs: number;
}

/** `DELETE FROM locks WHERE name = ? AND owner = ?`. */
export interface DeleteLock {
  type: 'uix-delete';
  req: string;
  name: string;
  owner: string;
}

/** The database's answer: for an insert, whether the row went in (and its id, a fencing token). */
export interface LockReply {
  type: 'uix-reply';
  req: string;
  acquired?: boolean;
  token?: Token;
  /** For a delete: whether a row of this owner was there. */
  deleted?: boolean;
  /** For a delete that found no row of this owner: whether another owner's row was. */
  heldByOther?: boolean;
}

export type UniqueIndexMessage = InsertLock | DeleteLock | LockReply;

export function isUniqueIndexMessage(m: unknown): m is UniqueIndexMessage {
  const type = (m as { type?: unknown } | null)?.type;
  return type === 'uix-insert' || type === 'uix-delete' || type === 'uix-reply';
}
