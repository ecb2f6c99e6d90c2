/**
 * `raft-chaos`: the Raft under every fault the nemesis has for servers (partitions of every
 * topology, crashes with restarts, pauses, message loss and delay, clock drift), 3 or 5 nodes.
 * Safety: the Raft monitors watch every batch, no acknowledged write may be lost, and the kv
 * history must be linearizable. Liveness: after the final heal the cluster must elect a leader and
 * commit again within a bound. Two unsafe designs show the monitors can see: fsync `no` with
 * power-loss crashes (amnesia), and the Figure 8 commit rule (counting old-term replicas).
 *
 * The seed draws one of two nemesis profiles (the same for every design): `mixed`, every server
 * fault at a moderate pace on Raft with PreVote and CheckQuorum; and, twice as often,
 * `leader-churn`, the shape of the paper's Figure 8: plain Raft, a busy log, leaders isolated and
 * crashed every few tens of milliseconds, and one entry in flight per follower, so that a new
 * leader takes a round trip per entry to bring a follower up to date. That is the window in which
 * it may count an old term's entry as committed and then fall before an entry of its own term is
 * stored on a majority; a random schedule hits it on some seeds in ten.
 */
import { keptEvents } from '../harness/trace-events.js';
import { checkLinearizable } from '../../checker/lin/index.js';
import type { Violation } from '../../checker/history.js';
import type { FsyncPolicy } from '../../core/env.js';
import type { CommitRule } from '../../core/raft/config.js';
import { installSchedule } from '../../nemesis/interpret.js';
import { topologyOf } from '../../nemesis/context.js';
import { finalHeal, runLivenessPhase } from '../../nemesis/heal.js';
import type { IntensityBounds } from '../../nemesis/generate.js';
import type { FaultKind } from '../../nemesis/kinds.js';
import { chance, pick } from '../../sim/random.js';
import { HistoryRecorder } from '../../sim/recorder.js';
import { MS, SEC } from '../../sim/time.js';
import { World } from '../../sim/world.js';
import { Cluster } from '../harness/cluster.js';
import { nemesisOf, worldHost } from '../harness/contract-system.js';
import { RaftBridge } from '../harness/raft-bridge.js';
import { chooseSchedule, swarmParams } from '../harness/schedule.js';
import { installAims, type Aim } from '../lock-chaos/aims.js';

const RAFT_AIMS: readonly Aim[] = ['crash-after-vote', 'power-loss'];
import type { DesignSpec, RunOptions, RunOutcome, Scenario } from '../scenario.js';
import { Proposer } from './proposer.js';

interface RaftDesign {
  fsync: FsyncPolicy;
  commitRule: CommitRule;
}

const DESIGNS: Record<string, RaftDesign> = {
  safe: { fsync: 'always', commitRule: 'current-term' },
  'unsafe-fsync-no': { fsync: 'no', commitRule: 'current-term' },
  'unsafe-commit-old-term': { fsync: 'always', commitRule: 'count-any-term' },
};

const SPECS: DesignSpec[] = [
  { name: 'safe', kind: 'safe', description: 'fsync always; only current-term entries commit by counting replicas' },
  {
    name: 'unsafe-fsync-no',
    kind: 'unsafe',
    description: 'fsync policy "no": a power loss forgets votes and log tails that were acknowledged',
    expectKinds: ['RAFT', 'LIN'],
  },
  {
    name: 'unsafe-commit-old-term',
    kind: 'unsafe',
    description: "the Figure 8 rule: a leader commits an earlier term's entry by counting replicas",
    expectKinds: ['RAFT', 'LIN'],
  },
];

interface NemesisProfile {
  /** Raft without PreVote and CheckQuorum, as in the paper, or with both. */
  plainRaft: boolean;
  /** Appends in flight to one follower (one entry each). */
  maxInflightAppends: number;
  /** The clients' mean think time between operations. */
  thinkNs: number;
  kinds: FaultKind[];
  weights: Partial<Record<FaultKind, number>>;
  bounds: Partial<IntensityBounds>;
}

