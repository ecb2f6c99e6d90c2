/**
 * Raft's knobs, their defaults and their validation. Time is counted in ticks: the host decides
 * how long a tick is and calls `tick()` that often on the node's own (possibly drifting) clock.
 */
import type { LogIndex, NodeId } from './types.js';

/**
 * `safe`: a read waits for a heartbeat round acknowledged by a quorum (ReadIndex).
 * `lease-based`: the leader answers at once while a quorum heard from it fewer than `leaseTicks`
 * of its own ticks ago. That is only safe while clocks drift within bounds and the leader is
 * never paused: followers refuse to elect anyone for an election timeout on *their* clocks.
 */
export type ReadOnlyMode = 'safe' | 'lease-based';

/**
 * `current-term` is Raft's rule: only an entry of the leader's own term commits by counting
 * replicas. `count-any-term` is the UNSAFE rule of the Raft paper's Figure 8 (an old-term entry
 * stored on a majority is taken as committed), kept so the catalogue can show monitors catch it.
 */
export type CommitRule = 'current-term' | 'count-any-term';

export interface RaftOptions {
  /** This node; never reused by another node after it is removed. */
  id: NodeId;
  /** The initial voters, used only when storage is empty (a brand new cluster member). */
  peers?: readonly NodeId[];
  /** The initial learners, like `peers`. */
  learners?: readonly NodeId[];
  /** Election timeout in ticks; each timeout is drawn from [electionTicks, 2·electionTicks). */
  electionTicks?: number;
  /** Heartbeat interval in ticks; must be below `electionTicks`. */
  heartbeatTicks?: number;
  /** Uniform draws in [0, 1) for election jitter: this node's own seeded stream. */
  random: () => number;
  /** Rehearse elections with PreVote so a node that cannot win never bumps terms. */
  preVote?: boolean;
  /** A leader not heard from by a quorum within an election timeout steps down. */
  checkQuorum?: boolean;
  readOnly?: ReadOnlyMode;
  /** Lease length for lease-based reads, in the leader's ticks (default electionTicks − 2). */
  leaseTicks?: number;
  /** Most entries in one append message. */
  maxEntriesPerAppend?: number;
  /** Most bytes (by `entrySize`) in one append message; one entry is always allowed. */
  maxBytesPerAppend?: number;
  /** Size of an entry's data for `maxBytesPerAppend`; only called when that limit is finite. */
  entrySize?: (data: unknown) => number;
  /** Most unacknowledged appends in flight to one follower while replicating. */
  maxInflightAppends?: number;
  /** Most committed entries handed out in one `Ready`. */
  maxCommittedPerReady?: number;
  commitRule?: CommitRule;
  /**
   * The last index the host's state machine already reflects after a restart (when it is itself
   * durable); by default the snapshot's index, so every committed entry after it is re-applied.
   */
  applied?: LogIndex;
}

export interface RaftConfig {
  readonly id: NodeId;
  readonly peers: readonly NodeId[];
  readonly learners: readonly NodeId[];
  readonly electionTicks: number;
  readonly heartbeatTicks: number;
  readonly random: () => number;
  readonly preVote: boolean;
  readonly checkQuorum: boolean;
  readonly readOnly: ReadOnlyMode;
  readonly leaseTicks: number;
  readonly maxEntriesPerAppend: number;
  readonly maxBytesPerAppend: number;
  readonly entrySize: (data: unknown) => number;
  readonly maxInflightAppends: number;
  readonly maxCommittedPerReady: number;
  readonly commitRule: CommitRule;
  readonly applied: LogIndex | null;
}

/** A cheap structural size estimate: good enough to bound message sizes without serialising. */
export function estimateSize(data: unknown, depth = 0): number {
  if (data === null || data === undefined) return 4;
  switch (typeof data) {
    case 'string':
      return data.length + 2;
    case 'number':
      return 8;
    case 'boolean':
      return 4;
    case 'object': {
      if (depth > 8) return 16;
      if (ArrayBuffer.isView(data)) return data.byteLength;
      let size = 2;
      if (Array.isArray(data)) {
        for (const item of data) size += estimateSize(item, depth + 1) + 1;
      } else {
        for (const key in data) {
          size += key.length + 4 + estimateSize((data as Record<string, unknown>)[key], depth + 1);
        }
      }
      return size;
    }
    default:
      return 8;
  }
}

function positiveInteger(name: string, value: number): number {
  if (!(Number.isInteger(value) && value > 0) && value !== Infinity) {
    throw new Error(`raft config: ${name} must be a positive integer, got ${value}`);
  }
  return value;
}

export function resolveConfig(options: RaftOptions): RaftConfig {
  const electionTicks = positiveInteger('electionTicks', options.electionTicks ?? 10);
  const heartbeatTicks = positiveInteger('heartbeatTicks', options.heartbeatTicks ?? 1);
  if (heartbeatTicks >= electionTicks) {
    throw new Error('raft config: heartbeatTicks must be smaller than electionTicks');
  }
  const checkQuorum = options.checkQuorum ?? true;
  const readOnly = options.readOnly ?? 'safe';
  // Lease reads rely on followers refusing votes while in a leader's lease, which is part of
  // CheckQuorum; without it a lease protects nothing.
  if (readOnly === 'lease-based' && !checkQuorum) {
    throw new Error('raft config: lease-based reads need checkQuorum');
  }
  const leaseTicks = positiveInteger('leaseTicks', options.leaseTicks ?? Math.max(1, electionTicks - 2));
  const peers = options.peers ?? [];
  const learners = options.learners ?? [];
  for (const l of learners) {
    if (peers.includes(l)) throw new Error(`raft config: ${l} is both a voter and a learner`);
  }
  return {
    id: options.id,
    peers,
    learners,
    electionTicks,
    heartbeatTicks,
    random: options.random,
    preVote: options.preVote ?? true,
    checkQuorum,
    readOnly,
    leaseTicks,
    maxEntriesPerAppend: positiveInteger('maxEntriesPerAppend', options.maxEntriesPerAppend ?? 64),
    maxBytesPerAppend: positiveInteger('maxBytesPerAppend', options.maxBytesPerAppend ?? Infinity),
    entrySize: options.entrySize ?? estimateSize,
    maxInflightAppends: positiveInteger('maxInflightAppends', options.maxInflightAppends ?? 16),
    maxCommittedPerReady: positiveInteger(
      'maxCommittedPerReady',
      options.maxCommittedPerReady ?? Infinity,
    ),
    commitRule: options.commitRule ?? 'current-term',
    applied: options.applied ?? null,
  };
}
