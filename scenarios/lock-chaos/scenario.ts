/**
 * `lock-chaos`: the whole lock service (Raft, the lock state machine, the client library and a
 * fenced resource) with 3 or 5 servers and 5 to 20 clients, as a swarm (swarm.ts): each seed runs a
 * random subset of the workloads (fenced counter, blind fenced writes, TTL locks, shared and
 * exclusive locks, leader election, key-value CAS) with timing parameters drawn in their valid
 * ranges, under a random subset of the Raft chaos faults plus client and resource pauses and clock
 * drift below the ε bound, and a random subset of aimed faults (aims.ts). Judged by belief overlap,
 * effect overlap and lost updates at the resource, fencing monotonicity, liveness after the heal,
 * the lease audit, replica agreement, the Raft monitors and linearizability of each workload's keys.
 */
import type { FaultKind } from '../../nemesis/kinds.js';
import { MS, SEC } from '../../sim/time.js';
import { RandomStreams } from '../../sim/random.js';
import { RESOURCE_ID } from '../harness/cluster.js';
import { runLockScenario } from '../harness/lock-run.js';
import { contractSystem } from '../harness/contract-system.js';
import { RAFT_LOCK_CAPABILITIES, raftLockSystem } from '../harness/raft-lock-system.js';
import { RAFT_LOCK_SERVICE } from '../../core/designs/raft-lock-service/knobs.js';
import type { DesignSpec, RunOptions, RunOutcome, Scenario } from '../scenario.js';
import { faultPhaseFor } from '../harness/run-options.js';
import { installAims } from './aims.js';
import { drawSwarm, NEAR_EPSILON, perClockDriftBound, swarmChoiceParams } from './swarm.js';
import { swarmWorkload } from './workloads.js';

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
  const rng = new RandomStreams(options.seed).stream('scenario');
  const swarm = drawSwarm(rng);
  const servers = Array.from({ length: swarm.servers }, (_, i) => `n${i + 1}`);
  const clients = Array.from({ length: swarm.clients }, (_, i) => `c${i + 1}`);
  const { tickNs, electionTicks, ttlNs, lockDelayNs, epsilon, tickSlackNs } = swarm;
  const requestTimeoutNs = 200 * MS;
  const maxClogNs = 2 * SEC;
  const electionNs = 2 * electionTicks * tickNs;
  const livenessBoundNs = Math.round(ttlNs * (1 + epsilon) + tickSlackNs + lockDelayNs + electionNs + maxClogNs + 2 * SEC);
  const faultPhaseNs = faultPhaseFor(options, swarm.faultPhaseNs);
  // Clocks drift within the ε bound the design assumes, between any two of them: anywhere below
  // it, or close under it.
  const perClock = perClockDriftBound(epsilon);
  const driftMax = Math.round(perClock * 1e6 * NEAR_EPSILON.max);
  const driftMin = swarm.driftNearEpsilon ? Math.round(perClock * 1e6 * NEAR_EPSILON.min) : 100;
  return runLockScenario(
    {
      params: {
        servers: swarm.servers,
        clients: swarm.clients,
        sessionTtlMs: ttlNs / MS,
        lockDelayMs: lockDelayNs / MS,
        epsilon,
        tickMs: tickNs / MS,
        electionTicks,
        tickSlackMs: tickSlackNs / MS,
        resource: 'fenced',
        ...swarmChoiceParams(swarm),
      },
      servers,
      clients,
      resource: RESOURCE_ID,
      system: contractSystem(RAFT_LOCK_SERVICE, RAFT_LOCK_CAPABILITIES, raftLockSystem({
        servers,
        fsync: 'always',
        resource: 'fenced',
        serverOptions: () => ({
          tickNs,
          raft: { electionTicks, heartbeatTicks: 2, preVote: true, checkQuorum: true, ...(swarm.applyBatch !== null ? { maxCommittedPerReady: swarm.applyBatch } : {}) },
          lock: { defaultSessionTtlNs: ttlNs, minSessionTtlNs: 100 * MS, epsilon, lockDelayNs, tickSlackNs },
          snapshotEntries: 400,
        }),
        clientOptions: () => ({ sessionTtlNs: ttlNs, epsilon, requestTimeoutNs, operationTimeoutNs: 2 * SEC, acquireMaxWaitNs: 10 * SEC }),
      })),
      workload: (stopAt) => swarmWorkload(swarm, stopAt),
      nemesis: {
        kinds: FAULTS,
        weights: { crash: 2, pause: 2, 'isolate-leader': 2, ...(swarm.driftNearEpsilon ? { 'clock-drift': 3 } : {}) },
        crashModes: ['clean', 'lose-unsynced', 'torn'],
        bounds: { pauseNs: { min: 10 * MS, max: 4 * SEC }, driftPpm: { min: driftMin, max: driftMax }, clogNs: { min: 10 * MS, max: maxClogNs } },
      },
      aims: (world, nemesis, leader) =>
        installAims(
          world,
          nemesis,
          { aims: swarm.aims, servers, clients, leader, ttlNs, requestTimeoutNs, maxDriftPpm: Math.round(perClock * 1e6), endNs: faultPhaseNs },
          world.random.stream('nemesis:aims'),
        ),
      faultPhaseNs,
      livenessPhaseNs: livenessBoundNs + 5 * SEC,
      livenessBoundNs,
      // Lost updates are judged where the swarm chose the counter workload, and lock liveness where
      // it chose any lock workload; elsewhere there is nothing for them to judge, and a validator
      // that does not apply must not make the verdict unknown.
      validators: [
        'belief-overlap',
        'effect-overlap',
        ...(swarm.groups.some((g) => g.workload === 'counter') ? (['lost-update'] as const) : []),
        'fencing',
        ...(swarm.groups.some((g) => g.workload !== 'kv-cas') ? (['liveness'] as const) : []),
        'lease-audit',
        'replica-agreement',
      ],
    },
    options,
  );
}

export const lockChaos: Scenario = {
  name: 'lock-chaos',
  title: 'the lock service end to end (3 or 5 servers, 5 to 20 clients) as a swarm: random workloads, timings, faults and aimed faults per seed',
  source: 'issue: the lock service',
  designs: SPECS,
  takesSchedule: true,
  run,
};
