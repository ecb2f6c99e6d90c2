/**
 * `flapping-leader-renew` (etcd before lease checkpoints, Consul's session timers): the
 * remaining lease is not in the replicated state, so every new leader starts every lease afresh
 * with its full TTL. While leaders change more often than the TTL, the session of a holder that
 * died is renewed by each election, and its lock is never freed: the clients queued behind it wait
 * for as long as the flapping lasts. The fix keeps the lease's end in the replicated state (log
 * time), so a new leader carries on counting where the old one stopped.
 *
 * The nemesis crashes and isolates leaders often (faster than the TTL), and crashes clients, some
 * of them while they hold the lock. Waiters stay queued (no give-up before the run ends), so the
 * liveness check's maximum wait sees how long a dead holder's lock stayed taken.
 */
import type { FaultKind } from '../../../nemesis/kinds.js';
import { pick, RandomStreams } from '../../../sim/random.js';
import { MS, SEC } from '../../../sim/time.js';
import { RESOURCE_ID } from '../../harness/cluster.js';
import type { CatalogueHazard, CatalogueSide, HazardRun, HazardSetup } from '../record.js';
import { hazardScenario } from '../runner.js';
import { lockCounterWorkload } from '../../workloads/lock-counter.js';
import { RAFT_LOCK_SERVICE } from '../../../core/designs/raft-lock-service/knobs.js';
import { buildSide } from '../../harness/designs/index.js';
import { BASE_TIMING, electionNs, raftTiming, leaseTailNs, type LeaseTimingSpec } from './timing.js';

const NAME = 'flapping-leader-renew';

const SIDES: CatalogueSide[] = [
  {
    name: 'unsafe',
    design: 'raft-lock-service',
    knobs: { 'lock.leasePolicy': 'reset-on-leader-change' },
    kind: 'unsafe',
    description: 'every leader change restarts the TTL of every lease (lease policy reset-on-leader-change)',
    expect: ['LV'],
  },
  { name: 'safe', design: 'raft-lock-service', knobs: {}, kind: 'safe', description: "the lease's end is log time in the replicated state; a new leader goes on from it (lease policy log-time)" },
];

const FAULTS: FaultKind[] = ['isolate-leader', 'crash'];

function setup({ options, side, rng }: HazardSetup): HazardRun {
  const servers = ['n1', 'n2', 'n3'];
  const clients = ['c1', 'c2', 'c3'];
  const timing: LeaseTimingSpec = { ...BASE_TIMING, ttlNs: 2 * SEC, lockDelayNs: pick(rng, [50, 150]) * MS };
  const faultPhaseNs = 20 * SEC;
  const livenessBoundNs = electionNs(timing) + leaseTailNs(timing) + 2 * SEC;
  // The longest a waiter may queue: behind every other client dead in turn, each one's lease
  // running out in log time, which stands still while leaders are elected (up to a third of the
  // time under this nemesis), plus a second for the live holders' work.
  const maxWaitNs = Math.round(1.5 * (clients.length - 1) * (leaseTailNs(timing) + electionNs(timing))) + 1 * SEC;
  return {
    params: { servers: servers.length, clients: clients.length, sessionTtlMs: timing.ttlNs / MS, lockDelayMs: timing.lockDelayNs / MS, maxWaitMs: maxWaitNs / MS, design: options.design },
    servers,
    clients,
    resource: RESOURCE_ID,
    system: buildSide(RAFT_LOCK_SERVICE, side, { servers, timing: { ...raftTiming(timing), acquireMaxWaitNs: faultPhaseNs + 30 * SEC }, resource: true }),
    // The workload stops cleanly at the run's end: the cycles under way finish (a holder releases).
    workload: (stopAt) =>
      lockCounterWorkload({ lock: 'L', key: 'counter', stopAt, thinkMeanNs: 100 * MS, retryMeanNs: 100 * MS, workMeanNs: 100 * MS }),
    nemesis: {
      crashModes: ['clean'],
      bounds: {
        intervalNs: { min: 200 * MS, max: 500 * MS },
        durationNs: { min: 200 * MS, max: 1500 * MS },
      },
    },
    faultPhaseNs,
    livenessPhaseNs: livenessBoundNs + 3 * SEC,
    livenessBoundNs,
    maxWaitNs,
  };
}

/** The hazard as data; `setup` draws the seed's parameters and builds the run. */
export const FLAPPING_LEADER_RENEW_HAZARD: CatalogueHazard = {
  case: 14,
  name: NAME,
  title: "leaders changing faster than the TTL keep a dead holder's lock alive when each one restarts every lease",
  sources: ['etcd lease checkpoints (a lease renewed by every leader change never ends)', 'Consul session TTLs'],
  needs: ['mutex', 'fenced-resource'],
  faults: FAULTS,
  bias: { 'isolate-leader': 3, crash: 2 },
  workload: 'lock-counter',
  validators: ['belief-overlap', 'effect-overlap', 'lost-update', 'fencing', 'liveness', 'lease-audit', 'replica-agreement'],
  livenessBound: 'an election + TTL·(1+ε) + tick slack + lock-delay + 2 s after the heal, and a maximum acquire wait',
  catchWithin: { from: 1, to: 100 },
  story: { file: 'scenarios/catalogue/leases/schedules/flapping-leader-renew.json', seed: 1, side: 'unsafe', shows: ['LV'] },
  sides: SIDES,
  setup,
};

export const flappingLeaderRenew = hazardScenario(FLAPPING_LEADER_RENEW_HAZARD);

