/**
 * `suspended-ignored` (seed 003, Curator): leader election through a lock. The leader's
 * connection to the service goes SUSPENDED (no keep-alive answered for 2/3 of the session); the
 * service may already consider the session dead. Curator's advice is to treat SUSPENDED as loss.
 *
 * - unsafe: the application keeps acting as leader through SUSPENDED and stops only at LOST
 *   (`onSuspended: 'wait-for-lost'`); the library believes through SUSPENDED (`'ignore'`), and
 *   LOST comes as Curator 3.x makes it (`lostAfter: 'timeout-after-suspended'`): a full session
 *   timeout after SUSPENDED, that is 5/3 of a session after the last answer, when the server
 *   ended the session after one;
 * - safe: SUSPENDED is loss: the application stops at once (`'stop'`, library `'treat-as-lost'`;
 *   LOST at the believed lease end, which it no longer needs).
 *
 * With the library's own LOST (the believed lease end, before the server can end the session) an
 * application that waits for LOST would be safe; the hazard is that LOST, as ZooKeeper clients
 * learn it, comes late: from a timer started at the disconnection, or from the server only when
 * the client reconnects.
 *
 * The nemesis holds up what clients send to the servers (clogs longer than a session) and delays
 * packets. Judged by the applications' own "I lead" beliefs (ME-belief: two leaders) and
 * liveness.
 */
import { intBetween } from '../../../sim/random.js';
import { MS, SEC } from '../../../sim/time.js';
import { RESOURCE_ID } from '../../harness/cluster.js';
import type { CatalogueHazard, CatalogueSide, HazardRun, HazardSetup } from '../record.js';
import { hazardScenario } from '../runner.js';
import type { SuspendedPolicy } from '../../workloads/leader-election.js';
import { knobValue } from '../../../core/designs/registry.js';
import { leaderElectionWorkload } from '../../workloads/leader-election.js';
import { RAFT_LOCK_SERVICE } from '../../../core/designs/raft-lock-service/knobs.js';
import { buildSide } from '../../harness/designs/index.js';
import { clientIds, faultPhaseFor, livenessBound, SERVERS } from './timing.js';

const MAX_CLOG_NS = 3 * SEC;

const SIDES: CatalogueSide[] = [
  {
    name: 'unsafe',
    design: 'raft-lock-service',
    knobs: { 'client.onSuspended': 'ignore', 'client.lostAfter': 'timeout-after-suspended', 'app.onSuspended': 'wait-for-lost' },
    kind: 'unsafe',
    description: 'the leader keeps acting while its connection is SUSPENDED and stops only when the session is LOST',
    expect: ['ME-belief'],
  },
  {
    name: 'safe',
    design: 'raft-lock-service',
    knobs: {},
    kind: 'safe',
    description: 'SUSPENDED is treated as loss: the leader stops acting at once',
  },
];

function setup({ options, side, rng }: HazardSetup): HazardRun {
  const clients = clientIds(intBetween(rng, 2, 4));
  const sessionTtlNs = 1 * SEC;
  // A ZooKeeper recipe: an ephemeral node's lock is free the moment its session ends.
  const lockDelayNs = 0;
  const faultPhaseNs = faultPhaseFor(options, 20 * SEC);
  const boundNs = livenessBound(sessionTtlNs, lockDelayNs, MAX_CLOG_NS);
  return {
    params: { servers: SERVERS.length, clients: clients.length, sessionTtlMs: sessionTtlNs / MS, lockDelayMs: lockDelayNs / MS },
    servers: SERVERS,
    clients,
    resource: RESOURCE_ID,
    // The resource is not what this hazard is about: unfenced on both sides, so that only the
    // application's own stop at SUSPENDED keeps two leaders' effects apart.
    system: buildSide(RAFT_LOCK_SERVICE, side, { servers: SERVERS, timing: { sessionTtlNs, lockDelayNs }, resource: 'none' }),
    workload: (stopAt) =>
      leaderElectionWorkload({
        lock: 'leader',
        key: 'leader-log',
        stopAt,
        termMeanNs: 2 * SEC,
        actEveryNs: 50 * MS,
        thinkMeanNs: 100 * MS,
        retryMeanNs: 100 * MS,
        onSuspended: knobValue<SuspendedPolicy>(side, 'app.onSuspended'),
      }),
    nemesis: {
      // A client's messages to a server held up for longer than a session: the server hears
      // nothing and ends the session while the client is merely SUSPENDED.
      clogLinks: { from: clients, to: SERVERS },
      bounds: { durationNs: { min: 500 * MS, max: 4 * SEC }, clogNs: { min: 1 * SEC, max: MAX_CLOG_NS }, delayMeanNs: { min: 2 * MS, max: 200 * MS } },
    },
    faultPhaseNs,
    livenessPhaseNs: boundNs + 3 * SEC,
    livenessBoundNs: boundNs,
  };
}

/** The hazard as data; `setup` draws the seed's parameters and builds the run. */
export const SUSPENDED_IGNORED_HAZARD: CatalogueHazard = {
  case: 12,
  name: 'suspended-ignored',
  title: 'a leader keeps acting while its connection is SUSPENDED, waiting for LOST',
  sources: ['Apache Curator: SUSPENDED must be treated as loss of the lock', 'Curator 3.x simulated session expiry'],
  needs: ['leader-election', 'fenced-resource'],
  faults: ['clog', 'delay'],
  bias: { clog: 3 },
  workload: 'leader-election',
  validators: ['belief-overlap', 'liveness'],
  livenessBound: 'session TTL·(1+ε) + lock-delay + an election + the longest clog, after the heal',
  catchWithin: { from: 1, to: 100 },
  story: { file: 'scenarios/catalogue/fencing/schedules/suspended-ignored.json', seed: 1, side: 'unsafe', shows: ['ME-belief'] },
  sides: SIDES,
  setup,
};

export const suspendedIgnored = hazardScenario(SUSPENDED_IGNORED_HAZARD);

