/**
 * `static-membership` (seed 002, the 2-node and 5-node experiments): who the voters are is
 * part of the replicated state, not of each machine's configuration.
 *
 * - unsafe-two-nodes: a cluster of two. A majority of two is both, so when one machine is lost
 *   for good the other can never be elected, and the lock is never granted again (LV);
 * - unsafe-static-peers: three servers grown to five by editing each machine's peer file (the
 *   `staticPeers` server option) and restarting them one by one. Until every server has restarted
 *   they disagree on who votes: a restarted server can win an election with the votes of the two
 *   empty newcomers alone while the others still commit grants among themselves, and its log,
 *   which lacks those grants, then overwrites theirs (RAFT, lost grants, two holders at once);
 * - safe: three servers (an odd number, so one may fail), grown one voter at a time through the
 *   log (the operator proposes each change to the leader until it is in the membership).
 *
 * Every design runs on the same five machines n1 to n5 and meets the same events: random
 * partitions and crashes of the initial servers; on half of the seeds one of n1 and n2 is lost for
 * good (a crash with no end: the final heal leaves it down); then the operator adds n4 and n5 and
 * restarts the initial servers one at a time. A scripted schedule's crash without a duration
 * is a machine lost for good, too. Workload: a lock-guarded counter on a fencing resource. Judged
 * by the Raft monitors, belief and effect overlap, lost updates, fencing, liveness after the heal
 * and replica agreement.
 */
import type { FaultKind } from '../../../nemesis/kinds.js';
import { randomSchedule, type SwarmParams } from '../../../nemesis/generate.js';
import { scheduleToJson, type FaultSpec, type Schedule } from '../../../nemesis/schedule.js';
import { chance, intBetween, pick, RandomStreams, shuffled } from '../../../sim/random.js';
import { MS, SEC } from '../../../sim/time.js';
import { RESOURCE_ID } from '../../harness/cluster.js';
import type { CatalogueHazard, CatalogueSide, HazardRun, HazardSetup } from '../record.js';
import { hazardScenario } from '../runner.js';
import { knobValue } from '../../../core/designs/registry.js';
import { RAFT_LOCK_SERVICE } from '../../../core/designs/raft-lock-service/knobs.js';
import { buildSide } from '../../harness/designs/index.js';
import type { MembershipSource } from '../../harness/raft-lock-system.js';
import { swarmParams } from '../../harness/schedule.js';
import { lockCounterWorkload } from '../../workloads/lock-counter.js';
import { clientIds, ELECTION_NS, faultPhaseFor, livenessBound } from './timing.js';

/** Every machine a design may use: its initial servers, then spares. */
const MACHINES = ['n1', 'n2', 'n3', 'n4', 'n5'] as const;
/** The spares the operator adds, in order. */
const GROWTH = ['n4', 'n5'] as const;

interface MembershipDesign {
  initial: readonly string[];
  membership: MembershipSource;
}

const SIDES: CatalogueSide[] = [
  {
    name: 'unsafe-two-nodes',
    design: 'raft-lock-service',
    knobs: { 'cluster.initialVoters': 2 },
    kind: 'unsafe',
    description: 'two servers: when one is lost for good the other can never win an election, and no lock is granted again',
    expect: ['LV'],
  },
  {
    name: 'unsafe-static-peers',
    design: 'raft-lock-service',
    knobs: { 'cluster.membership': 'static-list' },
    kind: 'unsafe',
    description: 'grown from three servers to five by editing peer files and restarting: servers that disagree on the voters form two majorities, one without the grants the other committed',
    expect: ['RAFT', 'LW', 'ME-belief', 'ME-effect', 'FM'],
  },
  {
    name: 'safe',
    design: 'raft-lock-service',
    knobs: {},
    kind: 'safe',
    description: 'three servers, so that one may fail; new servers join one voter at a time through the log',
  },
];

const RANDOM_FAULTS: FaultKind[] = ['partition-random-halves', 'isolate-leader', 'crash'];

/**
 * What the operator does on this seed, the same for every design: maybe lose n1 or n2 for good,
 * add n4 and n5, and restart the servers that were running before n5 came, one by one (a restart
 * of a server the design does not have, or has lost, is skipped after its draws, so that the
 * plans stay aligned).
 */
function operatorPlan(seed: number, initial: readonly string[]): FaultSpec[] {
  const rng = new RandomStreams(seed).stream('operator');
  const plan: FaultSpec[] = [];
  const losesOne = chance(rng, 0.5);
  const lost = pick(rng, ['n1', 'n2']);
  const lostAt = intBetween(rng, 1000, 3000) * MS;
  if (losesOne) plan.push({ at: lostAt, fault: 'crash', targets: [lost], params: { mode: 'clean' } });
  const growAt = intBetween(rng, 3000, 5000) * MS;
  GROWTH.forEach((id, i) => plan.push({ at: growAt + i * 500 * MS, fault: 'membership', targets: [id], params: { action: 'add' } }));
  // Every server that booted before the last addition restarts, to read the finished list.
  let at = growAt + 1500 * MS;
  for (const id of shuffled(rng, ['n1', 'n2', 'n3', 'n4'])) {
    const down = intBetween(rng, 100, 600) * MS;
    const runs = initial.includes(id) || id === 'n4';
    if (runs && !(losesOne && id === lost)) plan.push({ at, fault: 'crash', targets: [id], duration: down, params: { mode: 'clean' } });
    at += intBetween(rng, 1000, 2000) * MS;
  }
  return plan;
}

