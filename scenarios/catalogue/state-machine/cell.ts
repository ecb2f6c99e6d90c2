/**
 * The Raft lock cell the state-machine cases run on: three servers with 10 ms ticks, short
 * sessions and lock-delay, so that a hazard of lock handling shows within seconds of simulated
 * time. A case changes one design choice (a lock-service option, a client-library option) and
 * keeps every timing, which is what makes its safe and unsafe runs comparable.
 */
import type { ClientDesign } from '../../../core/client/design.js';
import type { LockClientOptions } from '../../../core/client/options.js';
import type { LockServiceConfig } from '../../../core/lock/config.js';
import type { ResourceMode } from '../../../core/resource/resource.js';
import { MS, SEC } from '../../../sim/time.js';
import { raftLockSystem } from '../../harness/raft-lock-system.js';
import type { SystemFactory } from '../../harness/system.js';

export interface CellTiming {
  tickNs: number;
  electionTicks: number;
  sessionTtlNs: number;
  lockDelayNs: number;
  epsilon: number;
  tickSlackNs: number;
  requestTimeoutNs: number;
  operationTimeoutNs: number;
  acquireMaxWaitNs: number;
}

export const CELL_TIMING: Readonly<CellTiming> = Object.freeze({
  tickNs: 10 * MS,
  electionTicks: 10,
  sessionTtlNs: 1 * SEC,
  lockDelayNs: 200 * MS,
  epsilon: 0.05,
  tickSlackNs: 100 * MS,
  requestTimeoutNs: 200 * MS,
  operationTimeoutNs: 2 * SEC,
  acquireMaxWaitNs: 10 * SEC,
});

export interface CellSpec {
  servers: readonly string[];
  /** The lock service's design choices (and any timing it overrides). */
  lock?: Partial<LockServiceConfig>;
  /** The client library's design choices. */
  design?: Partial<ClientDesign>;
  resource?: ResourceMode;
  snapshotEntries?: number;
  timing?: Partial<CellTiming>;
  /** Client options beyond the timing (e.g. a different session lease per client). */
  clientOptions?(id: string): Partial<Omit<LockClientOptions, 'servers' | 'resource' | 'events'>>;
}

export function cellTiming(spec: CellSpec): CellTiming {
  return { ...CELL_TIMING, ...(spec.timing ?? {}) };
}

/** The servers' longest election: a randomized timeout lies in [electionTicks, 2·electionTicks) ticks. */
export function electionNs(t: CellTiming): number {
  return 2 * t.electionTicks * t.tickNs;
}

/**
 * The catalogue's liveness bound, TTL·(1+ε) + tick slack + lock-delay + election time, plus what
 * the faults may leave in flight at the heal (`inFlightNs`) and a client's retry round.
 */
export function livenessBound(t: CellTiming, inFlightNs: number): number {
  return Math.round(t.sessionTtlNs * (1 + t.epsilon) + t.tickSlackNs + t.lockDelayNs + electionNs(t) + inFlightNs + t.operationTimeoutNs);
}

export function lockCell(spec: CellSpec): SystemFactory {
  const t = cellTiming(spec);
  return raftLockSystem({
    servers: spec.servers,
    fsync: 'always',
    ...(spec.resource ? { resource: spec.resource } : {}),
    serverOptions: () => ({
      tickNs: t.tickNs,
      raft: { electionTicks: t.electionTicks, heartbeatTicks: 2, preVote: true, checkQuorum: true },
      lock: {
        defaultSessionTtlNs: t.sessionTtlNs,
        minSessionTtlNs: 100 * MS,
        epsilon: t.epsilon,
        lockDelayNs: t.lockDelayNs,
        tickSlackNs: t.tickSlackNs,
        ...(spec.lock ?? {}),
      },
      ...(spec.snapshotEntries !== undefined ? { snapshotEntries: spec.snapshotEntries } : {}),
    }),
    clientOptions: (id) => ({
      sessionTtlNs: t.sessionTtlNs,
      epsilon: t.epsilon,
      requestTimeoutNs: t.requestTimeoutNs,
      operationTimeoutNs: t.operationTimeoutNs,
      acquireMaxWaitNs: t.acquireMaxWaitNs,
      ...(spec.design ? { design: spec.design } : {}),
      ...(spec.clientOptions?.(id) ?? {}),
    }),
  });
}

/** Process ids "n1".."nN" / "c1".."cN". */
export function ids(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${i + 1}`);
}

export { faultPhaseFor as faultPhaseNs } from '../../harness/run-options.js';
