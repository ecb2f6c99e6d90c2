/**
 * `zk-session-jitter` (seed 000, scheme a): the sidecar of seed 000 on a ZooKeeper-like
 * service. Each try-lock opens a session whose timeout is the expiry the application asked for,
 * and creates the lock as an ephemeral file in it. The thread's argument was that with
 * session timeout = expire, the file cannot vanish before the expiry. But the service counts the
 * timeout from the last heartbeat it heard, and the application counts the expiry from the answer
 * it got: when jitter between the sidecar and the service holds up the answers and then the
 * heartbeats, the session ends early, the file goes, another sidecar creates it, and the first
 * application still believes it holds the lock.
 *
 * - unsafe (scheme a as written): belief for the expiry from the try-lock's answer; a session that
 *   ends early is not reported to the application;
 * - safe: belief counted from when the sidecar asked, for expire·(1−ε) minus a margin, and ended as
 *   soon as the session is SUSPENDED (the detection lag: no heartbeat answered for 2/3 of the
 *   timeout) or reported ended; the file's instance is the grant's fencing token.
 *
 * The nemesis delays packets and holds up what sidecars send to the servers. Judged by the
 * applications' beliefs (ME-belief), the lease audit against the files' lives, and liveness.
 */
import { intBetween, pick } from '../../../sim/random.js';
import { MS, SEC } from '../../../sim/time.js';
import type { CatalogueHazard, CatalogueSide, HazardRun, HazardSetup } from '../record.js';
import { hazardScenario } from '../runner.js';
import { knobValue } from '../../../core/designs/registry.js';
import { ttlLockWorkload } from '../../workloads/ttl-lock.js';
import { clientIds, ELECTION_TICKS, EPSILON, faultPhaseFor, livenessBound, SERVERS, TICK_NS, TICK_SLACK_NS } from './timing.js';
import { ZK_LOCK_SIDECAR } from '../../../core/designs/zk-lock-sidecar/knobs.js';
import { buildSide } from '../../harness/designs/index.js';

const SIDES: CatalogueSide[] = [
  {
    name: 'unsafe',
    design: 'zk-lock-sidecar',
    knobs: { belief: 'reply-plus-expire' },
    kind: 'unsafe',
    description: 'scheme a: a session per try-lock with timeout = expire; the application believes for the expiry from the answer and is not told when the session ends early',
    expect: ['ME-belief'],
  },
  {
    name: 'safe',
    design: 'zk-lock-sidecar',
    knobs: {},
    kind: 'safe',
    description: 'belief from the send, for expire·(1−ε) minus a margin, ended at SUSPENDED or when the session is reported ended; the file instance is a fencing token',
  },
];

const MAX_CLOG_NS = 2 * SEC;

function setup({ options, side, rng }: HazardSetup): HazardRun {
  const belief = knobValue<'send-minus-lag' | 'reply-plus-expire'>(side, 'belief');
  const clients = clientIds(intBetween(rng, 2, 4));
  const expireMs = pick(rng, [500, 1000]);
  const expireNs = expireMs * MS;
  const faultPhaseNs = faultPhaseFor(options, 20 * SEC);
  // ZooKeeper has no lock-delay: a file is free the moment its session ends.
  const boundNs = livenessBound(expireNs, 0, MAX_CLOG_NS);
  return {
    params: { servers: SERVERS.length, clients: clients.length, expireMs, sessionTimeoutMs: expireMs, belief },
    servers: SERVERS,
    clients,
    system: buildSide(ZK_LOCK_SIDECAR, side, {
      servers: SERVERS,
      serverOptions: () => ({
        tickNs: TICK_NS,
        raft: { electionTicks: ELECTION_TICKS, heartbeatTicks: 2, preVote: true, checkQuorum: true },
        lock: { minSessionTtlNs: 100 * MS, epsilon: EPSILON, tickSlackNs: TICK_SLACK_NS, lockDelayNs: 0 },
        snapshotEntries: 400,
      }),
      sidecar: {
        epsilon: EPSILON,
        marginNs: 10 * MS,
        requestTimeoutNs: 200 * MS,
        retryBackoffNs: 10 * MS,
        operationTimeoutNs: 2 * SEC,
        lockDir: '/ls',
      },
    }),
    workload: (stopAt) => ttlLockWorkload({ resource: 'R', expireMs, holdMeanNs: expireNs / 2, thinkMeanNs: 100 * MS, abandonProbability: 0.5, stopAt }),
    nemesis: {
      // Heartbeats held up on their way to the service: it hears nothing and ends the session.
      clogLinks: { from: clients, to: SERVERS },
      bounds: {
        delayMeanNs: { min: 20 * MS, max: 400 * MS },
        clogNs: { min: 300 * MS, max: MAX_CLOG_NS },
        durationNs: { min: 300 * MS, max: 3 * SEC },
        lossP: { min: 0.05, max: 0.5 },
      },
    },
    faultPhaseNs,
    livenessPhaseNs: boundNs + 3 * SEC,
    livenessBoundNs: boundNs,
    // The ttl-lock model knows locks that expire on their own; these files live as long as their
    // sessions, which the model cannot see. Mutual exclusion is judged from beliefs and files.
  };
}

/** The hazard as data; `setup` draws the seed's parameters and builds the run. */
export const ZK_SESSION_JITTER_HAZARD: CatalogueHazard = {
  case: 2,
  name: 'zk-session-jitter',
  title: "scheme a's session per try-lock (timeout = expire) ends early under jitter while the application still believes",
  sources: ['a sidecar lock API over ZooKeeper (TryLock with an expiry), scheme a: one session per lock, session timeout = expiry'],
  needs: ['try-lock-ttl'],
  faults: ['delay', 'clog', 'loss'],
  bias: { clog: 2, delay: 2 },
  workload: 'ttl-lock',
  validators: ['belief-overlap', 'lease-audit', 'liveness'],
  livenessBound: 'session timeout·(1+ε) + an election + the longest clog (ZooKeeper has no lock-delay), after the heal',
  catchWithin: { from: 1, to: 100 },
  story: { file: 'scenarios/catalogue/fencing/schedules/zk-session-jitter.json', seed: 3, side: 'unsafe', shows: ['ME-belief'] },
  sides: SIDES,
  setup,
};

export const zkSessionJitter = hazardScenario(ZK_SESSION_JITTER_HAZARD);

