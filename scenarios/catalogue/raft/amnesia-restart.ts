/**
 * Case 9 `amnesia-restart` (seed 001, the persistence strategies always / everysec / no): Raft's
 * promises are promises about the disk. A vote, a term, a log entry acknowledged to the leader
 * must survive a crash; a node that answers before its writes reach the platter can come back
 * from a power loss without them. It may then vote a second time in a term it already voted in
 * (two leaders of one term), or have forgotten an entry it helped commit, so that a new majority
 * elects a leader without a grant that a client was told it holds: the lock is granted twice.
 *
 * - unsafe: fsync policy `no` (the page cache is flushed every 30 s);
 * - unsafe-everysec: fsync once a second (Redis's `appendfsync everysec`): at most a second lost;
 * - safe: `always` (every batch is on disk before its messages leave).
 *
 * Workload: a lock-guarded counter on a fencing resource. Judged by the Raft monitors (election
 * safety, log matching, leader completeness, state-machine safety), belief overlap, effect overlap
 * and lost updates at the resource, fencing monotonicity, liveness, and replica agreement. (The
 * resource fences because the clients' program writes after its belief may have ended, as every
 * program can; without fencing the safe design would lose updates for reasons that are not this
 * case's. Behind it, a forgotten grant shows mostly as tokens going back down: FM.)
 * Nemesis: power-loss crashes (the unsynced tail is lost, or the last record torn) of servers and
 * mostly of the leader, with leader isolation and partitions to force the elections in which a
 * forgotten vote or entry matters.
 */
import type { FsyncPolicy } from '../../../core/env.js';
import { intBetween, pick } from '../../../sim/random.js';
import { MS, SEC } from '../../../sim/time.js';
import { World } from '../../../sim/world.js';
import { RESOURCE_ID } from '../../harness/cluster.js';
import { runLockScenario } from '../../harness/lock-run.js';
import type { DesignSpec, RunOptions, RunOutcome, Scenario } from '../../scenario.js';
import { lockCounterWorkload } from '../../workloads/lock-counter.js';
import { clientIds, designOf, faultPhaseFor, livenessBound, raftCell, serverIds } from './cell.js';

const FSYNC: Record<'unsafe' | 'unsafe-everysec' | 'safe', FsyncPolicy> = { unsafe: 'no', 'unsafe-everysec': 'everysec', safe: 'always' };

// The table's RAFT, LW and ME; behind a fencing resource a forgotten grant shows as well as
// fencing tokens (log indices) that go back down.
const BREAKS = ['RAFT', 'LW', 'ME-belief', 'ME-effect', 'FM'] as const;

const DESIGNS: DesignSpec[] = [
  {
    name: 'unsafe',
    kind: 'unsafe',
    description: 'fsync "no": a power loss takes back votes and log entries the node had already acknowledged',
    expectKinds: [...BREAKS],
  },
  {
    name: 'unsafe-everysec',
    kind: 'unsafe',
    description: 'fsync once a second: a power loss takes back up to a second of acknowledged votes and entries',
    expectKinds: [...BREAKS],
  },
  {
    name: 'safe',
    kind: 'safe',
    description: 'fsync "always": every vote and entry is durable before the message that promises it leaves',
  },
];

function run(options: RunOptions): RunOutcome {
  const design = designOf('amnesia-restart', options.design, ['unsafe', 'unsafe-everysec', 'safe']);
  const rng = new World({ seed: options.seed, trace: 'none' }).random.stream('scenario');
  const servers = serverIds(pick(rng, [3, 5]));
  const clients = clientIds(intBetween(rng, 3, 6));
  const sessionTtlNs = pick(rng, [500, 1000]) * MS;
  const lockDelayNs = 200 * MS;
  const faultPhaseNs = faultPhaseFor(options, 20 * SEC);
  const livenessBoundNs = livenessBound(sessionTtlNs, lockDelayNs);
  return runLockScenario(
    {
      params: { servers: servers.length, clients: clients.length, sessionTtlMs: sessionTtlNs / MS, lockDelayMs: lockDelayNs / MS, fsync: FSYNC[design], resource: 'fenced' },
      servers,
      clients,
      resource: RESOURCE_ID,
      system: raftCell({ servers, sessionTtlNs, lockDelayNs, fsync: FSYNC[design], resource: 'fenced' }),
      workload: (stopAt) => lockCounterWorkload({ lock: 'L', key: 'counter', stopAt, thinkMeanNs: 30 * MS, retryMeanNs: 50 * MS, workMeanNs: 20 * MS }),
      nemesis: {
        kinds: ['crash', 'isolate-leader', 'partition-random-halves'],
        weights: { crash: 4, 'isolate-leader': 2 },
        crashModes: ['lose-unsynced', 'torn'],
        // A power cut may take several machines at once, up to the whole cell.
        maxCrashedServers: servers.length,
        victimWeights: { leader: 3, server: 2, client: 0, resource: 0 },
        bounds: {
          intervalNs: { min: 100 * MS, max: 1 * SEC },
          durationNs: { min: 100 * MS, max: 2 * SEC },
        },
      },
      faultPhaseNs,
      livenessPhaseNs: livenessBoundNs + 3 * SEC,
      livenessBoundNs,
      validators: ['belief-overlap', 'effect-overlap', 'lost-update', 'fencing', 'liveness', 'replica-agreement'],
    },
    options,
  );
}

export const amnesiaRestart: Scenario = {
  name: 'amnesia-restart',
  title: 'Raft on a disk that acknowledges before it syncs: a power loss forgets votes and committed grants',
  source: 'cases.md row 9 (seed 001, persistence strategies always/everysec/no)',
  caseNumber: 9,
  designs: DESIGNS,
  catchWithin: { from: 1, to: 100 },
  takesSchedule: true,
  run,
};
