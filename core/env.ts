/**
 * The one door through which `core/` code meets the world.
 *
 * Everything a process needs from outside (its clocks, timers, the network, its disk and its
 * randomness) comes through an `Env`. The simulator owns the implementation, so a run is a pure
 * function of its seed. Core code must never reach around this interface.
 */

/** A simulated process: a server node ("n1"), a client ("c1"), the resource ("resource"). */
export type NodeId = string;

/** Nanoseconds on a process's own clock (monotonic or wall); never true time. */
export type LocalNs = number;

/** A duration in nanoseconds, measured on the clock that the user of the value names. */
export type DurationNs = number;

/** Handle of a timer set by a process. */
export type TimerId = number;

/** Disk write durability policy, as in Redis's appendfsync and the Chubby clone of 001. */
export type FsyncPolicy = 'always' | 'everysec' | 'no';

/**
 * A record as read back from disk. A crash that tears the last write leaves a `TornRecord` in
 * place of the record that was being written; readers must detect it and discard it and
 * everything after it (as a checksum failure would tell them).
 */
export interface TornRecord {
  readonly torn: true;
}

/**
 * Per-process durable storage: named files of records. Writes go to a pending part; what is
 * durable depends on fsync calls and the process's fsync policy (the simulator decides whether an
 * `fsync()` really reaches the platter: under `everysec` and `no` it is deferred). A crash keeps
 * only what was durable.
 */
export interface Disk {
  /** Appends a record to the end of a file. */
  append(file: string, record: unknown): void;
  /** Replaces a whole file (used for hard state and snapshots). */
  write(file: string, records: readonly unknown[]): void;
  /** Drops records at index >= `length` of a file (log truncation). */
  truncate(file: string, length: number): void;
  /** Reads a file as this process sees it (pending writes included). */
  read(file: string): readonly (unknown | TornRecord)[];
  /** Asks for durability of everything written so far; honoured per the fsync policy. */
  fsync(): void;
  /** The policy this process's disk runs with (a design option of the scenario). */
  readonly policy: FsyncPolicy;
}

/** Everything a process may ask of the world. */
export interface Env {
  /** This process's id. */
  readonly id: NodeId;
  /** Local monotonic clock: never goes back, but may run fast or slow (drift). */
  monotonicNs(): LocalNs;
  /** Local wall clock: may be offset, drift, jump forward and back. */
  wallNs(): LocalNs;
  /**
   * Sets a timer that fires after `delay` nanoseconds *of this process's monotonic clock*: a fast
   * clock fires it early in true time, a slow one late. A paused process receives it on resume.
   */
  setTimer(delay: DurationNs, tag: string): TimerId;
  /** Cancels a timer; cancelling a fired or unknown timer is a no-op. */
  cancelTimer(id: TimerId): void;
  /** Sends a message; the network may delay, drop, duplicate or reorder it. */
  send(to: NodeId, message: unknown): void;
  /** This process's disk. */
  readonly disk: Disk;
  /** A uniform draw in [0, 1) from this process's own random stream. */
  random(): number;
  /** Records a protocol event into the run's trace (role changes, commits, grants, ...). */
  trace(kind: string, data?: Record<string, unknown>): void;
}

/**
 * What the simulator drives. A process object holds only volatile state: a crash discards it and
 * a restart builds a new one from the same factory, which must recover from `env.disk`.
 */
export interface Process {
  /** Called once when the process starts or restarts. */
  start(): void;
  /** A message arrived. */
  onMessage(from: NodeId, message: unknown): void;
  /** A timer set through `env.setTimer` fired. */
  onTimer(id: TimerId, tag: string): void;
}

/** Builds a process on an environment; called at first start and at every restart. */
export type ProcessFactory = (env: Env) => Process;
