/**
 * `replica-local-timers` (the per-replica release timers of seeds 001 and 004, ChubbyGo):
 * each replica arms its own timer when it applies a grant and frees the lock when that timer
 * fires, outside the log. Replicas apply at different moments (a lagging or partitioned follower
 * catches up in a burst, a restarted one arms every timer afresh) and their clocks run at
 * different rates, so they free locks at different points of the log and answer the same command
 * differently: the replicas disagree (DIV), and after a failover the new leader's answers cannot
 * be ordered with the old one's (LIN). The fix lets time enter the state machine only as ticks in
 * the log, proposed by the leader, so every replica frees a lock at the same entry.
 *
 * The workload is the TTL-lock API (try-lock with an expiry, unlock by owner, some holders never
 * unlock); the nemesis delays, partitions, crashes and drifts servers, and moves the leadership.
 * Lock-delay is 0 here, so that the ttl-lock model, which knows no lock-delay, judges exactly.
 */
import type { FaultKind } from '../../../nemesis/kinds.js';
import { intBetween, pick } from '../../../sim/random.js';
import { MS, SEC } from '../../../sim/time.js';
import type { CatalogueHazard, CatalogueSide, HazardRun, HazardSetup } from '../record.js';
import { hazardScenario } from '../runner.js';
import { ttlLockWorkload } from '../../workloads/ttl-lock.js';
import { RAFT_LOCK_SERVICE } from '../../../core/designs/raft-lock-service/knobs.js';
import { buildSide } from '../../harness/designs/index.js';
import { BASE_TIMING, electionNs, raftTiming, leaseTailNs, type LeaseTimingSpec } from './timing.js';

const NAME = 'replica-local-timers';

const SIDES: CatalogueSide[] = [
  {
    name: 'unsafe',
    design: 'raft-lock-service',
    knobs: { 'lock.leasePolicy': 'replica-local-timers' },
    kind: 'unsafe',
    description: "each replica frees a lock when its own timer fires, outside the log (lease policy replica-local-timers)",
    expect: ['DIV', 'LIN'],
  },
  { name: 'safe', design: 'raft-lock-service', knobs: {}, kind: 'safe', description: "expiry only at ticks in the log, proposed by the leader (lease policy log-time)" },
];

const FAULTS: FaultKind[] = ['delay', 'isolate', 'isolate-leader', 'crash', 'clock-drift'];

function setup({ options, side, rng }: HazardSetup): HazardRun {
  const servers = ['n1', 'n2', 'n3'];
  const clients = Array.from({ length: intBetween(rng, 3, 4) }, (_, i) => `c${i + 1}`);
  const expireMs = pick(rng, [1000, 2000]);
  const timing: LeaseTimingSpec = { ...BASE_TIMING, ttlNs: expireMs * MS, lockDelayNs: 0 };
  const maxDelayNs = 400 * MS;
  const livenessBoundNs = electionNs(timing) + leaseTailNs(timing) + maxDelayNs + 2 * SEC;
  return {
    params: { servers: servers.length, clients: clients.length, expireMs, lockDelayMs: 0, epsilon: timing.epsilon, design: options.design },
    servers,
    clients,
    system: buildSide(RAFT_LOCK_SERVICE, side, { servers, timing: raftTiming(timing) }),
    workload: (stopAt) =>
      ttlLockWorkload({ resource: 'L', expireMs, holdMeanNs: (expireMs * MS) / 3, thinkMeanNs: 100 * MS, abandonProbability: 0.3, stopAt }),
    nemesis: {
      crashModes: ['clean'],
      bounds: {
        intervalNs: { min: 300 * MS, max: 2 * SEC },
        durationNs: { min: 300 * MS, max: 4 * SEC },
        delayMeanNs: { min: 10 * MS, max: maxDelayNs / 2 },
        // Within the bound ε the leases are counted against, so the safe design may rely on it.
        driftPpm: { min: 1_000, max: Math.round((timing.epsilon / 2) * 1e6) },
      },
    },
    faultPhaseNs: 15 * SEC,
    livenessPhaseNs: livenessBoundNs + 3 * SEC,
    livenessBoundNs,
    linModels: ['ttl-lock'],
  };
}

/** The hazard as data; `setup` draws the seed's parameters and builds the run. */
export const REPLICA_LOCAL_TIMERS_HAZARD: CatalogueHazard = {
  case: 15,
  name: NAME,
  title: 'replicas that free locks on their own timers disagree, and a failover shows it',
  sources: ['ChubbyGo: each replica releases a lock with its own timer, outside the log'],
  needs: ['try-lock-ttl'],
  faults: FAULTS,
  bias: { isolate: 2, 'isolate-leader': 2, crash: 2 },
  workload: 'ttl-lock',
  validators: ['belief-overlap', 'liveness', 'lease-audit', 'replica-agreement'],
  livenessBound: 'an election + TTL·(1+ε) + tick slack + 2 s, after the heal',
  catchWithin: { from: 1, to: 100 },
  story: { file: 'scenarios/catalogue/leases/schedules/replica-local-timers.json', seed: 1, side: 'unsafe', shows: ['DIV', 'LIN'] },
  sides: SIDES,
  setup,
};

export const replicaLocalTimers = hazardScenario(REPLICA_LOCAL_TIMERS_HAZARD);

