/**
 * A system under test, as the harness sees it: processes on `Env` that the simulated world runs,
 * a client handle per client process offering the system's capabilities, the facts it reports
 * (events.ts), and what the nemesis and the checkers may ask of it.
 */
import type { ReplicaState, Violation } from '../../checker/history.js';
import type { TraceEvent } from '../../checker/trace.js';
import type { Env, FsyncPolicy, NodeId, Process, ProcessFactory } from '../env.js';
import type { Capability, ClientOf } from './capabilities.js';
import type { EventSink, SystemEvent } from './events.js';

/** What a process is for: the nemesis aims faults by role (servers, clients, the resource). */
export type ProcessRole = 'server' | 'client' | 'resource' | 'sidecar' | 'monitor';

/** Where a process stands: running, frozen by a pause, down (crashed, or spawned down), or not spawned. */
export type ProcessState = 'up' | 'paused' | 'down' | 'absent';

/** A process clock's designed settings (not faults), from its start. */
export interface ProcessClock {
  /** Rate error of the monotonic clock, in parts per million. */
  driftPpm?: number;
  /** Rate error of the wall clock, in parts per million. */
  wallDriftPpm?: number;
  /** Standing offset of the wall clock from true time. */
  wallOffsetNs?: number;
}

/** One process of the system: built on its `Env` at first start and at every restart. */
export interface ProcessSpec {
  id: NodeId;
  role: ProcessRole;
  /** Builds the process's volatile state; whatever must survive a crash lives on `env.disk`. */
  start: ProcessFactory;
  /** How the process's disk syncs (default: the world's). */
  fsync?: FsyncPolicy;
  clock?: ProcessClock;
  /** Spawn it down (a spare machine): it starts when the system `restart`s it. */
  down?: boolean;
}

/** What the harness gives a system while it is built. */
export interface SystemHost {
  /** The client process ids the workload drives, in order. */
  readonly clients: readonly NodeId[];
  /** The protected resource's process id, when the scenario has one. */
  readonly resource?: NodeId;
  /** Starts a process in the world. */
  spawn(spec: ProcessSpec): void;
  /** The running incarnation of process `id`, or null while it is down. */
  running<P extends Process>(id: NodeId): P | null;
  /** Where the system reports its facts; the harness records them, stamped with true time. */
  readonly events: EventSink<SystemEvent>;
  /** Where process `id` stands now. */
  state(id: NodeId): ProcessState;
  /** Starts process `id` from its disk (an operator bringing a machine up, or back). */
  restart(id: NodeId): void;
  /** Runs `action` after `delayNs` of true time: an operator's step, outside every process. */
  after(delayNs: number, label: string, action: () => void): void;
  /** True simulated time: for monitors that stamp what they observe, never for a process's logic. */
  now(): number;
  /**
   * What the processes trace (`env.trace`), each event parsed once into the closed union of
   * checker/trace.ts: how lockstep's own processes (core/) tell their adapters what they did.
   */
  onTrace(listener: (event: TraceEvent) => void): void;
}

/** A running system under test, offering the capabilities `C` on every client. */
export interface SystemUnderTest<C extends Capability = Capability> {
  /** The server processes (the nemesis's targets besides clients and the resource). */
  readonly servers: readonly NodeId[];
  /** The handle of client `id`; it follows the client across restarts (see follow.ts). */
  client(id: NodeId): ClientOf<C>;
  /** Who leads now, by the system's own account (null: no one); faults aimed at "the leader" ask. */
  leader?(): NodeId | null;
  /** Membership faults: start server `id` empty and ask the leader to make it a voter. */
  addVoter?(id: NodeId): void;
  /** Membership faults: ask the leader to remove voter `id`. */
  removeVoter?(id: NodeId): void;
  /** True for a process the final heal must leave down (a spare never added, a machine lost for good). */
  keepDown?(id: NodeId): boolean;
  /**
   * The clock settings the final heal puts back on process `id` after it resets every clock to
   * true time (absent: every clock stays reset).
   */
  designedClock?(id: NodeId): ProcessClock | undefined;
  /** The run is over: stop background work so that the replicas can converge. */
  quiesce?(): void;
  /** True when every live replica has caught up (the harness waits for it before judging). */
  quiescent?(): boolean;
  /** The replicas' states after quiescence (for replica agreement), when the system has replicas. */
  replicaStates?(): ReplicaState[];
  /** Violations the system's own monitors found (Raft invariants); called once, at the end. */
  monitorViolations?(endAt: number): Violation[];
  /** How much work the system got through, for the run's stats. */
  stats?(): Record<string, unknown>;
}

/** Builds a system in a world: spawns its processes through the host and returns its handles. */
export type SystemBuilder<C extends Capability = Capability> = (host: SystemHost) => SystemUnderTest<C>;

/** Helper for a design's own tests: an `Env`-built process spec with a role. */
export function processSpec(id: NodeId, role: ProcessRole, start: (env: Env) => Process, extra: Omit<ProcessSpec, 'id' | 'role' | 'start'> = {}): ProcessSpec {
  return { id, role, start, ...extra };
}
