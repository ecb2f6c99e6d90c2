/**
 * How a lock server node is configured. The unsafe choices of the catalogue are named options
 * here, never edits of the code: the read path (`fast-local` is fast-get-stale-read's FastGet) and whatever
 * Raft and the lock state machine take as their own design options. The host follows the lock
 * configuration where a design needs its help, so the two cannot disagree: it stamps ticks with
 * its wall clock when the lease policy reads wall time (wall-clock-jump, failover-lease-reset, client-stamped-expiry), and runs the replica's
 * own lease timers under `replica-local-timers` (replica-local-timers).
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
  /**
   * UNSAFE (static-membership): the voters this node believes in, as a node that reads a hand-edited peer
   * file does: at every boot, whatever membership its disk holds, and in every snapshot a leader
   * sends it. Growing a cluster by editing these lists and restarting lets nodes disagree on who
   * the voters are, so two majorities that share no node can form. Absent (the safe default):
   * membership comes from the log.
   */
  staticPeers?: readonly NodeId[];
  learners?: readonly NodeId[];
  /** Length of one Raft tick on this node's monotonic clock. */
  tickNs: DurationNs;
  /** Raft knobs (election/heartbeat ticks, PreVote, CheckQuorum, read mode, commit rule, ...). */
  raft?: Partial<Omit<RaftOptions, 'id' | 'peers' | 'learners' | 'random'>>;
  /** The lock service's configuration (design options included); every replica must run with the same one. */
  lock?: Partial<LockServiceConfig>;
  /** How often the leader proposes a `tick` (log time); at most the lock config's tickSlackNs. */
  leaseTickNs?: DurationNs;
  /** Compact the log into a snapshot once this many entries were applied since the last one. */
  snapshotEntries?: number;
  readPath?: ReadPath;
}

export const READ_PATHS: readonly ReadPath[] = ['read-index', 'log', 'fast-local'];
