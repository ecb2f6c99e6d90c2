/**
 * `lease-skew` (seed 004, the acquire timeout): a lock with an expiry, as the sidecar API
 * of seed 000 has it (try-lock with `expireMs`, unlock by owner). Two clocks count the same TTL
 * from two different moments: the server from when it granted, the client from when the reply
 * reached it, one one-way delay (and any pause of the server before it answered) later, on a clock
 * whose rate differs from the server's by an unknown amount. Whenever the reply is slow, the
 * client still believes after the server has freed the lock and given it to the next client.
 *
 * - unsafe: the client believes from the reply for the full TTL (`leaseFrom: 'receive'`,
 *   `ttlMargin: 'none'`); the server frees at grant + TTL (ε = 0, no lock-delay);
 * - unsafe-2x-wait: ChubbyGo's mitigation (004): the same client, and a server that lets 2×TTL of
 *   its own clock pass before anyone else may take the lock (ε = 0, then a lock-delay of one more
 *   TTL). It only moves the line: a reply held up longer than about a TTL, by a slow network or a
 *   leader paused between granting and answering, still breaks it;
 * - safe: the client counts from when it sent the try-lock and believes TTL·(1−ε) minus a margin;
 *   the server frees after TTL·(1+ε) plus its tick slack, then waits out a lock-delay.
 *
 * The nemesis delays packets, drifts server clocks within the ε the safe design assumes (each
 * clock within ε/2 of true time, so any two within ε of each other), and pauses servers. Clients
 * are never paused: a frozen client believes through its pause in any design, which is gc-pause-zombie's
 * story, not this one's. Judged by belief overlap (ME-belief) and liveness.
 */
import type { LockServiceConfig } from '../../../core/lock/config.js';
import { intBetween, pick } from '../../../sim/random.js';
import { MS, SEC } from '../../../sim/time.js';
import type { CatalogueHazard, CatalogueSide, HazardRun, HazardSetup } from '../record.js';
import { hazardScenario } from '../runner.js';
import { knobValue } from '../../../core/designs/registry.js';
import { ttlLockWorkload } from '../../workloads/ttl-lock.js';
import { RAFT_LOCK_SERVICE } from '../../../core/designs/raft-lock-service/knobs.js';
import { buildSide } from '../../harness/designs/index.js';
import { clientIds, EPSILON, faultPhaseFor, livenessBound, SERVERS } from './timing.js';


const SIDES: CatalogueSide[] = [
  {
    name: 'unsafe',
    design: 'raft-lock-service',
    knobs: { 'lock.epsilon': 0, 'lock.lockDelay': 'none', 'client.leaseFrom': 'receive', 'client.ttlMargin': 'none' },
    kind: 'unsafe',
    description: 'the client believes for the full TTL from when the reply arrived; the server frees the lock at grant + TTL',
    expect: ['ME-belief'],
  },
  {
    name: 'unsafe-2x-wait',
    design: 'raft-lock-service',
    knobs: { 'lock.epsilon': 0, 'lock.lockDelay': 'one-ttl', 'client.leaseFrom': 'receive', 'client.ttlMargin': 'none' },
    kind: 'unsafe',
    description: 'the same client; the server lets 2×TTL of its own clock pass before another client may take the lock (004)',
    expect: ['ME-belief'],
  },
  {
    name: 'safe',
    design: 'raft-lock-service',
    knobs: {},
    kind: 'safe',
    description: 'the client believes TTL·(1−ε) − margin from its send; the server frees after TTL·(1+ε) + tick slack, then a lock-delay',
  },
];

const SAFE_LOCK_DELAY_NS = 200 * MS;
const PAUSE_MAX_NS = 2 * SEC;

/**
 * The server's timing knobs of a side, for a TTL of `ttlNs` (the client's lease arithmetic is its
 * `client.*` knobs, which the design applies). ε 0 is the server's alone: its clients keep theirs.
 */
function designed(side: CatalogueSide, ttlNs: number): { lock: Partial<LockServiceConfig>; lockDelayNs: number } {
  const lockDelay = knobValue<string>(side, 'lock.lockDelay');
  return {
    lock: knobValue(side, 'lock.epsilon') === 0 ? { epsilon: 0 } : {},
    lockDelayNs: lockDelay === 'none' ? 0 : lockDelay === 'one-ttl' ? ttlNs : SAFE_LOCK_DELAY_NS,
  };
}

function setup({ options, side, rng }: HazardSetup): HazardRun {
  const clients = clientIds(intBetween(rng, 3, 5));
  const expireMs = pick(rng, [200, 300]);
  const ttlNs = expireMs * MS;
  const { lock, lockDelayNs } = designed(side, ttlNs);
  const faultPhaseNs = faultPhaseFor(options, 20 * SEC);
  const boundNs = livenessBound(ttlNs, lockDelayNs, PAUSE_MAX_NS);
  const maxDriftPpm = Math.floor((EPSILON / 2) * 1e6);
  return {
    params: { servers: SERVERS.length, clients: clients.length, expireMs, epsilon: lock.epsilon ?? EPSILON, lockDelayMs: lockDelayNs / MS, maxDriftPpm },
    servers: SERVERS,
    clients,
    system: buildSide(RAFT_LOCK_SERVICE, side, { servers: SERVERS, timing: { sessionTtlNs: 2 * SEC, lockDelayNs }, lock }),
    // Holders that never unlock leave the lock to expire, and the others try again at once.
    workload: (stopAt) => ttlLockWorkload({ resource: 'R', expireMs, holdMeanNs: ttlNs / 2, thinkMeanNs: 30 * MS, abandonProbability: 0.5, stopAt }),
    nemesis: {
      victimWeights: { client: 1, server: 1, leader: 2 },
      bounds: {
        delayMeanNs: { min: 50 * MS, max: 800 * MS },
        driftPpm: { min: 1000, max: maxDriftPpm },
        pauseNs: { min: 100 * MS, max: PAUSE_MAX_NS },
        durationNs: { min: 500 * MS, max: 5 * SEC },
      },
    },
    faultPhaseNs,
    livenessPhaseNs: boundNs + 3 * SEC,
    livenessBoundNs: boundNs,
    // Not the ttl-lock model: it takes a try-lock refused while the lock is free for a
    // violation, but during a lock-delay after an expiry that refusal is the service's design.
    // Not the lease audit either: TTL grants name their owner ("c2-7"), not the client process,
    // so it cannot pair them with beliefs.
  };
}

/** The hazard as data; `setup` draws the seed's parameters and builds the run. */
export const LEASE_SKEW_HAZARD: CatalogueHazard = {
  case: 4,
  name: 'lease-skew',
  title: "client and server count one TTL from different moments on different clocks",
  sources: ['the ChubbyGo safety analysis: a lease counted from the reply ignores one-way delay and clock skew, and doubling the wait only moves the line'],
  needs: ['try-lock-ttl'],
  faults: ['delay', 'clock-drift', 'pause'],
  bias: { delay: 3 },
  workload: 'ttl-lock',
  validators: ['belief-overlap', 'liveness'],
  livenessBound: 'session TTL·(1+ε) + lock-delay + an election + the longest delay, after the heal',
  catchWithin: { from: 1, to: 100 },
  story: { file: 'scenarios/catalogue/fencing/schedules/lease-skew.json', seed: 3, side: 'unsafe', shows: ['ME-belief'] },
  sides: SIDES,
  setup,
};

export const leaseSkew = hazardScenario(LEASE_SKEW_HAZARD);

