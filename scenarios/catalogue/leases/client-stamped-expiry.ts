/**
 * `client-stamped-expiry` (Layotto's Mongo lock): TryLock sends an absolute deadline that
 * the client computed on its own wall clock, and the server reaps the lock when its own wall
 * clock passes it. A client whose clock is behind the server's loses the lock before it stops
 * believing (a second owner gets it: ME-belief); one whose clock is ahead keeps an abandoned lock
 * long past its expiry (LV). The fix: the server assigns the expiry itself, from the duration, in
 * log time (its monotonic clock).
 *
 * Each client's wall clock is set apart from the servers' by the seed (from 100 ms to 60 s, behind
 * or ahead; zero under a schedule file saying "clocks": "zero"), and the nemesis steps and offsets
 * clients' and servers' wall clocks.
 */
import type { FaultKind } from '../../../nemesis/kinds.js';
import { intBetween, pick, RandomStreams, type Rng } from '../../../sim/random.js';
import { MS, SEC } from '../../../sim/time.js';
import type { CatalogueHazard, CatalogueSide, HazardRun, HazardSetup } from '../record.js';
import { hazardScenario } from '../runner.js';
import { ttlLockWorkload } from '../../workloads/ttl-lock.js';
import { RAFT_LOCK_SERVICE } from '../../../core/designs/raft-lock-service/knobs.js';
import { buildSide } from '../../harness/designs/index.js';
import { BASE_TIMING, electionNs, raftTiming, leaseTailNs, offsetsMs, standingOffsets, type LeaseTimingSpec } from './timing.js';

const NAME = 'client-stamped-expiry';

const SIDES: CatalogueSide[] = [
  {
    name: 'unsafe',
    design: 'raft-lock-service',
    knobs: { 'lock.leasePolicy': 'client-stamped' },
    kind: 'unsafe',
    description: "the lease is the client's absolute wall-clock deadline, reaped by the leader's wall clock (lease policy client-stamped)",
    expect: ['ME-belief', 'LV'],
  },
  { name: 'safe', design: 'raft-lock-service', knobs: {}, kind: 'safe', description: 'the server counts the requested duration in log time and ignores the deadline (lease policy log-time)' },
];

const FAULTS: FaultKind[] = ['clock-offset', 'clock-jump', 'isolate-leader', 'delay'];

/**
 * A client's wall-clock offset from the servers': from 100 ms to 60 s, spread evenly over the
 * orders of magnitude; clients alternate behind and ahead, so that a run can show both harms.
 */
function clientOffset(rng: Rng, index: number): number {
  const magnitude = Math.exp(Math.log(100 * MS) + rng() * (Math.log(60 * SEC) - Math.log(100 * MS)));
  return Math.round(index % 2 === 0 ? -magnitude : magnitude);
}

function setup({ options, side, rng }: HazardSetup): HazardRun {
  const servers = ['n1', 'n2', 'n3'];
  const clients = Array.from({ length: intBetween(rng, 3, 5) }, (_, i) => `c${i + 1}`);
  const wallOffsets = standingOffsets(clients, (i) => clientOffset(rng, i), options.schedule);
  const expireMs = pick(rng, [1000, 2000]);
  const timing: LeaseTimingSpec = { ...BASE_TIMING, ttlNs: expireMs * MS, lockDelayNs: pick(rng, [50, 150]) * MS };
  const maxDelayNs = 200 * MS;
  const livenessBoundNs = electionNs(timing) + leaseTailNs(timing) + maxDelayNs + 2 * SEC;
  return {
    params: {
      servers: servers.length,
      clients: clients.length,
      expireMs,
      lockDelayMs: timing.lockDelayNs / MS,
      epsilon: timing.epsilon,
      clientWallOffsetsMs: offsetsMs(wallOffsets),
      design: options.design,
    },
    servers,
    clients,
    system: buildSide(RAFT_LOCK_SERVICE, side, { servers, timing: raftTiming(timing), clientClock: (id) => ({ wallOffsetNs: wallOffsets.get(id) ?? 0 }) }),
    workload: (stopAt) =>
      ttlLockWorkload({ resource: 'L', expireMs, holdMeanNs: (expireMs * MS) / 3, thinkMeanNs: 100 * MS, abandonProbability: 0.2, stopAt }),
    nemesis: {
      bounds: {
        intervalNs: { min: 300 * MS, max: 3 * SEC },
        jumpNs: { min: 100 * MS, max: 20 * SEC },
        delayMeanNs: { min: 2 * MS, max: maxDelayNs / 2 },
      },
    },
    faultPhaseNs: 15 * SEC,
    livenessPhaseNs: livenessBoundNs + 3 * SEC,
    livenessBoundNs,
    // The ttl-lock model knows no lock-delay: after an expiry it would read the delay's
    // "held-by-other" as a lie. Exclusion is judged from the beliefs and the lease audit.
  };
}

/** The hazard as data; `setup` draws the seed's parameters and builds the run. */
export const CLIENT_STAMPED_EXPIRY_HAZARD: CatalogueHazard = {
  case: 21,
  name: NAME,
  title: "the client's own wall clock sets the lock's deadline: behind, the lock ends early; ahead, it outlives its holder",
  sources: ["Layotto's MongoDB lock component: the client stamps the expiry"],
  needs: ['try-lock-ttl'],
  faults: FAULTS,
  bias: { 'clock-offset': 3, 'clock-jump': 3 },
  workload: 'ttl-lock',
  validators: ['belief-overlap', 'liveness', 'lease-audit', 'replica-agreement'],
  livenessBound: 'an election + TTL·(1+ε) + tick slack + the largest clock offset + 2 s, after the heal',
  catchWithin: { from: 1, to: 100 },
  story: { file: 'scenarios/catalogue/leases/schedules/client-stamped-expiry.json', seed: 1, side: 'unsafe', shows: ['LV', 'ME-belief'] },
  sides: SIDES,
  setup,
};

export const clientStampedExpiry = hazardScenario(CLIENT_STAMPED_EXPIRY_HAZARD);

