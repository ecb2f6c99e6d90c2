/**
 * A lock system under test, as a lock scenario sees it: each client's `LockApi`, what the nemesis
 * may do to it, and what the checkers can read from it at the end. The Raft lock service is one
 * system; the catalogue's other designs (an asynchronous primary/replica store, ZooKeeper-style
 * recipes) are others, built from the same simulator parts.
 */
import type { ReplicaState, Violation } from '../../checker/history.js';
import type { NemesisContext } from '../../nemesis/context.js';
import type { HistoryRecorder } from '../../sim/recorder.js';
import type { World } from '../../sim/world.js';
import type { LockApi } from '../workloads/lock-api.js';

export interface LockSystem {
  /** Every client's library, by client id, in client order. */
  readonly apis: ReadonlyMap<string, LockApi>;
  readonly nemesis: NemesisContext;
  /** The replicas' states after quiescence (for replica agreement), when the system has replicas. */
  replicaStates?(): ReplicaState[];
  /** The run is over: stop background proposals so the replicas can converge. */
  quiesce?(): void;
  /** True when every live replica has caught up (the run waits for it before judging). */
  quiescent?(): boolean;
  /** Violations the system's own monitors found (Raft invariants); called once, at the end. */
  monitorViolations?(endAt: number): Violation[];
  /** How much log or work the system got through (for stats). */
  stats?(): Record<string, unknown>;
}

export interface SystemSetup {
  world: World;
  recorder: HistoryRecorder;
  clients: readonly string[];
  /** The resource process id, when the scenario has a protected resource. */
  resource?: string;
}

export type SystemFactory = (setup: SystemSetup) => LockSystem;
