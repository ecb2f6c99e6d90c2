/**
 * `raft-figure-8` (the Raft paper, §5.4.2 and Figure 8): a leader must not decide that an
 * entry of an earlier term is committed because a majority now stores it. A node that holds a
 * newer term's entry at that index can still win an election (its log is more up to date than
 * the majority's) and overwrite it. Raft's rule counts replicas only for entries of the leader's
 * own term; older ones commit with them.
 *
 * - unsafe: `commitRule: 'count-any-term'`: an old-term entry stored on a majority is committed;
 *   a lock grant committed that way, and acknowledged, can vanish from the log;
 * - safe: `commitRule: 'current-term'` (Raft's rule).
 *
 * The interleaving needs leaders to fall in quick succession, each leaving a tail of its term's
 * entries behind, and a new leader that takes long enough to bring followers up to date that it
 * can count an old entry as committed and fall before its own term's entry reaches a majority.
 * So the cell runs plain Raft as in the paper (no PreVote, no CheckQuorum), one entry per append
 * and one append in flight per follower, with a busy lock; the nemesis isolates and crashes
 * leaders every few tens of milliseconds and slows links a little. Workload: a lock-guarded
 * counter on a fencing resource. Judged by the Raft monitors (leader completeness, state-machine
 * safety, log matching), belief and effect overlap, lost updates, fencing, liveness and replica
 * agreement.
 */
import type { CommitRule } from '../../../core/raft/config.js';
import { intBetween, pick } from '../../../sim/random.js';
import { MS, SEC } from '../../../sim/time.js';
import { RESOURCE_ID } from '../../harness/cluster.js';
import type { CatalogueHazard, CatalogueSide, HazardRun, HazardSetup } from '../record.js';
import { hazardScenario } from '../runner.js';
import { knobValue } from '../../../core/designs/registry.js';
import { lockCounterWorkload } from '../../workloads/lock-counter.js';
import { RAFT_LOCK_SERVICE } from '../../../core/designs/raft-lock-service/knobs.js';
import { buildSide } from '../../harness/designs/index.js';
import { clientIds, faultPhaseFor, livenessBound, serverIds } from './timing.js';

const SIDES: CatalogueSide[] = [
  {
    name: 'unsafe',
    design: 'raft-lock-service',
    knobs: { 'raft.commitRule': 'count-any-term' },
    kind: 'unsafe',
    description: "a leader commits an earlier term's entry once a majority stores it (Figure 8): a node with a newer entry there can still be elected and overwrite it",
    expect: ['RAFT', 'LW'],
  },
  {
    name: 'safe',
    design: 'raft-lock-service',
    knobs: {},
    kind: 'safe',
    description: "Raft's rule: only entries of the leader's own term commit by counting replicas; older ones commit with them",
  },
];

function setup({ options, side, rng }: HazardSetup): HazardRun {
  const commitRule = knobValue<CommitRule>(side, 'raft.commitRule');
  const servers = serverIds(pick(rng, [3, 5]));
  const clients = clientIds(intBetween(rng, 4, 8));
  const sessionTtlNs = 1 * SEC;
  const lockDelayNs = 200 * MS;
  const faultPhaseNs = faultPhaseFor(options, 20 * SEC);
  const livenessBoundNs = livenessBound(sessionTtlNs, lockDelayNs);
  return {
    params: { servers: servers.length, clients: clients.length, commitRule: commitRule, preVote: false, checkQuorum: false, maxInflightAppends: 1, resource: 'fenced' },
    servers,
    clients,
    resource: RESOURCE_ID,
    system: buildSide(RAFT_LOCK_SERVICE, side, {
      servers,
      timing: { sessionTtlNs, lockDelayNs },
      resource: true,
      raft: { preVote: false, checkQuorum: false, maxEntriesPerAppend: 1, maxInflightAppends: 1 },
    }),
    workload: (stopAt) => lockCounterWorkload({ lock: 'L', key: 'counter', stopAt, thinkMeanNs: 10 * MS, retryMeanNs: 20 * MS, workMeanNs: 10 * MS }),
    nemesis: {
      victimWeights: { leader: 3, server: 1, client: 0, resource: 0 },
      crashModes: ['clean'],
      bounds: {
        intervalNs: { min: 10 * MS, max: 50 * MS },
        durationNs: { min: 50 * MS, max: 1 * SEC },
        // Slow links, not dead ones: elections must still finish for leaders to churn.
        delayMeanNs: { min: 2 * MS, max: 30 * MS },
      },
    },
    faultPhaseNs,
    livenessPhaseNs: livenessBoundNs + 3 * SEC,
    livenessBoundNs,
  };
}

/** The hazard as data; `setup` draws the seed's parameters and builds the run. */
export const RAFT_FIGURE8_HAZARD: CatalogueHazard = {
  case: 23,
  name: 'raft-figure-8',
  title: "a leader counts replicas of an earlier term's entry as a commit; a newer log overwrites it",
  sources: ['Raft (Ongaro and Ousterhout, 2014), section 5.4.2 and Figure 8'],
  needs: ['mutex', 'fenced-resource'],
  faults: ['isolate-leader', 'crash', 'delay'],
  bias: { 'isolate-leader': 3, crash: 2 },
  workload: 'lock-counter',
  validators: ['belief-overlap', 'effect-overlap', 'lost-update', 'fencing', 'liveness', 'replica-agreement'],
  livenessBound: 'session TTL·(1+ε) + lock-delay + an election, after the heal',
  catchWithin: { from: 1, to: 100 },
  story: { file: 'scenarios/catalogue/raft/schedules/raft-figure-8.json', seed: 3, side: 'unsafe', shows: ['RAFT'] },
  sides: SIDES,
  setup,
};

export const raftFigure8 = hazardScenario(RAFT_FIGURE8_HAZARD);

