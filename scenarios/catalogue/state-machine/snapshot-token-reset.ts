/**
 * `snapshot-token-reset` (ChubbyGo's snapshots): fencing tokens come from a counter in the
 * lock service's state, and the snapshot leaves the counter out. A server that restarts rebuilds
 * its state from the snapshot and the log after it, so its counter starts again from the grants
 * since the snapshot; once it leads (or once the whole cell has restarted), the tokens it hands
 * out are lower than ones already handed out, and a fenced resource refuses the new holder for
 * the old one's sake. The replicas also disagree on the counter.
 *
 * Unsafe: `tokenSource: 'counter'` with `snapshotOmits: ['counter']`. Safe: tokens are the log
 * index of the grant (no snapshot can lose it) and the snapshot holds the whole state. A second
 * safe design keeps the counter but snapshots it: the omission is the hazard, not the counter.
 * The cell compacts its log every 20 entries and the nemesis crashes servers, the leader most.
 */
import type { FaultKind } from '../../../nemesis/kinds.js';
import { intBetween } from '../../../sim/random.js';
import { MS, SEC } from '../../../sim/time.js';
import { RESOURCE_ID } from '../../harness/cluster.js';
import type { CatalogueHazard, CatalogueSide, HazardRun, HazardSetup } from '../record.js';
import { hazardScenario } from '../runner.js';
import { lockCounterWorkload } from '../../workloads/lock-counter.js';
import { RAFT_LOCK_SERVICE } from '../../../core/designs/raft-lock-service/knobs.js';
import { buildSide } from '../../harness/designs/index.js';
import { CELL_TIMING, faultPhaseNs, ids, livenessBound } from './timing.js';

const SIDES: CatalogueSide[] = [
  { name: 'safe', design: 'raft-lock-service', knobs: {}, kind: 'safe', description: 'tokens are the log index of the grant; the snapshot holds the whole state' },
  { name: 'safe-whole-snapshot', design: 'raft-lock-service', knobs: { 'lock.tokenSource': 'counter' }, kind: 'safe', description: 'tokens from a counter in the state, and the snapshot keeps the counter' },
  {
    name: 'unsafe',
    design: 'raft-lock-service',
    knobs: { 'lock.tokenSource': 'counter', 'lock.snapshotOmits': ['counter'] },
    kind: 'unsafe',
    description: 'tokens from a counter that the snapshot leaves out, so a restarted server counts again from its snapshot',
    expect: ['FM', 'ME-effect', 'ME-belief', 'DIV'],
  },
];

/** Crashes (a restart reads the snapshot) and isolated leaders (so the restarted node gets to lead). */
const FAULTS: FaultKind[] = ['crash', 'isolate-leader'];
const SNAPSHOT_ENTRIES = 20;

function setup({ options, side, rng }: HazardSetup): HazardRun {
  const servers = ids('n', 3);
  const clients = ids('c', intBetween(rng, 3, 4));
  const t = CELL_TIMING;
  const livenessBoundNs = livenessBound(t, 0);
  return {
    params: {
      servers: servers.length,
      clients: clients.length,
      snapshotEntries: SNAPSHOT_ENTRIES,
      sessionTtlMs: t.sessionTtlNs / MS,
      lockDelayMs: t.lockDelayNs / MS,
      resource: 'fenced',
    },
    servers,
    clients,
    resource: RESOURCE_ID,
    system: buildSide(RAFT_LOCK_SERVICE, side, { servers, timing: t, resource: true, snapshotEntries: SNAPSHOT_ENTRIES }),
    workload: (stopAt) => lockCounterWorkload({ lock: 'L', key: 'counter', stopAt, thinkMeanNs: 50 * MS, retryMeanNs: 100 * MS, workMeanNs: 30 * MS }),
    nemesis: {
      crashModes: ['clean'],
      // Servers only, the leader most; the whole cell may be down at once.
      victimWeights: { server: 2, leader: 3, client: 0, resource: 0 },
      maxCrashedServers: servers.length,
      bounds: {
        intervalNs: { min: 500 * MS, max: 3 * SEC },
        durationNs: { min: 200 * MS, max: 2 * SEC },
      },
    },
    faultPhaseNs: faultPhaseNs(options, 20 * SEC),
    livenessPhaseNs: livenessBoundNs + 3 * SEC,
    livenessBoundNs,
  };
}

/** The hazard as data; `setup` draws the seed's parameters and builds the run. */
export const SNAPSHOT_TOKEN_RESET_HAZARD: CatalogueHazard = {
  case: 16,
  name: 'snapshot-token-reset',
  title: 'a snapshot leaves the token counter out, so after a restart tokens go backwards',
  sources: ['ChubbyGo: tokens from a counter that the snapshot does not hold'],
  needs: ['mutex', 'fenced-resource'],
  faults: FAULTS,
  bias: { crash: 3 },
  workload: 'lock-counter',
  validators: ['belief-overlap', 'effect-overlap', 'lost-update', 'fencing', 'liveness', 'replica-agreement'],
  livenessBound: 'an election + TTL·(1+ε) + lock-delay, after the heal',
  catchWithin: { from: 1, to: 100 },
  story: { file: 'scenarios/catalogue/state-machine/schedules/snapshot-token-reset.json', seed: 1, side: 'unsafe', shows: ['FM', 'ME-effect'] },
  sides: SIDES,
  setup,
};

export const snapshotTokenReset = hazardScenario(SNAPSHOT_TOKEN_RESET_HAZARD);

