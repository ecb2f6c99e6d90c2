/**
 * `fast-get-stale-read` (seed 001, FastGet): to make reads cheap, the leader answers them
 * from its local map at once, without asking a quorum whether it still leads. A leader cut off
 * from the other servers, but not from its clients, does not know it was deposed, and keeps
 * answering reads while the new leader commits writes it will never see.
 *
 * - unsafe: server read path `fast-local` on a Raft without CheckQuorum (as under FastGet): the
 *   deposed leader answers until it hears the new term, that is, until the partition heals;
 * - unsafe-checkquorum: the same reads with CheckQuorum, which steps the deposed leader down within
 *   two election timeouts: the window shrinks to about one timeout, but it is still there;
 * - safe: `read-index` (a read waits for a heartbeat round acknowledged by a majority, at an index
 *   no older than the leader's commit when the read arrived), on the same Raft as `unsafe`.
 *
 * Workload: a read-mostly register (one writer puts and compare-and-swaps two keys through the
 * lock service's key-value store; the other clients only read), judged by the linearizability
 * checker (kv model), replica agreement and the Raft monitors. Nemesis: partitions that cut the
 * servers apart while every client still reaches every server (the leader isolated from the
 * servers, random halves of the servers), and leader pauses.
 */
import type { ReadPath } from '../../../core/server/options.js';
import { intBetween, pick } from '../../../sim/random.js';
import { MS, SEC } from '../../../sim/time.js';
import type { CatalogueHazard, CatalogueSide, HazardRun, HazardSetup } from '../record.js';
import { hazardScenario } from '../runner.js';
import { knobValue } from '../../../core/designs/registry.js';
import { RAFT_LOCK_SERVICE } from '../../../core/designs/raft-lock-service/knobs.js';
import { buildSide } from '../../harness/designs/index.js';
import { clientIds, ELECTION_NS, faultPhaseFor, serverIds } from './timing.js';
import { readersAndWritersWorkload } from './readers-and-writers.js';

interface ReadDesign {
  readPath: ReadPath;
  checkQuorum: boolean;
}

const SIDES: CatalogueSide[] = [
  {
    name: 'unsafe',
    design: 'raft-lock-service',
    knobs: { 'server.readPath': 'fast-local', 'raft.checkQuorum': false },
    kind: 'unsafe',
    description: "reads answered from the leader's local map with no quorum check: a deposed leader serves stale values until it hears the new term",
    expect: ['LIN'],
  },
  {
    name: 'unsafe-checkquorum',
    design: 'raft-lock-service',
    knobs: { 'server.readPath': 'fast-local' },
    kind: 'unsafe',
    description: 'the same fast reads on a Raft with CheckQuorum: the deposed leader steps down within two election timeouts, which narrows the window but does not close it',
    expect: ['LIN'],
  },
  {
    name: 'safe',
    design: 'raft-lock-service',
    knobs: { 'raft.checkQuorum': false },
    kind: 'safe',
    description: 'ReadIndex: a read is served only after a majority confirms the leader still leads',
  },
];

function setup({ options, side, rng }: HazardSetup): HazardRun {
  const design: ReadDesign = { readPath: knobValue<ReadPath>(side, 'server.readPath'), checkQuorum: knobValue<boolean>(side, 'raft.checkQuorum') };
  const servers = serverIds(pick(rng, [3, 5]));
  const clients = clientIds(intBetween(rng, 3, 5));
  const sessionTtlNs = 1 * SEC;
  const lockDelayNs = 200 * MS;
  const faultPhaseNs = faultPhaseFor(options, 15 * SEC);
  const livenessBoundNs = ELECTION_NS + 2 * SEC;
  return {
    params: { servers: servers.length, clients: clients.length, writers: 1, readPath: design.readPath, checkQuorum: design.checkQuorum },
    servers,
    clients,
    system: buildSide(RAFT_LOCK_SERVICE, side, { servers, timing: { sessionTtlNs, lockDelayNs } }),
    workload: (stopAt) => readersAndWritersWorkload({ keys: ['x', 'y'], values: 5, writers: clients.slice(0, 1), perClientGapNs: 30 * MS, stopAt }),
    nemesis: {
      // Pauses freeze a leader; clients keep running so that they can see the stale answers.
      victimWeights: { leader: 3, server: 1, client: 0, resource: 0 },
      bounds: {
        intervalNs: { min: 200 * MS, max: 1 * SEC },
        durationNs: { min: 300 * MS, max: 2 * SEC },
        pauseNs: { min: 100 * MS, max: 1 * SEC },
      },
    },
    faultPhaseNs,
    livenessPhaseNs: livenessBoundNs + 1 * SEC,
    livenessBoundNs,
  };
}

/** The hazard as data; `setup` draws the seed's parameters and builds the run. */
export const FAST_GET_STALE_READ_HAZARD: CatalogueHazard = {
  case: 17,
  name: 'fast-get-stale-read',
  title: 'reads served from a leader\'s local map: a deposed leader still answers with stale values',
  sources: ["ChubbyGo's non-linearizable fast get", 'etcd serializable reads'],
  needs: ['kv-cas'],
  faults: ['isolate-leader', 'partition-random-halves', 'pause'],
  bias: { 'isolate-leader': 3 },
  workload: 'readers-and-writers',
  validators: ['replica-agreement'],
  livenessBound: 'session TTL·(1+ε) + lock-delay + an election, after the heal',
  catchWithin: { from: 1, to: 100 },
  story: { file: 'scenarios/catalogue/raft/schedules/fast-get-stale-read.json', seed: 1, side: 'unsafe', shows: ['LIN'] },
  sides: SIDES,
  setup,
};

export const fastGetStaleRead = hazardScenario(FAST_GET_STALE_READ_HAZARD);

