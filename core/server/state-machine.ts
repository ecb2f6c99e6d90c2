/**
 * The contract between the replication layer (Raft, driven by the node host) and what it
 * replicates (the lock service). The state machine is deterministic: it sees time only as values
 * carried inside commands (a leader-proposed time), never a clock.
 */

/** Log position. */
export type LogIndex = number;
/** Raft term. */
export type Term = number;

/** A committed command handed to the state machine, with the log position it was committed at. */
export interface AppliedCommand {
  index: LogIndex;
  term: Term;
  /** The command as proposed (JSON-serialisable). */
  command: unknown;
}

export interface ReplicatedStateMachine {
  /** Applies one committed command, in log order exactly once per index; returns the reply. */
  apply(entry: AppliedCommand): unknown;
  /** Serialises the whole state (JSON-serialisable) for a snapshot. */
  snapshot(): unknown;
  /** Replaces the whole state from a snapshot. */
  restore(snapshot: unknown): void;
  /** A canonical digest of the state, for the replica-agreement checker. */
  digest(): string;
}
