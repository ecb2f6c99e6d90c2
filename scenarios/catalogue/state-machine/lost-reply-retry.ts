/**
 * `lost-reply-retry` (ZooKeeper recipes, seed 001): a reply is lost (a dropped packet, a
 * leader that crashed after committing), and the client sends the same request again, as it must.
 * Without an exactly-once table the service executes the retry a second time:
 *
 * - a try-lock whose grant was lost is answered "held by another owner": the owner gives up on a
 *   lock it holds, and waits behind its own orphan, as does everyone else, until the lock's long
 *   expiry (LV);
 * - a put retried after a later write overwrites it, and a retried compare-and-swap reports a
 *   failure although its value is stored (LIN on the key-value store);
 * - an acquire of a file lock retried is answered `already-held` or `already-waiting`; the client
 *   library recovers its grant from the first (the answer names the token), so the file lock
 *   shows the client's mitigation rather than the hazard.
 *
 * Unsafe: `dedup: false`. Safe: client request ids with server-side de-duplication.
 * c1 and c2 take the file lock L, c3 and c4 the TTL lock R, c5 and c6 read, write and swap two keys.
 *
 * The liveness bound is a session's (not the TTL lock's long expiry): every owner here unlocks
 * what it may hold until it hears back, and no client dies, so only an orphan can keep a lock past
 * it.
 */
import type { FaultKind } from '../../../nemesis/kinds.js';
import { MS, SEC } from '../../../sim/time.js';
import type { CatalogueHazard, CatalogueSide, HazardRun, HazardSetup } from '../record.js';
import { hazardScenario } from '../runner.js';
import { kvRegisterWorkload } from '../../workloads/kv-register.js';
import { mutexWorkload } from '../../workloads/mutex.js';
import { carefulTtlOwnerWorkload } from './careful-ttl-owner.js';
import { RAFT_LOCK_SERVICE } from '../../../core/designs/raft-lock-service/knobs.js';
import { buildSide } from '../../harness/designs/index.js';
import { CELL_TIMING, faultPhaseNs, ids, livenessBound } from './timing.js';
import { splitWorkload } from './split-workload.js';

const SIDES: CatalogueSide[] = [
  { name: 'safe', design: 'raft-lock-service', knobs: {}, kind: 'safe', description: 'client request ids and a server-side exactly-once table: a retry gets the stored reply' },
  {
    name: 'unsafe',
    design: 'raft-lock-service',
    knobs: { 'lock.dedup': false },
    kind: 'unsafe',
    description: 'no exactly-once table: a retried acquire, put or cas executes a second time',
    expect: ['LV', 'LIN'],
  },
];

/** Lost and duplicated packets, and leaders that crash between committing and answering. */
const FAULTS: FaultKind[] = ['loss', 'duplicate', 'crash', 'isolate-leader'];

const LOCK_CLIENTS = ['c1', 'c2'];
const TTL_CLIENTS = ['c3', 'c4'];
const KV_CLIENTS = ['c5', 'c6'];
/** Longer than the run: an orphan TTL lock holds R to the end. */
const TTL_EXPIRE_MS = 60_000;
const HOLD_MEAN_NS = 200 * MS;

function setup({ options, side, rng }: HazardSetup): HazardRun {
  const servers = ids('n', 3);
  const clients = [...LOCK_CLIENTS, ...TTL_CLIENTS, ...KV_CLIENTS];
  const t = CELL_TIMING;
  const livenessBoundNs = livenessBound(t, 2 * HOLD_MEAN_NS);
  return {
    params: {
      servers: servers.length,
      fileLockClients: LOCK_CLIENTS.join(','),
      ttlLockClients: TTL_CLIENTS.join(','),
      kvClients: KV_CLIENTS.join(','),
      ttlExpireMs: TTL_EXPIRE_MS,
      sessionTtlMs: t.sessionTtlNs / MS,
      requestTimeoutMs: t.requestTimeoutNs / MS,
      lockDelayMs: t.lockDelayNs / MS,
    },
    servers,
    clients,
    system: buildSide(RAFT_LOCK_SERVICE, side, { servers, timing: t, snapshotEntries: null }),
    workload: (stopAt) =>
      splitWorkload('locks and registers', [
        { clients: LOCK_CLIENTS, workload: mutexWorkload({ lock: 'L', stopAt, thinkMeanNs: 100 * MS, retryMeanNs: 100 * MS, holdMeanNs: HOLD_MEAN_NS }) },
        {
          clients: TTL_CLIENTS,
          workload: carefulTtlOwnerWorkload({ resource: 'R', expireMs: TTL_EXPIRE_MS, holdMeanNs: HOLD_MEAN_NS, thinkMeanNs: 100 * MS, retryMeanNs: 100 * MS, stopAt }),
        },
        { clients: KV_CLIENTS, workload: kvRegisterWorkload({ keys: ['x', 'y'], values: 4, staggerMeanNs: 60 * MS, stopAt }) },
      ]),
    nemesis: {
      crashModes: ['clean'],
      // Servers crash, clients do not: a dead owner's TTL lock would rightly wait out its expiry.
      victimWeights: { client: 0, resource: 0 },
      bounds: {
        intervalNs: { min: 300 * MS, max: 2 * SEC },
        durationNs: { min: 200 * MS, max: 2 * SEC },
        lossP: { min: 0.1, max: 0.5 },
        packetP: { min: 0.1, max: 0.5 },
      },
    },
    faultPhaseNs: faultPhaseNs(options, 20 * SEC),
    livenessPhaseNs: livenessBoundNs + 5 * SEC,
    livenessBoundNs,
    // The key-value store is checked for linearizability; the lock, whose leases expire, by
    // beliefs and liveness.
    linModels: ['kv'],
  };
}

/** The hazard as data; `setup` draws the seed's parameters and builds the run. */
export const LOST_REPLY_RETRY_HAZARD: CatalogueHazard = {
  case: 11,
  name: 'lost-reply-retry',
  title: 'a reply is lost and the retried request executes again: an orphaned lock, a doubled write',
  sources: ['ZooKeeper recipes: a lost reply to a create is retried', 'Raft (Ongaro and Ousterhout): client sessions and an exactly-once table'],
  needs: ['mutex', 'try-lock-ttl', 'kv-cas'],
  faults: FAULTS,
  bias: { loss: 3, duplicate: 2 },
  workload: 'mutex + careful-ttl-owner + kv-register',
  validators: ['belief-overlap', 'liveness', 'replica-agreement'],
  livenessBound: 'an election + TTL·(1+ε) + a hold, after the heal',
  catchWithin: { from: 1, to: 100 },
  story: { file: 'scenarios/catalogue/state-machine/schedules/lost-reply-retry.json', seed: 1, side: 'unsafe', shows: ['LV'] },
  sides: SIDES,
  setup,
};

export const lostReplyRetry = hazardScenario(LOST_REPLY_RETRY_HAZARD);

