/**
 * `zk-scheduled-delete` (seed 000, scheme c): three applications, each with a sidecar next
 * to it, take turns on the resource R through the sidecar's `tryLock(R, owner, 3 s)` and
 * `unlock`. Some applications never unlock (they count on the expiry), and an unlock that fails in
 * the jitter is not tried again, as in the thread's story. The sidecar keeps one session with the
 * lock service (a 10 s lease, ZooKeeper-like); the network between sidecars and servers jitters
 * for seconds at a time, less than a session lease.
 *
 * Unsafe (`scheduled-delete`): the lock is an ephemeral file and its expiry a delete the sidecar
 * schedules on its own timer; a delete that fails in the jitter is never sent again, and since the
 * session survives the jitter, the file lives for ever: R is never granted again (LV).
 * Safe: the service's TTL locks, whose expiry is decided in the replicated state (`safe`), or the
 * same files with the delete retried until it succeeds, checking the owner (`safe-retried-delete`).
 */
import type { FaultKind } from '../../../nemesis/kinds.js';
import { MS, SEC } from '../../../sim/time.js';
import type { CatalogueHazard, CatalogueSide, HazardRun, HazardSetup } from '../record.js';
import { hazardScenario } from '../runner.js';
import { knobValue } from '../../../core/designs/registry.js';
import { ttlLockWorkload } from '../../workloads/ttl-lock.js';
import { CELL_TIMING, electionNs, faultPhaseNs, ids } from './timing.js';
import type { SidecarScheme } from '../../../core/designs/ttl-sidecar/sidecar.js';
import { TTL_SIDECAR } from '../../../core/designs/ttl-sidecar/knobs.js';
import { buildSide } from '../../harness/designs/index.js';

const SIDES: CatalogueSide[] = [
  { name: 'safe', design: 'ttl-sidecar', knobs: {}, kind: 'safe', description: "the service's TTL locks: the expiry is decided in the replicated state machine, the sidecar keeps nothing" },
  { name: 'safe-retried-delete', design: 'ttl-sidecar', knobs: { scheme: 'retried-delete' }, kind: 'safe', description: 'the sidecar schedules the delete, and sends it again until it succeeds, checking the owner' },
  {
    name: 'unsafe',
    design: 'ttl-sidecar',
    knobs: { scheme: 'scheduled-delete' },
    kind: 'unsafe',
    description: 'one shared session; try-lock creates an ephemeral file and schedules one delete after the expiry, never retried',
    expect: ['LV'],
  },
];

/** Jitter between the sidecars and the servers: cut off, lossy or slow, for seconds. */
const FAULTS: FaultKind[] = ['client-to-leader', 'loss', 'delay', 'clog'];

const SESSION_TTL_NS = 10 * SEC;
/** A sidecar call fails fast in the jitter, as a ZooKeeper client's does while disconnected. */
const OPERATION_TIMEOUT_NS = 1 * SEC;
const EXPIRE_MS = 3_000;
const RETRY_NS = 200 * MS;
const MAX_JITTER_NS = 6 * SEC;
/** Packets still on their way at the heal keep their delay; the cell needs a moment to settle. */
const IN_FLIGHT_NS = 3 * SEC;

function setup({ options, side, rng }: HazardSetup): HazardRun {
  const scheme = knobValue<SidecarScheme>(side, 'scheme');
  const servers = ids('n', 3);
  const clients = ids('c', 3);
  const t = CELL_TIMING;
  // The longest a lock stays taken after the heal in a safe design: a session lost in the jitter
  // ends (taking its files) a lease of log time after its last renewal; a file or TTL lock whose
  // owner went quiet ends at its expiry, plus a round of deletes and what is still in flight.
  const livenessBoundNs = Math.round(
    Math.max(SESSION_TTL_NS, EXPIRE_MS * MS) * (1 + t.epsilon) + t.tickSlackNs + electionNs(t) + 2 * OPERATION_TIMEOUT_NS + RETRY_NS + IN_FLIGHT_NS,
  );
  return {
    params: {
      servers: servers.length,
      sidecars: clients.length,
      scheme,
      sessionTtlMs: SESSION_TTL_NS / MS,
      expireMs: EXPIRE_MS,
      operationTimeoutMs: OPERATION_TIMEOUT_NS / MS,
      maxJitterMs: MAX_JITTER_NS / MS,
    },
    servers,
    clients,
    system: buildSide(TTL_SIDECAR, side, {
      servers,
      timing: { epsilon: t.epsilon, marginNs: 10 * MS, retryNs: RETRY_NS },
      serverOptions: () => ({
        tickNs: t.tickNs,
        raft: { electionTicks: t.electionTicks, heartbeatTicks: 2, preVote: true, checkQuorum: true },
        lock: { defaultSessionTtlNs: SESSION_TTL_NS, epsilon: t.epsilon, tickSlackNs: t.tickSlackNs, lockDelayNs: t.lockDelayNs },
      }),
      clientOptions: { sessionTtlNs: SESSION_TTL_NS, epsilon: t.epsilon, requestTimeoutNs: t.requestTimeoutNs, operationTimeoutNs: OPERATION_TIMEOUT_NS },
    }),
    workload: (stopAt) => ttlLockWorkload({ resource: 'R', expireMs: EXPIRE_MS, holdMeanNs: 1 * SEC, thinkMeanNs: 500 * MS, abandonProbability: 0.3, stopAt }),
    nemesis: {
      clogLinks: { from: clients, to: servers },
      bounds: {
        intervalNs: { min: 1 * SEC, max: 4 * SEC },
        // Longer than a sidecar call, shorter than the session's suspension (2/3 of its lease).
        durationNs: { min: 1500 * MS, max: MAX_JITTER_NS },
        lossP: { min: 0.5, max: 1 },
        delayMeanNs: { min: 200 * MS, max: 800 * MS },
        clogNs: { min: 1 * SEC, max: 3 * SEC },
      },
    },
    faultPhaseNs: faultPhaseNs(options, 20 * SEC),
    livenessPhaseNs: livenessBoundNs + 5 * SEC,
    livenessBoundNs,
    // Judged by liveness and beliefs; the TTL-lock model does not know the files' expiry.
    linModels: [],
  };
}

/** The hazard as data; `setup` draws the seed's parameters and builds the run. */
export const ZK_SCHEDULED_DELETE_HAZARD: CatalogueHazard = {
  case: 3,
  name: 'zk-scheduled-delete',
  title: "a sidecar's scheduled delete fails in the jitter and is never retried; the session survives, so the lock file lives for ever",
  sources: ['a sidecar lock API over ZooKeeper (TryLock with an expiry), scheme c: one shared session and a delete scheduled after the TTL'],
  needs: ['try-lock-ttl'],
  faults: FAULTS,
  bias: { 'client-to-leader': 3, clog: 2 },
  workload: 'ttl-lock',
  validators: ['belief-overlap', 'liveness', 'replica-agreement'],
  livenessBound: 'the longer of session TTL and lock expiry, ·(1+ε), + tick slack + an election + two operation timeouts + a retry, after the heal',
  catchWithin: { from: 1, to: 100 },
  story: { file: 'scenarios/catalogue/state-machine/schedules/zk-scheduled-delete.json', seed: 1, side: 'unsafe', shows: ['LV'] },
  sides: SIDES,
  setup,
};

export const zkScheduledDelete = hazardScenario(ZK_SCHEDULED_DELETE_HAZARD);

