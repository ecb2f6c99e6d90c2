/**
 * A workload: a generator that says what the clients do, and a client program that does it through
 * the lock library. A scenario picks one, gives it each client's `LockApi`, and runs it.
 */
import type { HistoryRecorder } from '../../sim/recorder.js';
import type { World } from '../../sim/world.js';
import { runGenerator, type DriverOptions, type WorkloadClient, type WorkloadRun } from './driver.js';
import type { Generator } from './generator.js';
import type { LockApi } from './lock-api.js';

export interface ClientSetup {
  /** The client's world process id ("c3"). */
  id: string;
  api: LockApi;
  /** For workloads whose application records its own beliefs or facts. */
  recorder: HistoryRecorder;
}

export interface Workload {
  readonly name: string;
  /** What every client does, from the first event of the run to the workload's stop time. */
  readonly generator: Generator;
  /** The program that runs the workload's operations on one client. */
  client(setup: ClientSetup): WorkloadClient;
  /** Linearizability checks that fit the history (see ModelCheck). */
  readonly checks: readonly ModelCheck[];
}

/**
 * A linearizability check that fits a workload's history: a model of checker/lin over the ops
 * whose f it names (the others belong to other objects). The lock models know nothing of leases:
 * they judge acquire and release exactly, which fits runs where no grant ends by expiry; when
 * sessions or TTLs can expire, mutual exclusion is judged from beliefs and the resource log.
 */
export interface ModelCheck {
  model: 'register' | 'cas-register' | 'kv' | 'mutex' | 'fenced-mutex' | 'ttl-lock';
  fs: readonly string[];
  /**
   * Only the ops on these keys (absent: every key). Workloads run side by side share function
   * names ("write" to a resource key and to the key-value store); each checks its own keys.
   */
  keys?: readonly string[];
}

/** The part of a history a check reads: the ops it names, indices kept. */
export function opsFor<O extends { f: string; process: unknown; key?: unknown }>(check: ModelCheck, history: readonly O[]): O[] {
  const keys = check.keys;
  return history.filter((o) => o.process !== 'nemesis' && check.fs.includes(o.f) && (keys === undefined || keys.includes(o.key as string)));
}

/** Runs `workload` on the clients of `apis` (id → library; the map's order is the clients' order). */
export function runWorkload(
  world: World,
  workload: Workload,
  apis: ReadonlyMap<string, LockApi>,
  recorder: HistoryRecorder,
  options: DriverOptions = {},
): WorkloadRun {
  const clients = new Map<string, WorkloadClient>();
  for (const [id, api] of apis) clients.set(id, workload.client({ id, api, recorder }));
  return runGenerator(world, workload.generator, clients, recorder, options);
}
