/**
 * `checkseq-toctou` (seed 004, CheckSeq): the resource does not judge tokens itself. For
 * each write it asks the lock service "is token t current?" and applies the write when the answer
 * comes back. The answer was true when the service gave it, but it travels: while it is held up
 * on the way back (a clogged link), the writer's lock ends (its client is frozen past its session,
 * or gives up on the slow write and releases), the next client takes the lock and reads the
 * counter. Then the stale "yes" arrives, the old write lands, and the next client's increment
 * overwrites it: one update lost. Time of check is not time of use.
 *
 * - unsafe: the resource asks the service (mode `check-sequencer`, one lock client inside the
 *   resource asking the servers);
 * - safe: the resource keeps the highest token seen and judges each write itself, atomically with
 *   applying it (mode `fenced`).
 *
 * The nemesis clogs the links from the servers to the resource (where the answers travel) and
 * freezes clients. Judged by the resource's log (lost updates, effect order), fencing and
 * liveness; beliefs are not judged, since a frozen client believes through its pause whichever
 * way the resource checks.
 *
 * The resource's one lock client asks one question at a time, so its answers come back in the
 * order the writes arrived and the accepted tokens never go backwards: the late write shows as a
 * lost update (LW), the harm ME-effect names, rather than as an older token after a newer one.
 */
import type { ResourceMode } from '../../../core/resource/resource.js';
import { intBetween } from '../../../sim/random.js';
import { MS, SEC } from '../../../sim/time.js';
import { RESOURCE_ID } from '../../harness/cluster.js';
import type { CatalogueHazard, CatalogueSide, HazardRun, HazardSetup } from '../record.js';
import { hazardScenario } from '../runner.js';
import { knobValue } from '../../../core/designs/registry.js';
import { lockCounterWorkload } from '../../workloads/lock-counter.js';
import { RAFT_LOCK_SERVICE } from '../../../core/designs/raft-lock-service/knobs.js';
import { buildSide } from '../../harness/designs/index.js';
import { clientIds, faultPhaseFor, livenessBound, SERVERS } from './timing.js';

const SIDES: CatalogueSide[] = [
  {
    name: 'unsafe',
    design: 'raft-lock-service',
    knobs: { resource: 'check-sequencer' },
    kind: 'unsafe',
    description: "the resource asks the lock service whether a write's token is current and applies the write when the answer arrives",
    expect: ['ME-effect', 'LW'],
  },
  {
    name: 'safe',
    design: 'raft-lock-service',
    knobs: { resource: 'fenced' },
    kind: 'safe',
    description: 'the resource keeps the highest token it has seen and judges each write itself, atomically with applying it',
  },
];

const MAX_CLOG_NS = 3 * SEC;

function setup({ options, side, rng }: HazardSetup): HazardRun {
  const clients = clientIds(intBetween(rng, 2, 4));
  const sessionTtlNs = 500 * MS;
  const lockDelayNs = 200 * MS;
  const resource = knobValue<ResourceMode>(side, 'resource');
  const faultPhaseNs = faultPhaseFor(options, 20 * SEC);
  const boundNs = livenessBound(sessionTtlNs, lockDelayNs, MAX_CLOG_NS);
  return {
    params: { servers: SERVERS.length, clients: clients.length, sessionTtlMs: sessionTtlNs / MS, lockDelayMs: lockDelayNs / MS, resource },
    servers: SERVERS,
    clients,
    resource: RESOURCE_ID,
    // A client gives up on a write after 1 s and releases; the resource waits up to 4 s for the
    // service's answer before it refuses, as a server that trusts the service would.
    system: buildSide(RAFT_LOCK_SERVICE, side, {
      servers: SERVERS,
      timing: { sessionTtlNs, lockDelayNs },
      resource: true,
      client: () => ({ operationTimeoutNs: 1 * SEC }),
      checker: { operationTimeoutNs: 4 * SEC },
    }),
    workload: (stopAt) => lockCounterWorkload({ lock: 'L', key: 'counter', stopAt, thinkMeanNs: 100 * MS, retryMeanNs: 100 * MS, workMeanNs: 100 * MS }),
    nemesis: {
      // The answers to the resource's questions are what travel late.
      clogLinks: { from: SERVERS, to: [RESOURCE_ID] },
      victimWeights: { client: 1, server: 0, leader: 0, resource: 0 },
      bounds: {
        clogNs: { min: 500 * MS, max: MAX_CLOG_NS },
        pauseNs: { min: 300 * MS, max: 3 * SEC },
        durationNs: { min: 300 * MS, max: 3 * SEC },
        intervalNs: { min: 300 * MS, max: 2 * SEC },
      },
    },
    faultPhaseNs,
    livenessPhaseNs: boundNs + 3 * SEC,
    livenessBoundNs: boundNs,
  };
}

/** The hazard as data; `setup` draws the seed's parameters and builds the run. */
export const CHECKSEQ_TOCTOU_HAZARD: CatalogueHazard = {
  case: 5,
  name: 'checkseq-toctou',
  title: "the resource asks the lock service whether a token is current; the answer is stale when it arrives",
  sources: ['the ChubbyGo safety analysis: CheckSeq is a check, then a separate write', 'Chubby (Burrows, OSDI 2006): sequencers'],
  needs: ['mutex', 'fenced-resource'],
  faults: ['clog', 'pause'],
  bias: { clog: 2 },
  workload: 'lock-counter',
  validators: ['effect-overlap', 'lost-update', 'fencing', 'liveness'],
  livenessBound: 'session TTL·(1+ε) + lock-delay + an election, after the heal',
  catchWithin: { from: 1, to: 100 },
  story: { file: 'scenarios/catalogue/fencing/schedules/checkseq-toctou.json', seed: 1, side: 'unsafe', shows: ['LW'] },
  sides: SIDES,
  setup,
};

export const checkseqToctou = hazardScenario(CHECKSEQ_TOCTOU_HAZARD);

