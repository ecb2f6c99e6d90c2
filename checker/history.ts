/**
 * The record a run leaves behind, in Jepsen's shape, plus the lock-specific facts beside it.
 *
 * Everything here is plain data (JSON-serialisable) so that a history can come from anywhere: a
 * lockstep run, a file, or a Jepsen `history.edn`. Checkers import these types and nothing from
 * `sim/` or `core/`.
 */

/** True simulated time in nanoseconds since the run began; only the simulator and checkers see it. */
export type TrueTimeNs = number;

/** A fencing token (sequencer): strictly increasing per lock. */
export type Token = number;

export type OpType = 'invoke' | 'ok' | 'fail' | 'info';

/** A logical Jepsen process: a number for clients, "nemesis" for faults. */
export type ProcessId = number | 'nemesis';

/**
 * One history event. An operation is an `invoke` followed by its completion on the same process:
 * `ok` (it happened), `fail` (it certainly did not) or `info` (unknown; it may happen at any time
 * after its invocation, or never). A process whose operation ended in `info` is never reused.
 */
export interface Op {
  /** Position in the history, 0-based and dense. */
  index: number;
  process: ProcessId;
  type: OpType;
  /** The function: "read", "write", "cas", "acquire", "release", "try-lock", "unlock", ... */
  f: string;
  /** Argument on invoke, result on completion (e.g. a read's value, an acquire's token). */
  value: unknown;
  /** True time of the event. */
  time: TrueTimeNs;
  /** The client node that ran the operation ("c3"), when known. */
  node?: string;
  /** The client's own clock readings at the event, when known. */
  localMonoNs?: number;
  localWallNs?: number;
  /** Why an operation failed or is indeterminate. */
  error?: string;
  /** The key or lock the operation is about (e.g. "/ls/lock1", "k3"), when it has one. */
  key?: string;
}

/**
 * A client's belief that it held a lock: from the true instant it learned of the grant until it
 * released the lock or its own conservative deadline passed (or forever, if `end` is null and the
 * run ended while it still believed).
 */
export interface Belief {
  client: string;
  lock: string;
  token: Token;
  /** Shared (read) or exclusive (write) mode. */
  mode: 'exclusive' | 'shared';
  start: TrueTimeNs;
  end: TrueTimeNs | null;
  /** Why the belief ended: "released", "deadline", "lost", "suspended", "crashed", "run-end". */
  endReason?: string;
  /** History index of the operation that produced the belief, when there is one. */
  op?: number;
}

/** A write the protected resource accepted or refused. */
export interface ResourceWrite {
  time: TrueTimeNs;
  /** The lock that guards the write (the resource keeps one token high-water mark per lock). */
  lock: string;
  client: string;
  /** The token the write carried; null when the writer sent none. */
  token: Token | null;
  accepted: boolean;
  /** Why a write was refused: "stale-token", "not-current", ... */
  reason?: string;
  /** What was written (e.g. the counter value) and where. */
  key?: string;
  value?: unknown;
}

/** A lock grant as the lock service decided it (from the trace of the leader that committed it). */
export interface Grant {
  lock: string;
  /** The session or owner that received the grant. */
  owner: string;
  client: string;
  token: Token;
  mode: 'exclusive' | 'shared';
  /** True time at which the grant was applied by the leader. */
  at: TrueTimeNs;
  /** True time at which the server side considered the grant over (released, expired), or null. */
  serverEnd: TrueTimeNs | null;
  endReason?: string;
}

/** A safety or liveness violation, in one format for every checker and monitor. */
export type ViolationKind =
  | 'ME-belief'
  | 'ME-effect'
  | 'FM'
  | 'LW'
  | 'LV'
  | 'LIN'
  | 'DIV'
  | 'RAFT';

export interface Violation {
  kind: ViolationKind;
  /** Plain words a person can follow: who, what, when, why it is wrong. */
  explanation: string;
  /** History indices of the operations involved (may be empty for trace-only violations). */
  ops: number[];
  /** True time at which the violation became visible. */
  at: TrueTimeNs;
  /** Which checker found it ("belief-overlap", "linearizability", "raft:election-safety", ...). */
  checker?: string;
  /** Extra structured detail for reports (intervals, tokens, the linearizable prefix, ...). */
  detail?: Record<string, unknown>;
}

/** A fault the nemesis applied, as an interval for reports and checkers. */
export interface FaultInterval {
  fault: string;
  targets: string[];
  start: TrueTimeNs;
  end: TrueTimeNs | null;
  params?: Record<string, unknown>;
}

/** A lock the replicated state says is held, and by which session. */
export interface LockOwner {
  lock: string;
  /** The session (or owner id) holding it; shared locks list one entry per holder. */
  owner: string;
}

/**
 * One replica's state machine after quiescence, for the replica-agreement checker: the canonical
 * digest of its whole state, and the two facts the checker cross-examines.
 */
export interface ReplicaState {
  node: string;
  digest: string;
  lockOwners: LockOwner[];
  liveSessions: string[];
  /** False for a replica that was down when the state was captured; absent means live. */
  live?: boolean;
}

/**
 * Everything a run leaves for the checkers. Only `history` is required: a Jepsen history checks
 * with nothing else; validators whose inputs are absent say so instead of passing silently.
 */
export interface RunRecord {
  history: Op[];
  beliefs?: Belief[];
  resourceLog?: ResourceWrite[];
  grants?: Grant[];
  faults?: FaultInterval[];
  /** True time of the final heal (start of the liveness phase), when the run had one. */
  healAt?: TrueTimeNs;
  /** True time the run ended. */
  endAt?: TrueTimeNs;
  /** Every replica's state machine, captured after quiescence (the final heal and a quiet spell). */
  replicas?: ReplicaState[];
}
