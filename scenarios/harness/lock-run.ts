/**
 * One seeded run of a lock scenario, in TigerBeetle's two phases: a safety phase (the workload
 * runs while the nemesis injects faults), the final heal, then a liveness phase (faults stop; the
 * workload goes on and the system must serve it within a stated bound). Then the checkers judge
 * the record: the validators the scenario names, the system's own monitors (Raft), and
 * linearizability of the ops the workload's models cover.
 */
import { keptEvents } from './trace-events.js';
import type { RunRecord, Violation } from '../../checker/history.js';
import { checkLinearizable } from '../../checker/lin/index.js';
import { checkRun, type ValidatorName } from '../../checker/validators/index.js';
import { topologyOf } from '../../nemesis/context.js';
import type { GenerateOptions } from '../../nemesis/generate.js';
import { installSchedule, type NemesisRun } from '../../nemesis/interpret.js';
import { HistoryRecorder } from '../../sim/recorder.js';
import { MS, SEC } from '../../sim/time.js';
import type { TraceLevel } from '../../sim/trace.js';
import { World } from '../../sim/world.js';
import type { RunOptions, RunOutcome } from '../scenario.js';
import type { Workload } from '../workloads/workload.js';
import { opsFor } from '../workloads/workload.js';
import { runWorkload } from '../workloads/workload.js';
import { chooseSchedule, swarmParams } from './schedule.js';
import type { SystemFactory } from './system.js';

export interface LockRunSpec {
  /** Parameters the seed derived, printed first. */
  params: Record<string, unknown>;
  clients: readonly string[];
  system: SystemFactory;
  /** The resource process id when the system has one (the nemesis may pause it). */
  resource?: string;
  /** Builds the workload; `stopAt` is the end of the liveness phase. */
  workload(stopAt: number): Workload;
  /** The nemesis: what the generator may draw (nodes and phase filled in here). */
  nemesis: Omit<GenerateOptions, 'servers' | 'clients' | 'resource' | 'endNs'>;
  servers: readonly string[];
  faultPhaseNs: number;
  /** How long the workload runs after the heal, during which the liveness bound is judged. */
  livenessPhaseNs: number;
  /** TTL·(1+ε) + lock-delay + election time (+ delays still in flight at the heal). */
  livenessBoundNs: number;
  /** Longest acquire wait allowed (for starvation cases); absent: not judged. */
  maxWaitNs?: number;
  validators: readonly ValidatorName[];
  /**
   * Which of the workload's linearizability models to check. Default: all but `mutex` and
   * `fenced-mutex`, which know nothing of leases and would flag every handover by expiry; where
   * leases can expire, mutual exclusion is judged from beliefs and the resource log instead.
   */
  linModels?: readonly string[];
  /** Check the system's own monitors (Raft invariants) (default true). */
  monitors?: boolean;
  /** Extra judges of the finished record (a scenario's own checker). */
  extraChecks?: Array<(record: RunRecord) => Violation[]>;
  /** Per-run world options. */
  trace?: TraceLevel;
  /**
   * Aimed faults: watches the run and injects faults into the nemesis when the system does
   * something worth hitting (a grant, an election). Random schedules only: a schedule file is a
   * story told as written.
   */
  aims?(world: World, nemesis: NemesisRun, leader: () => string | null): void;
}