const SERVER_FAULTS: FaultKind[] = [
  'partition-halves',
  'partition-random-halves',
  'isolate',
  'isolate-leader',
  'bridge',
  'majorities-ring',
  'one-way',
  'delay',
  'loss',
  'duplicate',
  'reorder',
  'clog',
  'pause',
  'crash',
  'clock-drift',
  // A voter leaves and a fresh one joins: clusters of even size, joint quorums in flight, a new
  // node catching up by snapshot.
  'membership',
];

const PROFILES: Record<'mixed' | 'leader-churn', NemesisProfile> = {
  mixed: {
    plainRaft: false,
    maxInflightAppends: 4,
    thinkNs: 20 * MS,
    kinds: SERVER_FAULTS,
    // Crashes and leader isolation are what the two unsafe designs are sensitive to.
    weights: { crash: 4, 'isolate-leader': 3, 'partition-random-halves': 2, pause: 1 },
    bounds: {
      intervalNs: { min: 100 * MS, max: 1 * SEC },
      durationNs: { min: 100 * MS, max: 3 * SEC },
      pauseNs: { min: 10 * MS, max: 3 * SEC },
      driftPpm: { min: 100, max: 200_000 },
    },
  },
  'leader-churn': {
    plainRaft: true,
    maxInflightAppends: 1,
    // A busy log: every leader leaves a tail of its term's entries behind when it falls.
    thinkNs: 5 * MS,
    kinds: ['isolate-leader', 'crash', 'delay'],
    weights: { 'isolate-leader': 3, crash: 2 },
    bounds: {
      intervalNs: { min: 10 * MS, max: 50 * MS },
      durationNs: { min: 50 * MS, max: 1 * SEC },
      // Slow links, not dead ones: elections must still finish for leaders to churn.
      delayMeanNs: { min: 2 * MS, max: 30 * MS },
    },
  },
};

