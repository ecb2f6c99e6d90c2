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
  /** Linearizability models (checker/lin/models) the history can be checked with. */
  readonly models: readonly string[];
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
