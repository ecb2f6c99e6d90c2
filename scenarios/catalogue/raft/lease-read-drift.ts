/**
 * `lease-read-drift` (etcd's lease-based reads): a leader that a majority heard from less
 * than a lease ago answers reads at once, trusting that no follower will vote for anyone else
 * until its own election timeout has passed. The lease is counted in the leader's ticks and the
 * timeout in each follower's: the bargain holds only while the leader's clock keeps pace. If the
 * leader's clock runs slow, or the leader is frozen (a paused process fires one late tick when it
 * wakes, not the ticks it slept through), its lease outlives the followers' patience; cut off from
 * them, it keeps answering reads after they elected a new leader that committed newer writes.
 *
 * - unsafe: Raft `readOnly: 'lease-based'` (lease = election timeout − 2 ticks, with CheckQuorum);
 * - safe: ReadIndex (`readOnly: 'safe'`): every read waits for a heartbeat round acknowledged by a
 *   majority after it arrived, which no clock can fake.
 *
 * Workload: a read-mostly register (one writer, the other clients only read) on the lock service's
 * key-value store, judged by the linearizability checker (kv model), replica agreement and the
 * Raft monitors. Nemesis: the leader's clock slowed by 20 to 90 %, the leader cut off from the
 * servers (its clients still reach it), random halves of the servers, and leader pauses.
 */
import type { ReadOnlyMode } from '../../../core/raft/config.js';
import { intBetween, pick } from '../../../sim/random.js';
import { MS, SEC } from '../../../sim/time.js';
import type { CatalogueHazard, CatalogueSide, HazardRun, HazardSetup } from '../record.js';
import { hazardScenario } from '../runner.js';
import { knobValue } from '../../../core/designs/registry.js';
import { RAFT_LOCK_SERVICE } from '../../../core/designs/raft-lock-service/knobs.js';
import { buildSide } from '../../harness/designs/index.js';
import { clientIds, ELECTION_NS, faultPhaseFor, serverIds } from './timing.js';
import { readersAndWritersWorkload } from './readers-and-writers.js';

const SIDES: CatalogueSide[] = [
  {
    name: 'unsafe',
    design: 'raft-lock-service',
    knobs: { 'raft.readOnly': 'lease-based' },
    kind: 'unsafe',
    description: "leader-lease reads: the leader answers while a majority heard from it within a lease counted on its own clock, which may run slow or stop",
    expect: ['LIN'],
  },
  {
    name: 'safe',
    design: 'raft-lock-service',
    knobs: {},
    kind: 'safe',
    description: 'ReadIndex: every read is confirmed by a heartbeat round a majority acknowledges after the read arrived',
  },
];

function setup({ options, side, rng }: HazardSetup): HazardRun {
  const readOnly = knobValue<ReadOnlyMode>(side, 'raft.readOnly');
  const servers = serverIds(pick(rng, [3, 5]));
  const clients = clientIds(intBetween(rng, 3, 5));
  const sessionTtlNs = 1 * SEC;
  const lockDelayNs = 200 * MS;
  const faultPhaseNs = faultPhaseFor(options, 15 * SEC);
  const livenessBoundNs = ELECTION_NS + 2 * SEC;
  return {
    params: { servers: servers.length, clients: clients.length, writers: 1, readOnly: readOnly },
    servers,
    clients,
    // Clients give up on a silent server quickly, so the writer finds the new leader soon.
    system: buildSide(RAFT_LOCK_SERVICE, side, { servers, timing: { sessionTtlNs, lockDelayNs, requestTimeoutNs: 50 * MS } }),
    workload: (stopAt) => readersAndWritersWorkload({ keys: ['x', 'y'], values: 5, writers: clients.slice(0, 1), perClientGapNs: 30 * MS, stopAt }),
    nemesis: {
      // The clocks and pauses that matter are the leader's; clients keep time and keep reading.
      victimWeights: { leader: 4, server: 1, client: 0, resource: 0 },
      bounds: {
        intervalNs: { min: 200 * MS, max: 1 * SEC },
        durationNs: { min: 500 * MS, max: 3 * SEC },
        pauseNs: { min: 100 * MS, max: 1 * SEC },
        driftPpm: { min: 550_000, max: 800_000 },
      },
    },
    faultPhaseNs,
    livenessPhaseNs: livenessBoundNs + 1 * SEC,
    livenessBoundNs,
  };
}

/** The hazard as data; `setup` draws the seed's parameters and builds the run. */
export const LEASE_READ_DRIFT_HAZARD: CatalogueHazard = {
  case: 18,
  name: 'lease-read-drift',
  title: "leader-lease reads with a slow or frozen leader clock: the lease outlives the followers' patience",
  sources: ["etcd/raft's ReadOnlyLeaseBased: reads trust the leader's clock"],
  needs: ['kv-cas'],
  faults: ['clock-drift', 'isolate-leader', 'partition-random-halves', 'pause'],
  bias: { 'clock-drift': 3, 'isolate-leader': 3 },
  workload: 'readers-and-writers',
  validators: ['replica-agreement'],
  livenessBound: 'session TTL·(1+ε) + lock-delay + an election, after the heal',
  catchWithin: { from: 1, to: 100 },
  story: { file: 'scenarios/catalogue/raft/schedules/lease-read-drift.json', seed: 1, side: 'unsafe', shows: ['LIN'] },
  sides: SIDES,
  setup,
};

export const leaseReadDrift = hazardScenario(LEASE_READ_DRIFT_HAZARD);