function run(options: RunOptions): RunOutcome {
  const design = DESIGNS[options.design];
  if (!design) throw new Error(`raft-chaos has no design ${options.design}`);
  const world = new World({ seed: options.seed, trace: options.traceLevel ?? 'protocol' });
  const rng = world.random.stream('scenario');
  const size = pick(rng, [3, 5]);
  const profileName = pick(rng, ['mixed', 'leader-churn', 'leader-churn'] as const);
  const profile = PROFILES[profileName];
  const servers = Array.from({ length: size }, (_, i) => `n${i + 1}`);
  const clients = ['c1', 'c2', 'c3'];
  const tickNs = 10 * MS;
  const electionTicks = 10;
  const faultPhaseNs = pick(rng, [20, 30, 40]) * SEC;
  const livenessBoundNs = 10 * SEC;
  const recorder = new HistoryRecorder({ now: () => world.now, clients });
  const bridge = new RaftBridge(() => world.now);
  const host = worldHost({ world, recorder, clients });
  const cluster = new Cluster(host, {
    servers,
    fsync: design.fsync,
    serverOptions: () => ({
      tickNs,
      raft: {
        electionTicks,
        heartbeatTicks: 2,
        preVote: !profile.plainRaft,
        checkQuorum: !profile.plainRaft,
        commitRule: design.commitRule,
        maxEntriesPerAppend: 1,
        maxInflightAppends: profile.maxInflightAppends,
      },
      snapshotEntries: 500,
    }),
    observer: bridge,
  });
  const stopAt = faultPhaseNs;
  for (const id of clients) {
    world.addProcess(id, (env) =>
      new Proposer(env, {
        servers,
        keys: ['x', 'y', 'z'],
        thinkNs: profile.thinkNs,
        retryNs: 300 * MS,
        giveUpNs: 2 * SEC,
        stopAt,
        recorder,
        now: () => world.now,
        onAck: (at, digest, op) => bridge.monitor.ackedWrite({ t: world.now, index: at.index, term: at.term, digest, op }),
      }),
    );
  }
  const ctx = nemesisOf(
    {
      servers,
      leader: () => cluster.leader(),
      // A removed voter comes back as a fresh node: Raft has no way to re-add the one it dropped
      // with its old log, and that is what an operator replacing a machine does.
      addVoter: () => {
        cluster.addVoter();
      },
      removeVoter: (id: string) => {
        cluster.removeVoter(id);
      },
    },
    host,
    recorder,
  );
  const chosen = chooseSchedule(world, options, topologyOf(ctx), {
    servers,
    membership: profile.kinds.includes('membership'),
    kinds: profile.kinds,
    endNs: faultPhaseNs,
    crashModes: ['clean', 'lose-unsynced', 'torn'],
    weights: profile.weights,
    bounds: profile.bounds,
  });
  const nemesis = installSchedule(world, chosen.schedule, ctx);
  // The mixed profile also aims faults at elections (a voter dies as the leader it elected takes
  // office) and cuts power to several servers at once; leader-churn keeps its tuned rhythm.
  const aimRng = world.random.stream('nemesis:aims');
  const aims = profileName === 'mixed' && chosen.swarm !== null ? RAFT_AIMS.filter(() => chance(aimRng, 0.5)) : [];
  installAims(world, nemesis, { aims, servers, clients: [], leader: () => cluster.leader(), ttlNs: SEC, requestTimeoutNs: 300 * MS, maxDriftPpm: 0, endNs: faultPhaseNs }, aimRng);
  world.runUntil(chosen.schedule.healAt ?? faultPhaseNs);
  const healAt = nemesis.heal();
  recorder.markHeal(healAt);

  // Liveness: a leader, and a fresh command committed through it, within the bound.
  let probeCommitted = false;
  const probeFrom = cluster.maxApplied();
  const live = runLivenessPhase(world, healAt, livenessBoundNs, () => {
    const leader = cluster.leader();
    if (!leader) return false;
    const s = cluster.server(leader)!;
    if (!probeCommitted && s.appliedIndex > probeFrom && s.status().term >= 1) probeCommitted = true;
    return probeCommitted;
  });
  // Let the cluster settle so every replica applies what was committed.
  cluster.quiesce();
  world.runUntilTrue(() => cluster.quiescent(), world.now + 5 * SEC);
  world.runFor(500 * MS);
  bridge.monitor.finalState(world.now);

  const record = recorder.finish(world.now);
  record.faults = nemesis.intervals();
  record.replicas = cluster.replicaStates();
  const violations: Violation[] = [...bridge.monitor.violations()];
  if (!live.recovered) {
    violations.push({
      kind: 'LV',
      checker: 'raft-liveness',
      explanation: `no leader committed a new entry within ${livenessBoundNs / SEC}s after the final heal at ${(healAt / SEC).toFixed(3)}s`,
      ops: [],
      at: healAt + livenessBoundNs,
    });
  }
  const lin = checkLinearizable(record.history, 'kv', { maxSteps: 50_000_000 });
  violations.push(...lin.violations);
  const valid = violations.length > 0 ? false : lin.valid === 'unknown' ? 'unknown' : true;
  return {
    valid,
    violations,
    params: {
      design: options.design,
      servers: size,
      clients: clients.length,
      profile: profileName,
      aims: aims.length > 0 ? aims.join(',') : 'none',
      preVote: !profile.plainRaft,
      checkQuorum: !profile.plainRaft,
      maxInflightAppends: profile.maxInflightAppends,
      fsync: design.fsync,
      commitRule: design.commitRule,
      tickMs: tickNs / MS,
      electionTicks,
      faultPhaseS: (chosen.schedule.healAt ?? faultPhaseNs) / SEC,
      livenessBoundS: livenessBoundNs / SEC,
      schedule: chosen.source,
      faults: chosen.schedule.faults.length,
      ...swarmParams(chosen.swarm),
    },
    stats: {
      events: world.steps,
      ops: record.history.length,
      committed: cluster.maxApplied(),
      linearizability: lin.valid,
      livenessTookMs: live.tookNs === null ? null : Math.round(live.tookNs / MS),
      messages: Object.fromEntries(world.messages),
    },
    record,
    trace: keptEvents(world),
    traceHash: world.traceHash(),
    simTimeNs: world.now,
    schedule: chosen.schedule,
  };
}

export const raftChaos: Scenario = {
  name: 'raft-chaos',
  title: 'Raft under partitions, crashes, pauses, packet faults and clock drift (3 and 5 nodes)',
  source: 'issue: a real Raft, proven under the simulator',
  designs: SPECS,
  catchWithin: { from: 1, to: 100 },
  takesSchedule: true,
  run,
};
