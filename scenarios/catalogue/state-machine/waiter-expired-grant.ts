/**
 * `waiter-expired-grant` (etcd #11456): a client blocked in the lock's queue is cut off or
 * paused until its session expires; the service keeps its place in the queue and, when the lock
 * comes to it, grants it anyway, then (the session being gone) lets the lock move on to the next
 * waiter. The waiter wakes up, finds the grant, and believes it while the next holder does too.
 *
 * Unsafe: the state machine grants to expired waiters, and the client library believes a grant
 * that arrives for a session it already gave up. Safe: the state machine drops the waiters of an
 * expired session, and the client re-checks its session after the wait (either fix alone closes
 * this path; the safe design has both, as the catalogue says).
 */
import type { FaultKind } from '../../../nemesis/kinds.js';
import { intBetween } from '../../../sim/random.js';
import { MS, SEC } from '../../../sim/time.js';
import type { CatalogueHazard, CatalogueSide, HazardRun, HazardSetup } from '../record.js';
import { hazardScenario } from '../runner.js';
import { mutexWorkload } from '../../workloads/mutex.js';
import { RAFT_LOCK_SERVICE } from '../../../core/designs/raft-lock-service/knobs.js';
import { buildSide } from '../../harness/designs/index.js';
import { CELL_TIMING, faultPhaseNs, ids, livenessBound } from './timing.js';

const SIDES: CatalogueSide[] = [
  {
    name: 'safe',
    design: 'raft-lock-service',
    knobs: {},
    kind: 'safe',
    description: "the state machine drops an expired session's waiters; the client re-checks its session when a grant arrives after a wait",
  },
  {
    name: 'unsafe',
    design: 'raft-lock-service',
    knobs: { 'lock.grantToExpiredWaiters': true, 'client.recheckAfterWait': false },
    kind: 'unsafe',
    description: 'an expired waiter keeps its place and is granted the lock, which then moves on; the client believes the grant',
    // The table's LIN is not judged here: sessions expire, which the lock models do not describe.
    expect: ['ME-belief'],
  },
];

/**
 * Cuts and slow links between waiting clients and the leader, long enough that a waiter's session
 * ends on one side while its grant is on its way, and pauses of any process (a paused holder's
 * belief ends at its deadline, not when it resumes).
 */
const FAULTS: FaultKind[] = ['clog', 'delay', 'client-to-leader', 'loss', 'isolate-leader', 'pause'];

function setup({ options, side, rng }: HazardSetup): HazardRun {
  const servers = ids('n', 3);
  const clients = ids('c', intBetween(rng, 4, 6));
  const t = CELL_TIMING;
  const maxClogNs = 3 * SEC;
  const livenessBoundNs = livenessBound(t, maxClogNs);
  return {
    params: { servers: servers.length, clients: clients.length, sessionTtlMs: t.sessionTtlNs / MS, lockDelayMs: t.lockDelayNs / MS, epsilon: t.epsilon },
    servers,
    clients,
    system: buildSide(RAFT_LOCK_SERVICE, side, { servers, timing: t, snapshotEntries: null }),
    // Holds long enough that others queue behind the holder, which is where the hazard lives.
    workload: (stopAt) => mutexWorkload({ lock: 'L', stopAt, thinkMeanNs: 100 * MS, retryMeanNs: 100 * MS, holdMeanNs: 400 * MS }),
    nemesis: {
      bounds: {
        intervalNs: { min: 300 * MS, max: 2 * SEC },
        durationNs: { min: 500 * MS, max: 3 * SEC },
        // Around a session lease (TTL·(1+ε) + tick slack), so a waiter's session can end meanwhile.
        clogNs: { min: 500 * MS, max: maxClogNs },
        delayMeanNs: { min: 200 * MS, max: 1500 * MS },
      },
    },
    faultPhaseNs: faultPhaseNs(options, 20 * SEC),
    livenessPhaseNs: livenessBoundNs + 3 * SEC,
    livenessBoundNs,
  };
}

/** The hazard as data; `setup` draws the seed's parameters and builds the run. */
export const WAITER_EXPIRED_GRANT_HAZARD: CatalogueHazard = {
  case: 6,
  name: 'waiter-expired-grant',
  title: 'a blocked waiter whose session expired is handed the lock anyway, which then moves on',
  sources: ['etcd issue 11456: a waiter whose lease expired was granted the lock'],
  needs: ['mutex'],
  faults: FAULTS,
  bias: { clog: 3, delay: 2 },
  workload: 'mutex',
  validators: ['belief-overlap', 'liveness', 'replica-agreement'],
  livenessBound: 'an election + TTL·(1+ε) + lock-delay, after the heal',
  catchWithin: { from: 1, to: 100 },
  story: { file: 'scenarios/catalogue/state-machine/schedules/waiter-expired-grant.json', seed: 1, side: 'unsafe', shows: ['ME-belief'] },
  sides: SIDES,
  setup,
};

export const waiterExpiredGrant = hazardScenario(WAITER_EXPIRED_GRANT_HAZARD);

