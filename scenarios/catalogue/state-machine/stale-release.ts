/**
 * `stale-release` (seed 001's timed release, Redis's DEL-by-key): a release that names
 * only the lock frees whoever holds it now. Two paths lead there, and the run has clients on both:
 *
 * - file locks (c1–c3 on L): a holder's release is held up on a slow link together with its
 *   keep-alives, so its session expires and L goes to the next waiter; then the old release lands
 *   and frees the new holder's grant, and a third client takes L while the second still holds it;
 * - TTL locks (c4, c5 on R): every try-lock arms an auto-release timer that is never cancelled, so
 *   a holder that unlocked early leaves a timer behind that frees the next owner's lock before its
 *   time, and an unlock that comes after the owner's lease ran out frees the next owner too.
 *
 * Unsafe: `releaseByName`. Safe: a release names its grant (session and token; a TTL unlock names
 * its owner) and each expiry belongs to the grant it was started for.
 */
import type { FaultKind } from '../../../nemesis/kinds.js';
import { MS, SEC } from '../../../sim/time.js';
import type { CatalogueHazard, CatalogueSide, HazardRun, HazardSetup } from '../record.js';
import { hazardScenario } from '../runner.js';
import { mutexWorkload } from '../../workloads/mutex.js';
import { ttlLockWorkload } from '../../workloads/ttl-lock.js';
import { RAFT_LOCK_SERVICE } from '../../../core/designs/raft-lock-service/knobs.js';
import { buildSide } from '../../harness/designs/index.js';
import { CELL_TIMING, faultPhaseNs, ids, livenessBound } from './timing.js';
import { splitWorkload } from './split-workload.js';

const SIDES: CatalogueSide[] = [
  { name: 'safe', design: 'raft-lock-service', knobs: {}, kind: 'safe', description: 'a release names its grant (session and token, or the TTL owner); an expiry belongs to its grant' },
  {
    name: 'unsafe',
    design: 'raft-lock-service',
    knobs: { 'lock.releaseByName': true },
    kind: 'unsafe',
    description: 'release, unlock and the TTL auto-release timers free a lock by name, whoever holds it now',
    expect: ['ME-belief'],
  },
];

/** Slow links that hold a release back past the holder's session (no client pauses: see the report). */
const FAULTS: FaultKind[] = ['clog', 'delay', 'client-to-leader', 'isolate-leader', 'pause'];

const FILE_CLIENTS = ['c1', 'c2', 'c3'];
const TTL_CLIENTS = ['c4', 'c5'];
const TTL_EXPIRE_MS = 1_000;

function setup({ options, side, rng }: HazardSetup): HazardRun {
  const servers = ids('n', 3);
  const clients = [...FILE_CLIENTS, ...TTL_CLIENTS];
  const t = CELL_TIMING;
  const maxClogNs = 3 * SEC;
  // A TTL lock is freed TTL·(1+ε) + tick slack after it was taken, whatever its owner does.
  const livenessBoundNs = Math.max(livenessBound(t, maxClogNs), TTL_EXPIRE_MS * MS * (1 + t.epsilon) + t.tickSlackNs + t.operationTimeoutNs + maxClogNs);
  return {
    params: {
      servers: servers.length,
      fileLockClients: FILE_CLIENTS.join(','),
      ttlLockClients: TTL_CLIENTS.join(','),
      sessionTtlMs: t.sessionTtlNs / MS,
      ttlExpireMs: TTL_EXPIRE_MS,
      lockDelayMs: t.lockDelayNs / MS,
      epsilon: t.epsilon,
    },
    servers,
    clients,
    system: buildSide(RAFT_LOCK_SERVICE, side, { servers, timing: t, snapshotEntries: null }),
    workload: (stopAt) =>
      splitWorkload('file and TTL locks', [
        { clients: FILE_CLIENTS, workload: mutexWorkload({ lock: 'L', stopAt, thinkMeanNs: 100 * MS, retryMeanNs: 100 * MS, holdMeanNs: 300 * MS }) },
        {
          clients: TTL_CLIENTS,
          // Some holds outlast the expiry and some end early: both leave a stale release behind.
          workload: ttlLockWorkload({ resource: 'R', expireMs: TTL_EXPIRE_MS, holdMeanNs: 500 * MS, thinkMeanNs: 200 * MS, abandonProbability: 0.2, stopAt }),
        },
      ]),
    nemesis: {
      // A file-lock client's packets to the servers: its keep-alives and its release together.
      clogLinks: { from: FILE_CLIENTS, to: servers },
      bounds: {
        intervalNs: { min: 300 * MS, max: 2 * SEC },
        durationNs: { min: 500 * MS, max: 3 * SEC },
        // Longer than a session lease, so a release held up with the keep-alives outlives the session.
        clogNs: { min: 800 * MS, max: maxClogNs },
        delayMeanNs: { min: 200 * MS, max: 1500 * MS },
      },
    },
    faultPhaseNs: faultPhaseNs(options, 20 * SEC),
    livenessPhaseNs: livenessBoundNs + 3 * SEC,
    livenessBoundNs,
    // Mutual exclusion is judged from beliefs (leases expire, so the lock models would not fit);
    // the TTL-lock model's search is slow on the unsafe histories and adds nothing here.
    linModels: [],
  };
}

/** The hazard as data; `setup` draws the seed's parameters and builds the run. */
export const STALE_RELEASE_HAZARD: CatalogueHazard = {
  case: 10,
  name: 'stale-release',
  title: 'a release or a timed auto-release frees the lock by name, so it frees a later holder',
  sources: ["ChubbyGo's timed release", 'the Redis SET NX / DEL lock pattern: DEL without checking the owner'],
  needs: ['mutex', 'try-lock-ttl'],
  faults: FAULTS,
  bias: { clog: 4, delay: 2 },
  workload: 'mutex + ttl-lock',
  validators: ['belief-overlap', 'liveness', 'replica-agreement'],
  livenessBound: 'an election + TTL·(1+ε) + lock-delay, after the heal',
  catchWithin: { from: 1, to: 100 },
  story: { file: 'scenarios/catalogue/state-machine/schedules/stale-release.json', seed: 1, side: 'unsafe', shows: ['ME-belief'] },
  sides: SIDES,
  setup,
};

export const staleRelease = hazardScenario(STALE_RELEASE_HAZARD);

