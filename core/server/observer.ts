/**
 * What a server tells an invariant monitor, synchronously, as it happens. This is cheaper than
 * the trace (no serialisation) and richer (every appended entry), which the Raft monitors need.
 */
import type { NodeId } from '../env.js';
import type { Entry, HardState, Role } from '../raft/types.js';

export interface ServerObserver {
  role(node: NodeId, role: Role, term: number, leader: NodeId | null): void;
  /** Entries written to the log from `entries[0].index` (a follower's overwrite included). */
  append(node: NodeId, entries: readonly Entry[]): void;
  hardState(node: NodeId, hs: HardState): void;
  /** An entry applied to the state machine. */
  apply(node: NodeId, entry: Entry): void;
  /** A snapshot installed (the log restarts after `index`). */
  snapshot(node: NodeId, index: number, term: number): void;
  /** The node (re)started from its disk: what the disk kept is exactly this snapshot and log. */
  boot(node: NodeId, hs: HardState | null, snapshot: { index: number; term: number } | null, entries: readonly Entry[]): void;
}
