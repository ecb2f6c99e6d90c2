/**
 * `wall-clock-jump` (the Redlock debate): the lock server decides expiry from its wall
 * clock, so an NTP step forward on the leader ends every lease at once, and a waiting client is
 * granted a lock whose holder still counts a good part of its lease. The fix times leases in log
 * time, the sum of what leaders measured on their monotonic clocks, which no wall step can move.
 *
 * The nemesis leans on wall-clock steps of servers (the leader most of all), with leader
 * isolations so that a server whose wall clock was stepped earlier can become the leader and
 * bring its clock to the log.
 */
import type { FaultKind } from '../../../nemesis/kinds.js';
import { intBetween, pick } from '../../../sim/random.js';
import { MS, SEC } from '../../../sim/time.js';
import { RESOURCE_ID } from '../../harness/cluster.js';
import type { CatalogueHazard, CatalogueSide, HazardRun, HazardSetup } from '../record.js';
import { hazardScenario } from '../runner.js';
import { lockCounterWorkload } from '../../workloads/lock-counter.js';
import { RAFT_LOCK_SERVICE } from '../../../core/designs/raft-lock-service/knobs.js';
import { buildSide } from '../../harness/designs/index.js';
import { BASE_TIMING, electionNs, raftTiming, leaseTailNs, type LeaseTimingSpec } from './timing.js';

const NAME = 'wall-clock-jump';

const SIDES: CatalogueSide[] = [
  {
    name: 'unsafe',
    design: 'raft-lock-service',
    knobs: { 'lock.leasePolicy': 'wall-clock' },
    kind: 'unsafe',
    description: "expiry by the leader's wall clock (lease policy wall-clock): a step forward ends leases early",
    expect: ['ME-belief'],
  },
  { name: 'safe', design: 'raft-lock-service', knobs: {}, kind: 'safe', description: 'expiry in log time, advanced by the leaders\' monotonic clocks (lease policy log-time)' },
];

const FAULTS: FaultKind[] = ['clock-jump', 'clock-strobe', 'isolate-leader', 'delay'];

function setup({ options, side, rng }: HazardSetup): HazardRun {
  const servers = ['n1', 'n2', 'n3'];
  const clients = Array.from({ length: intBetween(rng, 3, 5) }, (_, i) => `c${i + 1}`);
  const timing: LeaseTimingSpec = { ...BASE_TIMING, ttlNs: pick(rng, [1, 2]) * SEC, lockDelayNs: pick(rng, [50, 150]) * MS };
  const maxDelayNs = 200 * MS;
  const livenessBoundNs = electionNs(timing) + leaseTailNs(timing) + maxDelayNs + 2 * SEC;
  return {
    params: { servers: servers.length, clients: clients.length, sessionTtlMs: timing.ttlNs / MS, lockDelayMs: timing.lockDelayNs / MS, epsilon: timing.epsilon, design: options.design },
    servers,
    clients,
    resource: RESOURCE_ID,
    system: buildSide(RAFT_LOCK_SERVICE, side, { servers, timing: raftTiming(timing), resource: true }),
    workload: (stopAt) => lockCounterWorkload({ lock: 'L', key: 'counter', stopAt, thinkMeanNs: 50 * MS, retryMeanNs: 100 * MS, workMeanNs: timing.ttlNs / 3 }),
    nemesis: {
      bounds: {
        intervalNs: { min: 300 * MS, max: 3 * SEC },
        jumpNs: { min: 200 * MS, max: 30 * SEC },
        strobePeriodNs: { min: 50 * MS, max: 1 * SEC },
        delayMeanNs: { min: 2 * MS, max: maxDelayNs / 2 },
      },
    },
    faultPhaseNs: 15 * SEC,
    livenessPhaseNs: livenessBoundNs + 3 * SEC,
    livenessBoundNs,
  };
}

/** The hazard as data; `setup` draws the seed's parameters and builds the run. */
export const WALL_CLOCK_JUMP_HAZARD: CatalogueHazard = {
  case: 8,
  name: NAME,
  title: "an NTP step forward on the leader ends leases early when expiry reads the wall clock",
  sources: ['the Redlock debate (Kleppmann and antirez, 2016): expiry by a wall clock that NTP may step'],
  needs: ['mutex', 'fenced-resource'],
  faults: FAULTS,
  bias: { 'clock-jump': 6, 'isolate-leader': 2 },
  workload: 'lock-counter',
  validators: ['belief-overlap', 'effect-overlap', 'lost-update', 'fencing', 'liveness', 'lease-audit', 'replica-agreement'],
  livenessBound: 'an election + TTL·(1+ε) + tick slack + lock-delay + the longest delay + 2 s, after the heal',
  catchWithin: { from: 1, to: 100 },
  story: { file: 'scenarios/catalogue/leases/schedules/wall-clock-jump.json', seed: 1, side: 'unsafe', shows: ['ME-belief'] },
  sides: SIDES,
  setup,
};

export const wallClockJump = hazardScenario(WALL_CLOCK_JUMP_HAZARD);

