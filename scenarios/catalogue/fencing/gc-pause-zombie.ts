/**
 * `gc-pause-zombie` (seeds 004 and 002): a client takes the lock, reads the counter from
 * the protected resource, and is frozen (a GC pause, SIGSTOP) before it writes the counter back.
 * Its session runs out, the lock goes to the next client, which reads and writes; then the zombie
 * wakes up and writes the value it computed before the pause. No lease arithmetic can stop this:
 * the zombie has no chance to look at a clock between deciding to write and writing. Only the
 * resource can, by refusing a token lower than one it has already seen.
 *
 * - unsafe: the resource accepts any write (mode `none`);
 * - safe: the resource keeps the highest token seen (reads with a token count) and refuses lower
 *   ones, atomically with the write (mode `fenced`).
 *
 * Judged by what the resource let through (effect overlap, lost updates), fencing monotonicity
 * and liveness. Beliefs are not judged: a paused process believes through its pause in either
 * design, which is exactly why the fix belongs to the resource.
 */
import { intBetween, pick } from '../../../sim/random.js';
import { MS, SEC } from '../../../sim/time.js';
import { RESOURCE_ID } from '../../harness/cluster.js';
import type { CatalogueHazard, CatalogueSide, HazardRun, HazardSetup } from '../record.js';
import { hazardScenario } from '../runner.js';
import type { ResourceMode } from '../../../core/resource/resource.js';
import { knobValue } from '../../../core/designs/registry.js';
import { lockCounterWorkload } from '../../workloads/lock-counter.js';
import { RAFT_LOCK_SERVICE } from '../../../core/designs/raft-lock-service/knobs.js';
import { buildSide } from '../../harness/designs/index.js';
import { clientIds, faultPhaseFor, livenessBound, SERVERS } from './timing.js';

const SIDES: CatalogueSide[] = [
  {
    name: 'unsafe',
    design: 'raft-lock-service',
    knobs: { resource: 'none' },
    kind: 'unsafe',
    description: 'the resource accepts every write: a holder that wakes from a pause past its lease writes over its successor',
    expect: ['ME-effect', 'LW'],
  },
  {
    name: 'safe',
    design: 'raft-lock-service',
    knobs: { resource: 'fenced' },
    kind: 'safe',
    description: 'the resource keeps the highest token it has seen per lock and refuses lower ones, atomically with the write',
  },
];

function setup({ options, side, rng }: HazardSetup): HazardRun {
  const resource = knobValue<ResourceMode>(side, 'resource');
  const clients = clientIds(intBetween(rng, 3, 5));
  const sessionTtlNs = pick(rng, [500, 1000]) * MS;
  const lockDelayNs = 200 * MS;
  const faultPhaseNs = faultPhaseFor(options, 20 * SEC);
  const boundNs = livenessBound(sessionTtlNs, lockDelayNs, 0);
  return {
    params: { servers: SERVERS.length, clients: clients.length, sessionTtlMs: sessionTtlNs / MS, lockDelayMs: lockDelayNs / MS, resource: resource },
    servers: SERVERS,
    clients,
    resource: RESOURCE_ID,
    system: buildSide(RAFT_LOCK_SERVICE, side, { servers: SERVERS, timing: { sessionTtlNs, lockDelayNs }, resource: true }),
    // A long critical section between the read and the write: the window a pause must hit.
    workload: (stopAt) => lockCounterWorkload({ lock: 'L', key: 'counter', stopAt, thinkMeanNs: 100 * MS, retryMeanNs: 100 * MS, workMeanNs: 300 * MS }),
    nemesis: {
      // Mostly clients, the would-be zombies; sometimes a server, so the cell lives with both.
      victimWeights: { client: 6, server: 1, leader: 1, resource: 0 },
      bounds: { pauseNs: { min: 300 * MS, max: 5 * SEC }, intervalNs: { min: 300 * MS, max: 2 * SEC } },
    },
    faultPhaseNs,
    livenessPhaseNs: boundNs + 3 * SEC,
    livenessBoundNs: boundNs,
  };
}

/** The hazard as data; `setup` draws the seed's parameters and builds the run. */
export const GC_PAUSE_ZOMBIE_HAZARD: CatalogueHazard = {
  case: 1,
  name: 'gc-pause-zombie',
  title: 'a holder frozen past its lease wakes up and writes; only a fencing resource refuses it',
  sources: ['Kleppmann, "How to do distributed locking" (2016): the GC-paused client', 'Designing Data-Intensive Applications, ch. 8: fencing tokens'],
  needs: ['mutex', 'fenced-resource'],
  faults: ['pause'],
  bias: {},
  workload: 'lock-counter',
  validators: ['effect-overlap', 'lost-update', 'fencing', 'liveness'],
  livenessBound: 'session TTL·(1+ε) + lock-delay + an election, after the heal',
  catchWithin: { from: 1, to: 100 },
  story: { file: 'scenarios/catalogue/fencing/schedules/gc-pause-zombie.json', seed: 1, side: 'unsafe', shows: ['LW', 'ME-effect'] },
  sides: SIDES,
  setup,
};

export const gcPauseZombie = hazardScenario(GC_PAUSE_ZOMBIE_HAZARD);

