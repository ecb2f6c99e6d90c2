/**
 * `inflight-after-crash` (Chubby's lock-delay): a holder sends a write to the resource
 * and crashes while the write is still on the wire (a clogged link). Its session expires, the
 * lock goes to the next client, which writes; then the dead holder's write arrives and lands
 * after it, an older token after a newer one. Nobody is alive to stop it: the fix is on the
 * service's side (keep a lock freed by an expiry unavailable for longer than any message can
 * travel) or on the resource's side (refuse the older token).
 *
 * - unsafe: lock-delay 0, the resource checks no tokens;
 * - lock-delay-only (unsafe too): a lock-delay longer than the longest one-way delay the network
 *   can impose here (clogs add at most 1.5 s; the lock-delay is 2 s), the resource still checks no
 *   tokens. That is enough for a holder that crashed, and Chubby offers it for resources that
 *   cannot check sequencers, but it is no fix: a holder that pauses longer than the lock-delay, or
 *   loses its session while alive (servers paused), writes after its successor all the same (the
 *   pauses of any process every record's nemesis adds find it);
 * - safe-fenced: lock-delay 0, the resource refuses tokens lower than one it has seen.
 *
 * The nemesis crashes clients (never servers) and clogs the links from clients to the resource;
 * every clog is bounded, so the lock-delay's promise can be kept. A resource write waits 2 s for
 * its answer, longer than its request can be held up, so a client that gives up on a write never
 * releases while the write is still travelling. Each client's session lasts 300 ms, so a dead
 * holder's lock is freed well within the longest clog.
 */
import type { ResourceMode } from '../../../core/resource/resource.js';
import { MS, SEC } from '../../../sim/time.js';
import { RESOURCE_ID } from '../../harness/cluster.js';
import type { CatalogueHazard, CatalogueSide, HazardRun, HazardSetup } from '../record.js';
import { hazardScenario } from '../runner.js';
import { knobValue } from '../../../core/designs/registry.js';
import { fencedWritesWorkload } from '../../workloads/lock-fenced-writes.js';
import { RAFT_LOCK_SERVICE } from '../../../core/designs/raft-lock-service/knobs.js';
import { buildSide } from '../../harness/designs/index.js';
import { clientIds, faultPhaseFor, livenessBound, SERVERS } from './timing.js';


const SIDES: CatalogueSide[] = [
  {
    name: 'unsafe',
    design: 'raft-lock-service',
    knobs: { 'lock.lockDelay': 'none', resource: 'none' },
    kind: 'unsafe',
    description: 'no lock-delay and no fencing: a crashed holder\'s delayed write lands after the lock was granted again',
    expect: ['ME-effect'],
  },
  {
    name: 'lock-delay-only',
    design: 'raft-lock-service',
    knobs: { resource: 'none' },
    kind: 'unsafe',
    description: 'a lock freed by an expiry stays unavailable for 2 s, longer than any write can be delayed (clogs add at most 1.5 s): enough for a crashed holder, not for one that pauses or loses its session while alive',
    expect: ['ME-effect'],
  },
  {
    name: 'safe-fenced',
    design: 'raft-lock-service',
    knobs: { 'lock.lockDelay': 'none', resource: 'fenced' },
    kind: 'safe',
    description: 'no lock-delay, but the resource refuses a token lower than one it has seen',
  },
];

/** The most a clog adds to a packet; the safe lock-delay must be longer. */
const MAX_CLOG_NS = 1500 * MS;
const SAFE_LOCK_DELAY_NS = 2 * SEC;
/** A resource write gives up after this; it must exceed the longest one-way delay. */
const WRITE_TIMEOUT_NS = 2 * SEC;

function setup({ options, side, rng }: HazardSetup): HazardRun {
  const clients = clientIds(2);
  const sessionTtlNs = 300 * MS;
  const lockDelayNs = knobValue(side, 'lock.lockDelay') === 'none' ? 0 : SAFE_LOCK_DELAY_NS;
  const resource = knobValue<ResourceMode>(side, 'resource');
  const faultPhaseNs = faultPhaseFor(options, 20 * SEC);
  const boundNs = livenessBound(sessionTtlNs, lockDelayNs, MAX_CLOG_NS);
  return {
    params: { servers: SERVERS.length, clients: clients.length, sessionTtlMs: sessionTtlNs / MS, lockDelayMs: lockDelayNs / MS, resource, maxClogMs: MAX_CLOG_NS / MS },
    servers: SERVERS,
    clients,
    resource: RESOURCE_ID,
    system: buildSide(RAFT_LOCK_SERVICE, side, { servers: SERVERS, timing: { sessionTtlNs, lockDelayNs }, resource: true, client: () => ({ operationTimeoutNs: WRITE_TIMEOUT_NS }) }),
    // A holder spends its turn writing, so a crash likely finds a write on the wire.
    workload: (stopAt) => fencedWritesWorkload({ lock: 'L', key: 'log', stopAt, writesPerHold: 5, writeGapMeanNs: 20 * MS, thinkMeanNs: 100 * MS, retryMeanNs: 100 * MS }),
    nemesis: {
      victimWeights: { client: 1, server: 0, leader: 0, resource: 0 },
      // Only writes on their way to the resource are held up: a client cut off from the
      // servers would lose its session while alive, which is another case (12).
      clogLinks: { from: clients, to: [RESOURCE_ID] },
      crashModes: ['clean'],
      bounds: {
        clogNs: { min: 1 * SEC, max: MAX_CLOG_NS },
        // Short crashes: a client that is down most of the time is nobody's successor.
        durationNs: { min: 300 * MS, max: 1500 * MS },
        intervalNs: { min: 300 * MS, max: 1500 * MS },
      },
    },
    faultPhaseNs,
    livenessPhaseNs: boundNs + 3 * SEC,
    livenessBoundNs: boundNs,
  };
}

/** The hazard as data; `setup` draws the seed's parameters and builds the run. */
export const INFLIGHT_AFTER_CRASH_HAZARD: CatalogueHazard = {
  case: 20,
  name: 'inflight-after-crash',
  title: "a crashed holder's write, delayed on the wire, lands after the lock was granted again",
  sources: ['Chubby (Burrows, OSDI 2006): lock-delay after a holder fails'],
  needs: ['mutex', 'fenced-resource'],
  faults: ['crash', 'clog'],
  bias: { clog: 2 },
  workload: 'lock-fenced-writes',
  validators: ['effect-overlap', 'fencing', 'liveness'],
  livenessBound: 'session TTL·(1+ε) + lock-delay + an election + the longest clog, after the heal',
  catchWithin: { from: 1, to: 100 },
  story: { file: 'scenarios/catalogue/fencing/schedules/inflight-after-crash.json', seed: 1, side: 'unsafe', shows: ['ME-effect'] },
  sides: SIDES,
  setup,
};

export const inflightAfterCrash = hazardScenario(INFLIGHT_AFTER_CRASH_HAZARD);

