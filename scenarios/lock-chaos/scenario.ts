/**
 * `lock-chaos`: the whole lock service (Raft, the lock state machine, the client library and a
 * fenced resource) with 3 or 5 servers and 5 to 20 clients running the lock-counter workload,
 * under the Raft chaos faults plus client and resource pauses and clock drift. Judged by belief
 * overlap, effect overlap and lost updates at the resource, fencing monotonicity, liveness after
 * the heal, the lease audit, replica agreement and the Raft monitors.
 */
import type { FaultKind } from '../../nemesis/kinds.js';
import { intBetween, pick } from '../../sim/random.js';
import { MS, SEC } from '../../sim/time.js';
import { World } from '../../sim/world.js';
import { RESOURCE_ID } from '../harness/cluster.js';
import { runLockScenario } from '../harness/lock-run.js';
import { raftLockSystem } from '../harness/raft-lock-system.js';
import type { DesignSpec, RunOptions, RunOutcome, Scenario } from '../scenario.js';
import { lockCounterWorkload } from '../workloads/lock-counter.js';

const FAULTS: FaultKind[] = [
  'partition-halves',
  'partition-random-halves',
  'isolate',
  'isolate-leader',
  'majorities-ring',
  'one-way',
  'client-to-leader',
  'delay',
  'loss',
  'duplicate',
  'reorder',
  'clog',
  'pause',
  'crash',
  'clock-drift',
];

const SPECS: DesignSpec[] = [{ name: 'safe', kind: 'safe', description: 'the lock service as designed: log-time leases, conservative clients, fenced resource' }];

function run(options: RunOptions): RunOutcome {
  if (options.design !== 'safe') throw new Error(`lock-chaos has no design ${options.design}`);
  // Parameters come from their own stream, so they do not shift the world's.
  const rng = new World({ seed: options.seed, trace: 'none' }).random.stream('scenario');
  const size = pick(rng, [3, 5]);
  const servers = Array.from({ length: size }, (_, i) => `n${i + 1}`);
  const clientCount = intBetween(rng, 5, 20);
  const clients = Array.from({ length: clientCount }, (_, i) => `c${i + 1}`);
  const tickNs = 50 * MS;
  const electionTicks = 10;
  const ttlNs = pick(rng, [1, 2, 3]) * SEC;
  const lockDelayNs = pick(rng, [200, 500]) * MS;
  const epsilon = 0.05;
  const tickSlackNs = 200 * MS;
  const maxClogNs = 2 * SEC;
  const electionNs = 2 * electionTicks * tickNs;
  const livenessBoundNs = Math.round(ttlNs * (1 + epsilon) + tickSlackNs + lockDelayNs + electionNs + maxClogNs + 2 * SEC);
  const faultPhaseNs = pick(rng, [20, 30]) * SEC;
  return runLockScenario(
    {
      params: { servers: size, clients: clientCount, sessionTtlMs: ttlNs / MS, lockDelayMs: lockDelayNs / MS, epsilon, tickMs: tickNs / MS, electionTicks, resource: 'fenced' },
      servers,
      clients,
      resource: RESOURCE_ID,
      system: raftLockSystem({
        servers,
        fsync: 'always',
        resource: 'fenced',
        serverOptions: () => ({
          tickNs,
          raft: { electionTicks, heartbeatTicks: 2, preVote: true, checkQuorum: true },
          lock: { defaultSessionTtlNs: ttlNs, minSessionTtlNs: 100 * MS, epsilon, lockDelayNs, tickSlackNs },
          snapshotEntries: 400,
        }),
        clientOptions: () => ({ sessionTtlNs: ttlNs, epsilon, requestTimeoutNs: 200 * MS, operationTimeoutNs: 2 * SEC, acquireMaxWaitNs: 10 * SEC }),
      }),
      workload: (stopAt) =>
        lockCounterWorkload({ lock: 'L', key: 'counter', stopAt, thinkMeanNs: 50 * MS, retryMeanNs: 100 * MS, workMeanNs: 30 * MS }),
      nemesis: {
        kinds: FAULTS,
        weights: { crash: 2, pause: 2, 'isolate-leader': 2 },
        crashModes: ['clean', 'lose-unsynced', 'torn'],
        bounds: { pauseNs: { min: 10 * MS, max: 4 * SEC }, driftPpm: { min: 100, max: 20_000 }, clogNs: { min: 10 * MS, max: maxClogNs } },
      },
      faultPhaseNs,
      livenessPhaseNs: livenessBoundNs + 5 * SEC,
      livenessBoundNs,
      validators: ['belief-overlap', 'effect-overlap', 'lost-update', 'fencing', 'liveness', 'lease-audit', 'replica-agreement'],
    },
    options,
  );
}

export const lockChaos: Scenario = {
  name: 'lock-chaos',
  title: 'the lock service end to end (3 or 5 servers, 5 to 20 clients, fenced counter) under mixed faults',
  source: 'issue: the lock service',
  designs: SPECS,
  takesSchedule: true,
  run,
};
