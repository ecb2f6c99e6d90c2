/**
 * Case 8 `wall-clock-jump` (the Redlock debate): the lock server decides expiry from its wall
 * clock, so an NTP step forward on the leader ends every lease at once, and a waiting client is
 * granted a lock whose holder still counts a good part of its lease. The fix times leases in log
 * time, the sum of what leaders measured on their monotonic clocks, which no wall step can move.
 *
 * The nemesis leans on wall-clock steps of servers (the leader most of all), with leader
 * isolations so that a server whose wall clock was stepped earlier can become the leader and
 * bring its clock to the log.
 */
import type { FaultKind } from '../../../nemesis/kinds.js';
import { UNSAFE_LOCK_DESIGNS } from '../../../core/lock/unsafe-designs.js';
import { intBetween, pick, RandomStreams } from '../../../sim/random.js';
import { MS, SEC } from '../../../sim/time.js';
import { RESOURCE_ID } from '../../harness/cluster.js';
import { runLockScenario } from '../../harness/lock-run.js';
import type { DesignSpec, RunOptions, RunOutcome, Scenario } from '../../scenario.js';
import { lockCounterWorkload } from '../../workloads/lock-counter.js';
import { BASE_TIMING, electionNs, leaseCell, leaseTailNs, type LeaseTimingSpec } from './lease-cell.js';
import { designConfig } from './designs.js';

const NAME = 'wall-clock-jump';

const DESIGNS: DesignSpec[] = [
  {
    name: 'unsafe',
    kind: 'unsafe',
    description: "expiry by the leader's wall clock (lease policy wall-clock): a step forward ends leases early",
    expectKinds: ['ME-belief'],
  },
  { name: 'safe', kind: 'safe', description: 'expiry in log time, advanced by the leaders\' monotonic clocks (lease policy log-time)' },
];

const CONFIGS = { unsafe: UNSAFE_LOCK_DESIGNS[NAME].config, safe: {} };

const FAULTS: FaultKind[] = ['clock-jump', 'clock-strobe', 'isolate-leader', 'delay'];

function run(options: RunOptions): RunOutcome {
  const design = designConfig(NAME, CONFIGS, options.design);
  const rng = new RandomStreams(options.seed).stream('scenario');
  const servers = ['n1', 'n2', 'n3'];
  const clients = Array.from({ length: intBetween(rng, 3, 5) }, (_, i) => `c${i + 1}`);
  const timing: LeaseTimingSpec = { ...BASE_TIMING, ttlNs: pick(rng, [1, 2]) * SEC, lockDelayNs: pick(rng, [50, 150]) * MS };
  const maxDelayNs = 200 * MS;
  const livenessBoundNs = electionNs(timing) + leaseTailNs(timing) + maxDelayNs + 2 * SEC;
  return runLockScenario(
    {
      params: { servers: servers.length, clients: clients.length, sessionTtlMs: timing.ttlNs / MS, lockDelayMs: timing.lockDelayNs / MS, epsilon: timing.epsilon, design: options.design },
      servers,
      clients,
      resource: RESOURCE_ID,
      system: leaseCell({ servers, timing, design, resource: 'fenced' }),
      workload: (stopAt) => lockCounterWorkload({ lock: 'L', key: 'counter', stopAt, thinkMeanNs: 50 * MS, retryMeanNs: 100 * MS, workMeanNs: timing.ttlNs / 3 }),
      nemesis: {
        kinds: FAULTS,
        weights: { 'clock-jump': 6, 'isolate-leader': 2 },
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
      validators: ['belief-overlap', 'effect-overlap', 'lost-update', 'fencing', 'liveness', 'lease-audit', 'replica-agreement'],
    },
    options,
  );
}

export const wallClockJump: Scenario = {
  name: NAME,
  title: "an NTP step forward on the leader ends leases early when expiry reads the wall clock",
  source: 'cases.md row 8 (the Redlock debate)',
  caseNumber: 8,
  designs: DESIGNS,
  catchWithin: { from: 1, to: 100 },
  takesSchedule: true,
  run,
};
