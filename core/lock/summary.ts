/**
 * A cheap view of the state for checkers: who holds what, which sessions live, which ephemeral
 * files exist. Plain data; callers may keep it.
 */
import type { LockMode, Path, SessionId, Token } from './commands.js';
import type { LogNs } from './lease-policy.js';
import type { LockServiceState } from './state.js';

export interface LockOwner {
  session: SessionId;
  client: string;
  token: Token;
  mode: LockMode;
}

export interface TtlLockOwner {
  owner: string;
  token: Token;
}

export interface LockSummary {
  clockNs: LogNs;
  /** Held file locks only, by path, holders in grant order. */
  locks: Record<Path, LockOwner[]>;
  /** Held TTL locks, by resource id. */
  ttlLocks: Record<string, TtlLockOwner>;
  liveSessions: SessionId[];
  ephemeralFiles: Path[];
}

export function summarize(state: LockServiceState): LockSummary {
  // Object.fromEntries defines keys as own data properties, so no name (not even "__proto__")
  // can reach a prototype.
  const locks: [Path, LockOwner[]][] = [];
  const ephemeralFiles: Path[] = [];
  for (const node of state.nodes.values()) {
    if (node.lock.holders.length > 0) {
      locks.push([node.path, node.lock.holders.map(({ session, client, token, mode }) => ({ session, client, token, mode }))]);
    }
    if (node.ephemeral) ephemeralFiles.push(node.path);
  }
  const ttlLocks: [string, TtlLockOwner][] = [];
  for (const entry of state.ttlLocks.values()) {
    if (entry.holder !== null) ttlLocks.push([entry.resourceId, { owner: entry.holder.owner, token: entry.holder.token }]);
  }
  return {
    clockNs: state.clockNs,
    locks: Object.fromEntries(locks),
    ttlLocks: Object.fromEntries(ttlLocks),
    liveSessions: [...state.sessions.keys()],
    ephemeralFiles,
  };
}
