/**
 * `failover-lease-reset` (Chubby, Consul, etcd): a new leader must not free a lock whose
 * holder still has lease time by the old leader's account. The unsafe design charges the time
 * since the old leader's last tick by comparing two different wall clocks (the new leader's now
 * against the old leader's stamp), so a new leader whose wall clock runs ahead ends leases early
 * and hands the lock on while its holder still believes. The fix lets no time pass in the log
 * while there is no leader: each lease is extended across a failover, never cut.
 *
 * Servers' wall clocks stand a few seconds apart (drawn from the seed; zero when a schedule
 * says "clocks": "zero"); the nemesis sets them further apart and forces failovers (isolating or
 * crashing the leader). It pauses no client: a paused client's belief is recorded until it wakes,
 * past the deadline it would have seen, which would read as an overlap that never was.
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
import { BASE_TIMING, electionNs, raftTiming, leaseTailNs, offsetsMs, standingOffsets, type LeaseTimingSpec } from './timing.js';

const NAME = 'failover-lease-reset';

const SIDES: CatalogueSide[] = [
  {
    name: 'unsafe',
    design: 'raft-lock-service',
    knobs: { 'lock.leasePolicy': 'failover-wall-gap' },
    kind: 'unsafe',
    description: "a new leader charges its wall clock minus the old leader's last stamp (lease policy failover-wall-gap)",
    expect: ['ME-belief'],
  },
  { name: 'safe', design: 'raft-lock-service', knobs: {}, kind: 'safe', description: 'no log time passes without a leader, so every lease is extended across a failover (lease policy log-time)' },
];

const FAULTS: FaultKind[] = ['clock-offset', 'isolate-leader', 'crash'];

function setup({ options, side, rng }: HazardSetup): HazardRun {
  const servers = ['n1', 'n2', 'n3'];
  const clients = Array.from({ length: intBetween(rng, 3, 5) }, (_, i) => `c${i + 1}`);
  const timing: LeaseTimingSpec = { ...BASE_TIMING, ttlNs: 2 * SEC, lockDelayNs: pick(rng, [50, 100]) * MS };
  // NTP keeps servers' wall clocks only roughly together: each server's is set apart by up to a
  // few seconds, either way, for the whole run (the nemesis adds offsets of its own).
  const wallOffsets = standingOffsets(servers, () => Math.round((rng() * 2 - 1) * 4 * SEC), options.schedule);
  const livenessBoundNs = electionNs(timing) + leaseTailNs(timing) + 2 * SEC;
  return {
    params: {
      servers: servers.length,
      clients: clients.length,
      sessionTtlMs: timing.ttlNs / MS,
      lockDelayMs: timing.lockDelayNs / MS,
      epsilon: timing.epsilon,
      wallOffsetsMs: offsetsMs(wallOffsets),
      design: options.design,
    },
    servers,
    clients,
    resource: RESOURCE_ID,
    system: buildSide(RAFT_LOCK_SERVICE, side, { servers, timing: raftTiming(timing), resource: true, serverClock: (id) => ({ wallOffsetNs: wallOffsets.get(id) ?? 0 }) }),
    workload: (stopAt) => lockCounterWorkload({ lock: 'L', key: 'counter', stopAt, thinkMeanNs: 50 * MS, retryMeanNs: 100 * MS, workMeanNs: timing.ttlNs / 2 }),
    nemesis: {
      crashModes: ['clean'],
      bounds: {
        intervalNs: { min: 300 * MS, max: 1500 * MS },
        durationNs: { min: 1 * SEC, max: 8 * SEC },
        // Offsets about as long as a lease end some leases and spare others, which is when a
        // waiter whose lease survived is granted a lock whose holder still believes.
        jumpNs: { min: 500 * MS, max: 4 * SEC },
      },
    },
    faultPhaseNs: 15 * SEC,
    livenessPhaseNs: livenessBoundNs + 3 * SEC,
    livenessBoundNs,
  };
}

/** The hazard as data; `setup` draws the seed's parameters and builds the run. */
export const FAILOVER_LEASE_RESET_HAZARD: CatalogueHazard = {
  case: 13,
  name: NAME,
  title: 'a new leader whose wall clock runs ahead frees locks whose holders still have lease time',
  sources: ['Chubby, Consul and etcd: a new leader must carry leases over a failover conservatively'],
  needs: ['mutex', 'fenced-resource'],
  faults: FAULTS,
  bias: { 'clock-offset': 4, 'isolate-leader': 3, crash: 2 },
  workload: 'lock-counter',
  validators: ['belief-overlap', 'effect-overlap', 'lost-update', 'fencing', 'liveness', 'lease-audit', 'replica-agreement'],
  livenessBound: 'an election + TTL·(1+ε) + tick slack + lock-delay + 2 s, after the heal',
  catchWithin: { from: 1, to: 100 },
  story: { file: 'scenarios/catalogue/leases/schedules/failover-lease-reset.json', seed: 1, side: 'unsafe', shows: ['ME-belief'] },
  sides: SIDES,
  setup,
};

export const failoverLeaseReset = hazardScenario(FAILOVER_LEASE_RESET_HAZARD);

