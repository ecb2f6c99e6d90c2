/**
 * Case 18 `lease-read-drift` (etcd's lease-based reads): a leader that a majority heard from less
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
import { World } from '../../../sim/world.js';
import { runLockScenario } from '../../harness/lock-run.js';
import type { DesignSpec, RunOptions, RunOutcome, Scenario } from '../../scenario.js';
import { clientIds, designOf, ELECTION_NS, faultPhaseFor, raftCell, serverIds } from './cell.js';
import { readersAndWritersWorkload } from './readers-and-writers.js';

const READ_MODES: Record<'unsafe' | 'safe', ReadOnlyMode> = { unsafe: 'lease-based', safe: 'safe' };

const DESIGNS: DesignSpec[] = [
  {
    name: 'unsafe',
    kind: 'unsafe',
    description: "leader-lease reads: the leader answers while a majority heard from it within a lease counted on its own clock, which may run slow or stop",
    expectKinds: ['LIN'],
  },
  {
    name: 'safe',
    kind: 'safe',
    description: 'ReadIndex: every read is confirmed by a heartbeat round a majority acknowledges after the read arrived',
  },
];

function run(options: RunOptions): RunOutcome {
  const design = designOf('lease-read-drift', options.design, ['unsafe', 'safe']);
  const rng = new World({ seed: options.seed, trace: 'none' }).random.stream('scenario');
  const servers = serverIds(pick(rng, [3, 5]));
  const clients = clientIds(intBetween(rng, 3, 5));
  const sessionTtlNs = 1 * SEC;
  const lockDelayNs = 200 * MS;
  const faultPhaseNs = faultPhaseFor(options, 15 * SEC);
  const livenessBoundNs = ELECTION_NS + 2 * SEC;
  return runLockScenario(
    {
      params: { servers: servers.length, clients: clients.length, writers: 1, readOnly: READ_MODES[design] },
      servers,
      clients,
      // Clients give up on a silent server quickly, so the writer finds the new leader soon.
      system: raftCell({ servers, sessionTtlNs, lockDelayNs, raft: { readOnly: READ_MODES[design] }, client: { requestTimeoutNs: 50 * MS } }),
      workload: (stopAt) => readersAndWritersWorkload({ keys: ['x', 'y'], values: 5, writers: clients.slice(0, 1), perClientGapNs: 30 * MS, stopAt }),
      nemesis: {
        kinds: ['clock-drift', 'isolate-leader', 'partition-random-halves', 'pause'],
        weights: { 'clock-drift': 3, 'isolate-leader': 3 },
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
      validators: ['replica-agreement'],
    },
    options,
  );
}

export const leaseReadDrift: Scenario = {
  name: 'lease-read-drift',
  title: "leader-lease reads with a slow or frozen leader clock: the lease outlives the followers' patience",
  source: "cases.md row 18 (etcd's lease-based reads)",
  caseNumber: 18,
  designs: DESIGNS,
  catchWithin: { from: 1, to: 100 },
  takesSchedule: true,
  run,
};
