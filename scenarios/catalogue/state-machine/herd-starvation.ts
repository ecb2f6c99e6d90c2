/**
 * `herd-starvation` (seed 001's known gaps: "herd effect, writer starvation" on release):
 * no faults at all. Four readers take L shared, each coming back soon after it leaves, so their
 * holds overlap; two writers want L exclusive now and then.
 *
 * Unsafe (`queue: 'herd'`): every release wakes every waiter, which must ask again (one answer and
 * one new request per waiter per release), and readers are let in whenever the holders are
 * readers, however long a writer has waited: with overlapping readers a writer waits until it
 * gives up. Safe (FIFO): a reader that arrives while a writer waits queues behind it, and a
 * release wakes only the head of the queue.
 *
 * Judged by the liveness validator's max wait (no acquire may wait longer than `MAX_WAIT_NS`, far
 * above what FIFO needs) and by the message count, which the stats report: wake-ups sent, acquire
 * requests, and requests per grant.
 */
import { onTraceEvent } from '../../harness/trace-events.js';
import { MS, SEC } from '../../../sim/time.js';
import type { CatalogueHazard, CatalogueSide, HazardRun, HazardSetup } from '../record.js';
import { hazardScenario } from '../runner.js';
import type { SystemFactory } from '../../harness/system.js';
import { mutexWorkload } from '../../workloads/mutex.js';
import { RAFT_LOCK_SERVICE } from '../../../core/designs/raft-lock-service/knobs.js';
import { buildSide } from '../../harness/designs/index.js';
import { CELL_TIMING, faultPhaseNs, ids, livenessBound } from './timing.js';
import { splitWorkload } from './split-workload.js';

const SIDES: CatalogueSide[] = [
  { name: 'safe', design: 'raft-lock-service', knobs: {}, kind: 'safe', description: 'a FIFO waiter queue: a release wakes only the head, and readers queue behind a waiting writer' },
  {
    name: 'unsafe',
    design: 'raft-lock-service',
    knobs: { 'lock.queue': 'herd' },
    kind: 'unsafe',
    description: 'every release wakes every waiter to ask again, and readers overtake a waiting writer',
    expect: ['LV'],
  },
];

const READERS = ['c1', 'c2', 'c3', 'c4'];
const WRITERS = ['c5', 'c6'];
const READ_HOLD_MEAN_NS = 400 * MS;
/** Under FIFO a writer waits for the readers already in (at most 2·READ_HOLD_MEAN_NS each, in parallel). */
const MAX_WAIT_NS = 3 * SEC;

/**
 * Counts what the herd costs: the wake-ups the service answers with, the grants, and the client
 * requests sent per grant (every wake-up brings a new acquire from each woken waiter).
 */
function counted(base: SystemFactory): SystemFactory {
  return (setup) => {
    const system = base(setup);
    let wakeUps = 0;
    let grants = 0;
    onTraceEvent(setup.world, (e) => {
      if (e.kind === 'lock:waiter-woken') wakeUps++;
      else if (e.kind === 'lock:grant') grants++;
    });
    return {
      ...system,
      stats: () => {
        const requests = setup.world.messages.get('lock-req')?.sent ?? 0;
        return { ...(system.stats?.() ?? {}), herd: { wakeUps, grants, requests, requestsPerGrant: grants === 0 ? null : Number((requests / grants).toFixed(2)) } };
      },
    };
  };
}

function setup({ options, side, rng }: HazardSetup): HazardRun {
  const servers = ids('n', 3);
  const clients = [...READERS, ...WRITERS];
  const t = CELL_TIMING;
  const livenessBoundNs = livenessBound(t, 2 * READ_HOLD_MEAN_NS);
  return {
    params: { servers: servers.length, readers: READERS.join(','), writers: WRITERS.join(','), readHoldMeanMs: READ_HOLD_MEAN_NS / MS, maxWaitMs: MAX_WAIT_NS / MS },
    servers,
    clients,
    system: counted(buildSide(RAFT_LOCK_SERVICE, side, { servers, timing: t, snapshotEntries: null })),
    // The workload stops cleanly at the run's end: the cycles under way finish (a holder releases).
    workload: (stopAt) => {
      return splitWorkload('readers and writers', [
        {
          clients: READERS,
          // Shared holds are not what the mutex models describe: the readers are judged by beliefs.
          workload: { ...mutexWorkload({ lock: 'L', mode: 'shared', stopAt, thinkMeanNs: 100 * MS, retryMeanNs: 100 * MS, holdMeanNs: READ_HOLD_MEAN_NS }), checks: [] },
        },
        { clients: WRITERS, workload: mutexWorkload({ lock: 'L', mode: 'exclusive', stopAt, thinkMeanNs: 500 * MS, retryMeanNs: 100 * MS, holdMeanNs: 100 * MS }) },
      ]);
    },
    // No faults: the hazard is the queue discipline's own.
    nemesis: { maxFaults: 0 },
    faultPhaseNs: faultPhaseNs(options, 20 * SEC),
    livenessPhaseNs: livenessBoundNs + 3 * SEC,
    livenessBoundNs,
    maxWaitNs: MAX_WAIT_NS,
    linModels: [],
  };
}

/** The hazard as data; `setup` draws the seed's parameters and builds the run. */
export const HERD_STARVATION_HAZARD: CatalogueHazard = {
  case: 22,
  name: 'herd-starvation',
  title: 'every release wakes every waiter, and overlapping readers starve a waiting writer',
  sources: ["ChubbyGo's known gaps: a herd effect and writer starvation on release", 'the ZooKeeper lock recipe (watch only the predecessor)'],
  needs: ['mutex'],
  faults: ['delay'],
  bias: {},
  workload: 'mutex',
  validators: ['belief-overlap', 'liveness', 'replica-agreement'],
  livenessBound: 'an election + TTL·(1+ε) + two read holds after the heal, and a 3 s maximum acquire wait',
  catchWithin: { from: 1, to: 100 },
  story: { file: 'scenarios/catalogue/state-machine/schedules/herd-starvation.json', seed: 1, side: 'unsafe', shows: ['LV'] },
  sides: SIDES,
  setup,
};

export const herdStarvation = hazardScenario(HERD_STARVATION_HAZARD);

