/**
 * `amnesia-restart` (seed 001, the persistence strategies always / everysec / no): Raft's
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
import { RESOURCE_ID } from '../../harness/cluster.js';
import type { CatalogueHazard, CatalogueSide, HazardRun, HazardSetup } from '../record.js';
import { hazardScenario } from '../runner.js';
import { knobValue } from '../../../core/designs/registry.js';
import { lockCounterWorkload } from '../../workloads/lock-counter.js';
import { RAFT_LOCK_SERVICE } from '../../../core/designs/raft-lock-service/knobs.js';
import { buildSide } from '../../harness/designs/index.js';
import { clientIds, faultPhaseFor, livenessBound, serverIds } from './timing.js';

// The table's RAFT, LW and ME; behind a fencing resource a forgotten grant shows as well as
// fencing tokens (log indices) that go back down.
const BREAKS = ['RAFT', 'LW', 'ME-belief', 'ME-effect', 'FM'] as const;

const SIDES: CatalogueSide[] = [
  {
    name: 'unsafe',
    design: 'raft-lock-service',
    knobs: { fsync: 'no' },
    kind: 'unsafe',
    description: 'fsync "no": a power loss takes back votes and log entries the node had already acknowledged',
    expect: [...BREAKS],
  },
  {
    name: 'unsafe-everysec',
    design: 'raft-lock-service',
    knobs: { fsync: 'everysec' },
    kind: 'unsafe',
    description: 'fsync once a second: a power loss takes back up to a second of acknowledged votes and entries',
    expect: [...BREAKS],
  },
  {
    name: 'safe',
    design: 'raft-lock-service',
    knobs: {},
    kind: 'safe',
    description: 'fsync "always": every vote and entry is durable before the message that promises it leaves',
  },
];

function setup({ options, side, rng }: HazardSetup): HazardRun {
  const fsync = knobValue<FsyncPolicy>(side, 'fsync');
  const servers = serverIds(pick(rng, [3, 5]));
  const clients = clientIds(intBetween(rng, 3, 6));
  const sessionTtlNs = pick(rng, [500, 1000]) * MS;
  const lockDelayNs = 200 * MS;
  const faultPhaseNs = faultPhaseFor(options, 20 * SEC);
  const livenessBoundNs = livenessBound(sessionTtlNs, lockDelayNs);
  return {
    params: { servers: servers.length, clients: clients.length, sessionTtlMs: sessionTtlNs / MS, lockDelayMs: lockDelayNs / MS, fsync: fsync, resource: 'fenced' },
    servers,
    clients,
    resource: RESOURCE_ID,
    system: buildSide(RAFT_LOCK_SERVICE, side, { servers, timing: { sessionTtlNs, lockDelayNs }, resource: true }),
    workload: (stopAt) => lockCounterWorkload({ lock: 'L', key: 'counter', stopAt, thinkMeanNs: 30 * MS, retryMeanNs: 50 * MS, workMeanNs: 20 * MS }),
    nemesis: {
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
  };
}

/** The hazard as data; `setup` draws the seed's parameters and builds the run. */
export const AMNESIA_RESTART_HAZARD: CatalogueHazard = {
  case: 9,
  name: 'amnesia-restart',
  title: 'Raft on a disk that acknowledges before it syncs: a power loss forgets votes and committed grants',
  sources: ['ChubbyGo and Redis persistence strategies always / everysec / no', 'Raft (Ongaro and Ousterhout): votes and entries must be durable before they are acknowledged'],
  needs: ['mutex', 'fenced-resource'],
  faults: ['crash', 'isolate-leader', 'partition-random-halves'],
  bias: { crash: 4, 'isolate-leader': 2 },
  workload: 'lock-counter',
  validators: ['belief-overlap', 'effect-overlap', 'lost-update', 'fencing', 'liveness', 'replica-agreement'],
  livenessBound: 'session TTL·(1+ε) + lock-delay + an election, after the heal',
  catchWithin: { from: 1, to: 100 },
  story: { file: 'scenarios/catalogue/raft/schedules/amnesia-restart.json', seed: 1, side: 'unsafe', shows: ['FM', 'RAFT'] },
  sides: SIDES,
  setup,
};

export const amnesiaRestart = hazardScenario(AMNESIA_RESTART_HAZARD);