/** The seed's random faults among the initial servers, with the operator's plan merged in. */
function seededSchedule(seed: number, initial: readonly string[], clients: readonly string[], endNs: number): { schedule: Schedule; swarm: SwarmParams } {
  const { schedule, swarm } = randomSchedule(new RandomStreams(seed).stream('nemesis:schedule'), {
    // The same draws for every design: victims among n1 to n3 (a spare must not be started by a crash's restart).
    servers: ['n1', 'n2', 'n3'],
    clients,
    resource: RESOURCE_ID,
    kinds: RANDOM_FAULTS,
    weights: { 'partition-random-halves': 3, 'isolate-leader': 3 },
    victimWeights: { leader: 2, server: 2, client: 0, resource: 0 },
    crashModes: ['clean'],
    bounds: { intervalNs: { min: 100 * MS, max: 1 * SEC }, durationNs: { min: 100 * MS, max: 1500 * MS } },
    endNs,
  });
  const faults = [...schedule.faults, ...operatorPlan(seed, initial)].sort((a, b) => a.at - b.at);
  return { schedule: { description: `swarm: ${swarm.kinds.join(', ')}; and the operator's plan`, healAt: endNs, faults }, swarm };
}

/** Servers a schedule takes down for good: named in a crash with no duration. */
function lostForGood(text: string): Set<string> {
  try {
    const parsed = JSON.parse(text) as Schedule | FaultSpec[];
    const faults = Array.isArray(parsed) ? parsed : (parsed.faults ?? []);
    return new Set(faults.filter((f) => f.fault === 'crash' && f.duration === undefined).flatMap((f) => (f.targets ?? []).filter((t) => (MACHINES as readonly string[]).includes(t))));
  } catch {
    // The run parses the schedule again and reports what is wrong with it, with line numbers.
    return new Set();
  }
}

function setup({ options, side, rng }: HazardSetup): HazardRun {
  const design: MembershipDesign = { initial: MACHINES.slice(0, knobValue<number>(side, 'cluster.initialVoters')), membership: knobValue<MembershipSource>(side, 'cluster.membership') };
  const clients = clientIds(intBetween(rng, 3, 5));
  const sessionTtlNs = 1 * SEC;
  const lockDelayNs = 200 * MS;
  const faultPhaseNs = faultPhaseFor(options, 15 * SEC);
  const seeded = options.schedule ? null : seededSchedule(options.seed, design.initial, clients, faultPhaseNs);
  const schedule = options.schedule ?? { text: scheduleToJson(seeded!.schedule), file: "random (seeded swarm) and the operator's plan" };
  const lost = lostForGood(schedule.text);
  // Two membership changes after the heal may still be under way: allow an election for each.
  const livenessBoundNs = livenessBound(sessionTtlNs, lockDelayNs) + 2 * ELECTION_NS;
  return {
    params: {
      initial: design.initial.length,
      machines: MACHINES.length,
      membership: design.membership,
      lostForGood: [...lost].join(',') || 'none',
      clients: clients.length,
      sessionTtlMs: sessionTtlNs / MS,
      lockDelayMs: lockDelayNs / MS,
      resource: 'fenced',
      ...swarmParams(seeded?.swarm ?? null),
    },
    servers: design.initial,
    clients,
    resource: RESOURCE_ID,
    // The registry's Raft lock service, grown by an operator: how the spares join is the side's
    // `cluster.membership` knob.
    system: buildSide(RAFT_LOCK_SERVICE, side, {
      servers: design.initial,
      timing: { sessionTtlNs, lockDelayNs },
      resource: true,
      growth: { spares: MACHINES.filter((id) => !design.initial.includes(id)), lostForGood: lost },
    }),
    workload: (stopAt) => lockCounterWorkload({ lock: 'L', key: 'counter', stopAt, thinkMeanNs: 30 * MS, retryMeanNs: 50 * MS, workMeanNs: 20 * MS }),
    // Unused: the schedule is always given (the seed's own, built above, or a file).
    nemesis: {},
    faultPhaseNs,
    livenessPhaseNs: livenessBoundNs + 3 * SEC,
    livenessBoundNs,
    schedule,
  };
}

/** The hazard as data; `setup` draws the seed's parameters and builds the run. */
export const STATIC_MEMBERSHIP_HAZARD: CatalogueHazard = {
  case: 19,
  name: 'static-membership',
  title: 'two-node clusters and clusters grown by editing peer lists: lost service, and majorities that miss committed grants',
  sources: ['ZooKeeper quorum experiments: a 2-node ensemble and a 5-node one grown by editing static server lists', 'Raft single-server membership changes'],
  needs: ['mutex', 'fenced-resource'],
  faults: RANDOM_FAULTS,
  bias: {},
  workload: 'lock-counter',
  validators: ['belief-overlap', 'effect-overlap', 'lost-update', 'fencing', 'liveness', 'replica-agreement'],
  livenessBound: 'session TTL·(1+ε) + lock-delay + three elections (two membership changes may be under way), after the heal',
  catchWithin: { from: 1, to: 100 },
  story: { file: 'scenarios/catalogue/raft/schedules/static-membership.json', seed: 1, side: 'unsafe-static-peers', shows: ['DIV', 'FM', 'RAFT'] },
  sides: SIDES,
  setup,
};

export const staticMembership = hazardScenario(STATIC_MEMBERSHIP_HAZARD);

