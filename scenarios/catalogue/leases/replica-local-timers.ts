/**
 * Case 15 `replica-local-timers` (the per-replica release timers of seeds 001 and 004, ChubbyGo):
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
import { UNSAFE_LOCK_DESIGNS } from '../../../core/lock/unsafe-designs.js';
import type { FaultKind } from '../../../nemesis/kinds.js';
import { intBetween, pick, RandomStreams } from '../../../sim/random.js';
import { MS, SEC } from '../../../sim/time.js';
import { runLockScenario } from '../../harness/lock-run.js';
import type { DesignSpec, RunOptions, RunOutcome, Scenario } from '../../scenario.js';
import { ttlLockWorkload } from '../../workloads/ttl-lock.js';
import { designConfig } from './designs.js';
import { BASE_TIMING, electionNs, leaseCell, leaseTailNs, type LeaseTimingSpec } from './lease-cell.js';

const NAME = 'replica-local-timers';

const DESIGNS: DesignSpec[] = [
  {
    name: 'unsafe',
    kind: 'unsafe',
    description: "each replica frees a lock when its own timer fires, outside the log (lease policy replica-local-timers)",
    expectKinds: ['DIV', 'LIN'],
  },
  { name: 'safe', kind: 'safe', description: "expiry only at ticks in the log, proposed by the leader (lease policy log-time)" },
];

const CONFIGS = { unsafe: UNSAFE_LOCK_DESIGNS[NAME].config, safe: {} };

const FAULTS: FaultKind[] = ['delay', 'isolate', 'isolate-leader', 'crash', 'clock-drift'];

function run(options: RunOptions): RunOutcome {
  const design = designConfig(NAME, CONFIGS, options.design);
  const rng = new RandomStreams(options.seed).stream('scenario');
  const servers = ['n1', 'n2', 'n3'];
  const clients = Array.from({ length: intBetween(rng, 3, 4) }, (_, i) => `c${i + 1}`);
  const expireMs = pick(rng, [1000, 2000]);
  const timing: LeaseTimingSpec = { ...BASE_TIMING, ttlNs: expireMs * MS, lockDelayNs: 0 };
  const maxDelayNs = 400 * MS;
  const livenessBoundNs = electionNs(timing) + leaseTailNs(timing) + maxDelayNs + 2 * SEC;
  return runLockScenario(
    {
      params: { servers: servers.length, clients: clients.length, expireMs, lockDelayMs: 0, epsilon: timing.epsilon, design: options.design },
      servers,
      clients,
      system: leaseCell({ servers, timing, design }),
      workload: (stopAt) =>
        ttlLockWorkload({ resource: 'L', expireMs, holdMeanNs: (expireMs * MS) / 3, thinkMeanNs: 100 * MS, abandonProbability: 0.3, stopAt }),
      nemesis: {
        kinds: FAULTS,
        weights: { isolate: 2, 'isolate-leader': 2, crash: 2 },
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
      validators: ['belief-overlap', 'liveness', 'lease-audit', 'replica-agreement'],
      linModels: ['ttl-lock'],
    },
    options,
  );
}

export const replicaLocalTimers: Scenario = {
  name: NAME,
  title: 'replicas that free locks on their own timers disagree, and a failover shows it',
  source: 'cases.md row 15 (per-replica release timers, seeds 001/004, ChubbyGo)',
  caseNumber: 15,
  designs: DESIGNS,
  catchWithin: { from: 1, to: 100 },
  takesSchedule: true,
  run,
};
