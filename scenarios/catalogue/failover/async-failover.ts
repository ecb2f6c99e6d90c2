/**
 * `async-failover` (seed 001, the Redis comparison): a lock store with one primary,
 * replicas fed asynchronously, and sentinels that promote a replica when the primary stops
 * answering. The primary acknowledges a lock before the grant has left in its replication
 * stream; when it dies in that window, the promoted replica never heard of the grant and hands
 * the lock out again, with the same fencing token, while the first holder still works under it.
 *
 * Both designs run the same cluster shape (stores or servers n1..n3), the same lock-counter
 * workload on a fenced resource, and the same nemesis: crashes only, about half of them hitting
 * the primary (the leader), each lasting longer than the sentinels need to fail over, so that the
 * old primary comes back only after a replica has taken its place (a restart sooner than
 * `downAfterNs` would be another hazard: an empty primary that nobody replaced).
 *
 * The seed draws the replication lag (how often the primary streams to its replicas) between 20
 * and 100 ms, a loaded primary's lag; with the store's default 5 ms, a random crash lands in the
 * window after a grant so rarely that a sweep of 100 seeds would hardly ever see the hazard.
 * Even so, most lost grants show as a reissued token (FM) rather than two holders at once: the
 * release before a lost grant is often lost too, and the promoted replica then waits for the
 * stale grant's TTL before it grants again, by which time the lost grant's holder is often done.
 *
 * - `unsafe`: the async primary/replica store of core/designs/async-replica.
 * - `safe`: the Raft lock service, which answers a grant only after a majority has committed it,
 *   so a new leader always holds every grant a client was told about.
 */
import type { FaultKind } from '../../../nemesis/kinds.js';
import { intBetween, pick, type Rng } from '../../../sim/random.js';
import { MS, SEC } from '../../../sim/time.js';
import { RESOURCE_ID } from '../../harness/cluster.js';
import type { CatalogueHazard, CatalogueSide, HazardRun, HazardSetup } from '../record.js';
import { hazardScenario } from '../runner.js';
import { ASYNC_REPLICA } from '../../../core/designs/async-replica/knobs.js';
import { RAFT_LOCK_SERVICE } from '../../../core/designs/raft-lock-service/knobs.js';
import { buildSide } from '../../harness/designs/index.js';
import type { SystemFactory } from '../../harness/system.js';
import { lockCounterWorkload } from '../../workloads/lock-counter.js';

const SERVERS = ['n1', 'n2', 'n3'] as const;
const SENTINELS = ['s1', 's2', 's3'] as const;
const FAULTS: FaultKind[] = ['crash'];

const SIDES: CatalogueSide[] = [
  {
    name: 'unsafe',
    design: 'async-replica',
    knobs: {},
    kind: 'unsafe',
    description:
      'primary/replica store with asynchronous replication and Sentinel failover: the primary acknowledges a lock before replicating it, ' +
      'and a replica promoted after the primary dies grants it again with the same token',
    expect: ['ME-belief', 'LW', 'ME-effect', 'FM'],
  },
  {
    name: 'safe',
    design: 'raft-lock-service',
    knobs: {},
    kind: 'safe',
    description: 'the Raft lock service: a grant is answered only after a majority committed it, so every new leader holds it',
  },
];

/** What the seed draws for one run; both designs read the same values. */
interface Params {
  clients: string[];
  /** How often the primary streams to its replicas: the window in which an acknowledged grant can be lost. */
  replicationIntervalNs: number;
  lockTtlNs: number;
  workMeanNs: number;
  downAfterNs: number;
  faultPhaseNs: number;
}

/** The seed's parameters, from the scenario's own stream, so that they do not shift the world's. */
function draw(rng: Rng): Params {
  const clientCount = intBetween(rng, 3, 5);
  return {
    clients: Array.from({ length: clientCount }, (_, i) => `c${i + 1}`),
    replicationIntervalNs: pick(rng, [20, 50, 100]) * MS,
    lockTtlNs: pick(rng, [2, 3]) * SEC,
    workMeanNs: pick(rng, [300, 600]) * MS,
    downAfterNs: pick(rng, [150, 250]) * MS,
    faultPhaseNs: 30 * SEC,
  };
}

// Raft timing: a 10 ms tick, elections after 100 to 200 ms.
const TICK_NS = 10 * MS;
const ELECTION_TICKS = 10;
const LOCK_DELAY_NS = 200 * MS;
const EPSILON = 0.05;
const TICK_SLACK_NS = 100 * MS;
/** Sentinel timing besides `downAfterNs`. */
const PING_EVERY_NS = 50 * MS;
const FAILOVER_TIMEOUT_NS = 1 * SEC;
const ELECTION_JITTER_NS = 50 * MS;