export function runLockScenario(spec: LockRunSpec, options: RunOptions): RunOutcome {
  const world = new World({ seed: options.seed, trace: options.traceLevel ?? spec.trace ?? 'protocol' });
  const recorder = new HistoryRecorder({
    now: () => world.now,
    trueAgo: (node, localNs) => (world.has(node) ? world.trueAgoOnClock(node, localNs) : localNs),
    clients: spec.clients,
    records: ['beliefs', 'grants', 'faults', ...(spec.resource ? (['resourceLog'] as const) : [])],
  });
  const system = spec.system({ world, recorder, clients: spec.clients, ...(spec.resource ? { resource: spec.resource } : {}) });
  const healTarget = spec.faultPhaseNs;
  const stopAt = healTarget + spec.livenessPhaseNs;
  const workload = spec.workload(stopAt);
  const run = runWorkload(world, workload, system.apis, recorder);

  const chosen = chooseSchedule(world, options, topologyOf(system.nemesis), {
    ...spec.nemesis,
    servers: spec.servers,
    clients: spec.clients,
    ...(spec.resource ? { resource: spec.resource } : {}),
    endNs: healTarget,
  });
  const nemesis = installSchedule(world, chosen.schedule, system.nemesis);
  if (spec.aims && chosen.swarm !== null) spec.aims(world, nemesis, () => system.nemesis.leader());

  // Safety phase, then the final heal and the liveness phase.
  world.runUntil(chosen.schedule.healAt ?? healTarget);
  const healAt = nemesis.heal();
  recorder.markHeal(healAt);
  world.runUntil(Math.max(stopAt, world.now));
  run.stop();
  // Outstanding operations complete or time out; then the replicas settle.
  world.runUntilTrue(() => run.finished, world.now + 30 * SEC);
  // The clients exit (their libraries would keep sessions alive for ever), and background
  // proposals stop, so that the replicas can reach one state to be compared.
  for (const id of spec.clients) if (world.has(id)) world.crash(id, 'clean');
  system.quiesce?.();
  if (system.quiescent) world.runUntilTrue(() => system.quiescent!(), world.now + 5 * SEC);
  world.runFor(200 * MS);

  const record = recorder.finish(world.now);
  record.faults = nemesis.intervals();
  if (system.replicaStates) record.replicas = system.replicaStates();

  const judged = checkRun(record, {
    validators: spec.validators,
    liveness: { boundNs: spec.livenessBoundNs, ...(spec.maxWaitNs !== undefined ? { maxWaitNs: spec.maxWaitNs } : {}) },
  });
  const violations: Violation[] = [...judged.violations];
  if (spec.monitors !== false && system.monitorViolations) violations.push(...system.monitorViolations(world.now));
  let linValid: boolean | 'unknown' = true;
  const linStats: Record<string, unknown> = {};
  const linModels = spec.linModels ?? workload.checks.map((c) => c.model).filter((m) => m !== 'mutex' && m !== 'fenced-mutex');
  {
    for (const check of workload.checks.filter((c) => linModels.includes(c.model))) {
      const ops = opsFor(check, record.history);
      if (ops.length === 0) continue;
      const lin = checkLinearizable(ops, check.model, { maxSteps: 20_000_000 });
      linStats[check.model] = lin.valid;
      violations.push(...lin.violations);
      if (lin.valid === 'unknown' && linValid === true) linValid = 'unknown';
    }
  }
  for (const extra of spec.extraChecks ?? []) violations.push(...extra(record));
  violations.sort((a, b) => a.at - b.at);
  // A validator that could not judge, or a linearizability search that ran out of budget, leaves
  // a run without violations `unknown`, with the reasons in `unknownBecause`.
  const unknownBecause = [...judged.unknownBecause, ...Object.entries(linStats).filter(([, v]) => v === 'unknown').map(([m]) => `linearizability (${m}): search budget exhausted`)];
  const valid = violations.length > 0 ? false : judged.valid === 'unknown' ? 'unknown' : linValid;

  return {
    valid,
    ...(valid === 'unknown' ? { unknownBecause } : {}),
    violations,
    params: {
      ...spec.params,
      // The heal a schedule file asks for, when it names one; else the scenario's own phase.
      faultPhaseS: (chosen.schedule.healAt ?? healTarget) / SEC,
      livenessPhaseS: spec.livenessPhaseNs / SEC,
      livenessBoundMs: Math.round(spec.livenessBoundNs / MS),
      schedule: chosen.source,
      faults: chosen.schedule.faults.length,
      ...swarmParams(chosen.swarm),
    },
    stats: {
      events: world.steps,
      ops: record.history.length,
      workload: run.stats,
      validators: judged.stats,
      skipped: judged.skipped,
      linearizability: linStats,
      ...(system.stats ? system.stats() : {}),
      messages: Object.fromEntries(world.messages),
    },
    record,
    trace: keptEvents(world),
    traceHash: world.traceHash(),
    simTimeNs: world.now,
    schedule: chosen.schedule,
  };
}
