/**
 * `unique-index-lock` (seed 002's database lock): a lock is a row in a table with a unique index
 * on its name; inserting the row takes the lock, deleting it releases it, and an expiry column
 * lets the next client take over a lock whose holder went away. The hazard is who stamps the
 * expiry. When the client stamps it from its own wall clock and the takeover compares it with the
 * next client's wall clock, two clients' clocks decide the lease: a client ahead of the holder
 * takes the row while the holder still believes (ME-belief), and one behind waits long past the
 * expiry for an abandoned row (LV). Without any expiry, a holder that crashes or walks away keeps
 * the lock for ever (LV). The fix: the database stamps and judges the expiry on its own clock.
 *
 * Each client's wall clock stands apart from the others' by the seed (zero under a schedule file
 * saying "clocks": "zero"); the nemesis offsets and steps wall clocks, crashes clients, and delays.
 */
import { UNIQUE_INDEX_LOCK } from '../../../core/designs/unique-index-lock/knobs.js';
import { intBetween, pick, type Rng } from '../../../sim/random.js';
import { MS, SEC } from '../../../sim/time.js';
import { buildSide } from '../../harness/designs/index.js';
import type { CatalogueHazard, CatalogueSide, HazardRun, HazardSetup } from '../record.js';
import { hazardScenario } from '../runner.js';
import { ttlLockWorkload } from '../../workloads/ttl-lock.js';
import { offsetsMs, standingOffsets } from './timing.js';

const SIDES: CatalogueSide[] = [
  {
    name: 'unsafe',
    design: 'unique-index-lock',
    knobs: { expiry: 'client-clock' },
    kind: 'unsafe',
    description: "the client stamps the row's expiry from its wall clock, and the next client judges it by its own",
    expect: ['ME-belief', 'LV'],
  },
  {
    name: 'unsafe-no-expiry',
    design: 'unique-index-lock',
    knobs: { expiry: 'none' },
    kind: 'unsafe',
    description: 'the row has no expiry: a holder that crashes or walks away keeps the lock for ever',
    expect: ['LV'],
  },
  { name: 'safe', design: 'unique-index-lock', knobs: {}, kind: 'safe', description: "the database stamps the expiry from the TTL on its own clock and judges it on the same clock" },
];

const EPSILON = 0.05;
const MARGIN_NS = 20 * MS;
const REQUEST_TIMEOUT_NS = 300 * MS;
const MAX_DELAY_NS = 200 * MS;

/** A client's standing wall-clock offset: up to 20 s, behind or ahead, alternating. */
function clientOffset(rng: Rng, index: number): number {
  const magnitude = Math.round((100 + rng() * 19_900) * MS);
  return index % 2 === 0 ? -magnitude : magnitude;
}

function setup({ options, side, rng }: HazardSetup): HazardRun {
  const clients = Array.from({ length: intBetween(rng, 3, 5) }, (_, i) => `c${i + 1}`);
  const wallOffsets = standingOffsets(clients, (i) => clientOffset(rng, i), options.schedule);
  const expireMs = pick(rng, [1000, 2000]);
  // An abandoned row is free one expiry after it was stamped; then a try-lock and its answer.
  const livenessBoundNs = expireMs * MS + REQUEST_TIMEOUT_NS + MAX_DELAY_NS + 2 * SEC;
  return {
    params: { database: 1, clients: clients.length, expireMs, epsilon: EPSILON, clientWallOffsetsMs: offsetsMs(wallOffsets), design: side.name },
    servers: ['db'],
    clients,
    system: buildSide(UNIQUE_INDEX_LOCK, side, {
      client: { epsilon: EPSILON, marginNs: MARGIN_NS, requestTimeoutNs: REQUEST_TIMEOUT_NS },
      clientClock: (id) => ({ wallOffsetNs: wallOffsets.get(id) ?? 0 }),
    }),
    workload: (stopAt) => ttlLockWorkload({ resource: 'L', expireMs, holdMeanNs: (expireMs * MS) / 3, thinkMeanNs: 100 * MS, abandonProbability: 0.2, stopAt }),
    nemesis: {
      // The database is the one server: the faults are the clients' (their clocks, their crashes).
      victimWeights: { client: 1, server: 0, leader: 0, resource: 0 },
      bounds: {
        intervalNs: { min: 300 * MS, max: 3 * SEC },
        jumpNs: { min: 100 * MS, max: 20 * SEC },
        delayMeanNs: { min: 2 * MS, max: MAX_DELAY_NS / 2 },
      },
    },
    faultPhaseNs: 15 * SEC,
    livenessPhaseNs: livenessBoundNs + 3 * SEC,
    livenessBoundNs,
    // The ttl-lock model knows no client clocks; exclusion is judged from beliefs and grants.
    linModels: [],
  };
}

/** The hazard as data; `setup` draws the seed's parameters and builds the run. */
export const UNIQUE_INDEX_LOCK_HAZARD: CatalogueHazard = {
  case: 24,
  name: 'unique-index-lock',
  title: "a database row lock whose expiry the client stamps from its own clock, or that has none at all",
  sources: ['notes on database locks: a unique index on the lock name, insert to lock, delete to unlock, an expiry column to take over a dead holder', 'Designing Data-Intensive Applications, ch. 8: unreliable clocks'],
  needs: ['try-lock-ttl'],
  faults: ['clock-offset', 'clock-jump', 'crash', 'delay'],
  bias: { 'clock-offset': 3, 'clock-jump': 3, crash: 2 },
  workload: 'ttl-lock',
  validators: ['belief-overlap', 'lease-audit', 'liveness'],
  livenessBound: 'the expiry + a request timeout + the longest delay + 2 s, after the heal',
  catchWithin: { from: 1, to: 100 },
  story: { file: 'scenarios/catalogue/leases/schedules/unique-index-lock.json', seed: 1, side: 'unsafe', shows: ['LV', 'ME-belief'] },
  sides: SIDES,
  setup,
};

export const uniqueIndexLock = hazardScenario(UNIQUE_INDEX_LOCK_HAZARD);
