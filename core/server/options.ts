/**
 * How a lock server node is configured. The unsafe choices of the catalogue are named options
 * here, never edits of the code: the read path (`fast-local` is case 17's FastGet) and whatever
 * Raft and the lock state machine take as their own design options.
 */
import type { DurationNs, NodeId } from '../env.js';
import type { LockServiceConfig } from '../lock/config.js';
import type { RaftOptions } from '../raft/config.js';

/**
 * `read-index`: a read waits for a ReadIndex round (safe, the default).
 * `log`: a read goes through the log like a write (safe, slower).
 * `fast-local`: the leader answers from its local state at once, with no quorum check (unsafe: an
 * old leader that does not know it was deposed serves stale data).
 */
export type ReadPath = 'read-index' | 'log' | 'fast-local';

export interface LockServerOptions {
  id: NodeId;
  /** The initial voters (ignored once the disk holds a membership). */
  peers: readonly NodeId[];
  learners?: readonly NodeId[];
  /** Length of one Raft tick on this node's monotonic clock. */
  tickNs: DurationNs;
  /** Raft knobs (election/heartbeat ticks, PreVote, CheckQuorum, read mode, commit rule, ...). */
  raft?: Partial<Omit<RaftOptions, 'id' | 'peers' | 'learners' | 'random'>>;
  /** The lock service's configuration; every replica must run with the same one. */
  lock?: Partial<LockServiceConfig>;
  /** How often the leader proposes a `tick` (log time); at most the lock config's tickSlackNs. */
  leaseTickNs?: DurationNs;
  /** Compact the log into a snapshot once this many entries were applied since the last one. */
  snapshotEntries?: number;
  readPath?: ReadPath;
}

export const READ_PATHS: readonly ReadPath[] = ['read-index', 'log', 'fast-local'];