/** The system of a side: its registered design with this hazard's timing. */
function system(side: CatalogueSide, p: Params): SystemFactory {
  if (side.design === ASYNC_REPLICA) {
    return buildSide(ASYNC_REPLICA, side, {
      stores: SERVERS,
      sentinels: SENTINELS,
      resource: 'fenced',
      store: { replicationIntervalNs: p.replicationIntervalNs },
      sentinel: { downAfterNs: p.downAfterNs, pingEveryNs: PING_EVERY_NS, failoverTimeoutNs: FAILOVER_TIMEOUT_NS, electionJitterNs: ELECTION_JITTER_NS },
      client: { lockTtlNs: p.lockTtlNs, epsilon: EPSILON, requestTimeoutNs: 100 * MS, callTimeoutNs: 1 * SEC, acquireTimeoutNs: 10 * SEC },
    });
  }
  return buildSide(RAFT_LOCK_SERVICE, side, {
    servers: SERVERS,
    timing: { tickNs: TICK_NS, electionTicks: ELECTION_TICKS, sessionTtlNs: p.lockTtlNs, lockDelayNs: LOCK_DELAY_NS, epsilon: EPSILON, tickSlackNs: TICK_SLACK_NS },
    resource: true,
  });
}

function setup({ side, rng }: HazardSetup): HazardRun {
  const p = draw(rng);
  // The lock comes free after the holder's lease (or the key's TTL), a failover or election, and
  // the lock-delay; crashes still running at the heal end at the heal.
  const failoverNs = p.downAfterNs + ELECTION_JITTER_NS + FAILOVER_TIMEOUT_NS;
  const livenessBoundNs = Math.round(p.lockTtlNs * (1 + EPSILON) + LOCK_DELAY_NS + TICK_SLACK_NS + failoverNs + 2 * SEC);
  return {
    params: {
      design: side.name,
      stores: SERVERS.length,
      sentinels: side.design === ASYNC_REPLICA ? SENTINELS.length : 0,
      clients: p.clients.length,
      lockTtlMs: p.lockTtlNs / MS,
      workMeanMs: p.workMeanNs / MS,
      replicationIntervalMs: p.replicationIntervalNs / MS,
      downAfterMs: p.downAfterNs / MS,
      electionTicks: ELECTION_TICKS,
      tickMs: TICK_NS / MS,
      lockDelayMs: LOCK_DELAY_NS / MS,
      epsilon: EPSILON,
      resource: 'fenced',
    },
    servers: SERVERS,
    clients: p.clients,
    resource: RESOURCE_ID,
    system: system(side, p),
    workload: (stopAt) => lockCounterWorkload({ lock: 'L', key: 'counter', stopAt, thinkMeanNs: 50 * MS, retryMeanNs: 100 * MS, workMeanNs: p.workMeanNs }),
    nemesis: {
      crashModes: ['clean'],
      maxCrashedServers: 1,
      bounds: {
        intervalNs: { min: 500 * MS, max: 2 * SEC },
        // Longer than a failover takes, so the old primary returns only after it was replaced.
        durationNs: { min: 800 * MS, max: 2500 * MS },
      },
    },
    faultPhaseNs: p.faultPhaseNs,
    livenessPhaseNs: livenessBoundNs + 5 * SEC,
    livenessBoundNs,
    monitors: side.design === RAFT_LOCK_SERVICE,
  };
}

/** The hazard as data; `setup` draws the seed's parameters and builds the run. */
export const ASYNC_FAILOVER_HAZARD: CatalogueHazard = {
  case: 7,
  name: 'async-failover',
  title: 'a primary acknowledges a lock and dies before replicating it; the promoted replica grants it again',
  sources: ['Redis with Sentinel: asynchronous replication loses acknowledged writes on failover', 'the ChubbyGo README, which measures itself against Redis'],
  needs: ['mutex', 'fenced-resource'],
  faults: FAULTS,
  bias: {},
  workload: 'lock-counter',
  validators: ['belief-overlap', 'effect-overlap', 'lost-update', 'fencing', 'liveness', 'lease-audit'],
  livenessBound: 'lock TTL·(1+ε) + lock-delay + tick slack + a failover (down-after + jitter + failover timeout) + 2 s, after the heal',
  catchWithin: { from: 1, to: 100 },
  story: { file: 'scenarios/catalogue/failover/schedules/async-failover.json', seed: 1, side: 'unsafe', shows: ['FM', 'LW', 'ME-belief', 'ME-effect'] },
  sides: SIDES,
  setup,
};

export const asyncFailover = hazardScenario(ASYNC_FAILOVER_HAZARD);

