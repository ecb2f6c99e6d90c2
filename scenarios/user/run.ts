/**
 * One seeded run of a catalogue hazard against a user's system: the hazard's faults (biased as its
 * record says) on the system's servers, clients and the protected resource, the workload its
 * family calls for, and the judges the system can feed. The system is built in a fresh realm for
 * every run, so nothing a run leaves in module state reaches the next seed.
 */
import { randomSchedule, type GenerateOptions } from '../../nemesis/generate.js';
import type { Schedule } from '../../nemesis/schedule.js';
import { withAnyPause } from '../catalogue/any-pause.js';
import { intBetween, RandomStreams } from '../../sim/random.js';
import { MS, SEC } from '../../sim/time.js';
import { contractSystem } from '../harness/contract-system.js';
import { runLockScenario } from '../harness/lock-run.js';
import type { RunOptions, RunOutcome } from '../scenario.js';
import { kvRegisterWorkload } from '../workloads/kv-register.js';
import { leaderElectionWorkload } from '../workloads/leader-election.js';
import { lockCounterWorkload } from '../workloads/lock-counter.js';
import { ttlLockWorkload } from '../workloads/ttl-lock.js';
import type { Workload } from '../workloads/workload.js';
import { UserCodeError } from '../../core/async/realm.js';
import { resolveKnobs, type Capability, type DesignDefinition, type KnobSetting, type SystemBuilder } from '../../core/contract/index.js';
import type { NodeId } from '../../core/env.js';
import { serverIds, type System } from './define.js';
import type { GuardedRealm } from './guarded-realm.js';
import { familyFor, judgesFor, missingCapability, type UserHazard } from './hazards.js';
import { USER_RESOURCE_ID, userSystem } from './system.js';

/** A system built afresh for one run, in its own realm. */
export interface SystemInstance {
  system: System;
  realm: GuardedRealm;
}

const FAULT_PHASE_NS = 15 * SEC;

/**
 * A system as a catalogue hazard is pointed at it: a contract builder (core/contract) and the few
 * facts the hazard's run is sized by. A user's `defineSystem` becomes one (`userSubject`), and so
 * does any design of the registry: one path runs and judges them all.
 */
export interface SystemSubject {
  name: string;
  capabilities: readonly Capability[];
  /** The server ids, in order (the nemesis's targets). */
  servers: readonly NodeId[];
  /** The expiry the harness asks for when it takes a try-lock; faults are sized by it. */
  leaseMs: number;
  /** How long after the faults stop the system must serve again. */
  recoveryMs: number;
  build: SystemBuilder<Capability>;
}

/** A user's system, built in `realm`, as a subject. */
export function userSubject(system: System, realm: GuardedRealm): SystemSubject {
  return { name: system.name, capabilities: system.capabilities, servers: serverIds(system), leaseMs: system.leaseMs ?? 2000, recoveryMs: system.recoveryMs ?? 10_000, build: userSystem(system, realm) };
}

/** A registered design (core/contract's `DesignDefinition`) with a knob setting, as a subject. */
export function designSubject<P>(
  design: DesignDefinition<P, Capability, SystemBuilder>,
  setting: KnobSetting,
  params: P,
  facts: Pick<SystemSubject, 'servers' | 'leaseMs' | 'recoveryMs'>,
): SystemSubject {
  return { name: design.name, capabilities: design.capabilities, ...facts, build: design.build(resolveKnobs(design.name, design.knobs, setting), params) };
}

function workloadFor(hazard: UserHazard, system: Pick<SystemSubject, 'capabilities' | 'leaseMs'>, stopAt: number): Workload {
  const leaseMs = system.leaseMs;
  switch (familyFor(system, hazard)) {
    case 'lock':
      return lockCounterWorkload({ lock: 'L', key: 'counter', stopAt, thinkMeanNs: 50 * MS, retryMeanNs: 100 * MS, workMeanNs: (leaseMs * MS) / 3 });
    case 'ttl':
      return ttlLockWorkload({ resource: 'R', expireMs: leaseMs, holdMeanNs: (leaseMs * MS) / 3, thinkMeanNs: 100 * MS, abandonProbability: 0.3, stopAt });
    case 'election':
      return leaderElectionWorkload({ lock: 'leader', key: 'leader-log', stopAt, thinkMeanNs: 100 * MS, retryMeanNs: 100 * MS, termMeanNs: 2 * leaseMs * MS, actEveryNs: 50 * MS, onSuspended: 'stop' });
    case 'kv':
      return kvRegisterWorkload({ keys: ['x', 'y'], values: 5, staggerMeanNs: 50 * MS, stopAt });
  }
}

/** The clients of a seed's run (three to five, drawn from the seed). */
function clientsOf(seed: number): string[] {
  const rng = new RandomStreams(seed).stream('scenario');
  return Array.from({ length: intBetween(rng, 3, 5) }, (_, i) => `c${i + 1}`);
}

/**
 * The fault schedule the seed draws for `hazard` on `system`: the same draw the run makes (the
 * world's named stream "nemesis:schedule" of the same seed, with the same options), so that a
 * shrinker can replay it as a file and cut it down.
 */
export function scheduleOfSeed(system: System, hazard: UserHazard, seed: number): Schedule {
  const family = familyFor(system, hazard);
  const withResource = family === 'lock' || family === 'election';
  return randomSchedule(new RandomStreams(seed).stream('nemesis:schedule'), {
    ...nemesisOf(hazard, system.leaseMs ?? 2000),
    servers: serverIds(system),
    clients: clientsOf(seed),
    ...(withResource ? { resource: USER_RESOURCE_ID } : {}),
    endNs: FAULT_PHASE_NS,
  }).schedule;
}

/**
 * The hazard's faults, sized to the system's lease (a hazard record names faults, not their size):
 * pauses and clogs around the lease, so that a holder can outlive its lease frozen, and clock steps
 * from a fraction of it to many leases.
 */
function nemesisOf(hazard: UserHazard, leaseMs: number): Omit<GenerateOptions, 'servers' | 'clients' | 'resource' | 'endNs'> {
  const lease = leaseMs * MS;
  return {
    // Pauses of any process on every hazard, as in the catalogue (scenarios/catalogue/any-pause.ts).
    ...withAnyPause(hazard.faults, hazard.record.bias),
    membership: false,
    bounds: {
      pauseNs: { min: Math.round(lease / 2), max: 3 * lease },
      clogNs: { min: Math.round(lease / 10), max: 2 * lease },
      jumpNs: { min: Math.round(lease / 5), max: 10 * lease },
      delayMeanNs: { min: 2 * MS, max: Math.max(3 * MS, Math.round(lease / 4)) },
    },
  };
}

/** The system's own code failed: where (the process and the simulated time) and what it threw. */
export interface SystemCrash {
  process: string;
  atNs: number;
  /** One line: what the code threw or rejected with. */
  error: string;
  /** The value thrown, for callers that tell a refused call (bad input) from a crash. */
  thrown?: unknown;
}

/** One run of a user's system: its outcome, or the crash that stopped it (or both, for a crash noticed after the run). */
export type UserRun = { outcome: RunOutcome; crash: null } | { outcome: RunOutcome | null; crash: SystemCrash };

/** The crash a user-code failure is. */
export function crashOf(error: UserCodeError, fallbackNs = 0): SystemCrash {
  return { process: error.process, atNs: error.atNs ?? fallbackNs, error: error.message, ...(error.thrown !== undefined ? { thrown: error.thrown } : {}) };
}

/** One line: "c2 threw Error: boom at t=2.000 s (simulated)". */
export function describeCrash(crash: SystemCrash): string {
  return `${crash.error} at t=${(crash.atNs / SEC).toFixed(3)} s (simulated, in ${crash.process})`;
}

/**
 * Runs `hazard` on a fresh instance of the system. User code that throws, rejects, breaks the
 * contract or reaches for the real world stops the run: the result is its crash, not a verdict.
 * (A promise rejected with no handler is noticed by the host only after the run: cli/system's
 * `runJudged` adds it.)
 */
export function runUserHazard(instantiate: () => SystemInstance, hazard: UserHazard, options: Pick<RunOptions, 'seed' | 'schedule' | 'traceLevel'>): UserRun {
  const instance = instantiate();
  return runOnInstance(instance, hazard, options);
}

/** `runUserHazard` on an instance the caller built (and may watch). */
export function runOnInstance({ system, realm }: SystemInstance, hazard: UserHazard, options: Pick<RunOptions, 'seed' | 'schedule' | 'traceLevel'>): UserRun {
  let outcome: RunOutcome;
  try {
    outcome = runSubject(userSubject(system, realm), hazard, options);
  } catch (err) {
    const failure = err instanceof UserCodeError ? err : realm.failure;
    if (failure) return { outcome: null, crash: crashOf(failure) };
    throw err;
  }
  if (realm.failure) return { outcome, crash: crashOf(realm.failure, outcome.simTimeNs) };
  return { outcome, crash: null };
}

/**
 * One seeded run of `hazard` on `subject`: its faults (biased as the record says, sized by the
 * subject's lease) on the subject's servers, clients and the protected resource, the workload its
 * family calls for, and the judges the subject can feed.
 */
export function runSubject(subject: SystemSubject, hazard: UserHazard, options: Pick<RunOptions, 'seed' | 'schedule' | 'traceLevel'>): RunOutcome {
  const missing = missingCapability(subject, hazard);
  if (missing) throw new Error(`${hazard.record.name} needs ${missing}, which system "${subject.name}" does not offer`);
  const clients = clientsOf(options.seed);
  const recoveryNs = subject.recoveryMs * MS;
  const { validators, notJudged } = judgesFor(subject, hazard);
  const family = familyFor(subject, hazard);
  const withResource = family === 'lock' || family === 'election';
  return runLockScenario(
    {
      params: { system: subject.name, hazard: hazard.record.name, servers: subject.servers.length, clients: clients.length, leaseMs: subject.leaseMs, notJudged },
      servers: subject.servers,
      clients,
      ...(withResource ? { resource: USER_RESOURCE_ID } : {}),
      system: contractSystem(subject.name, subject.capabilities, subject.build),
      workload: (stopAt) => workloadFor(hazard, subject, stopAt),
      nemesis: nemesisOf(hazard, subject.leaseMs),
      faultPhaseNs: FAULT_PHASE_NS,
      livenessPhaseNs: recoveryNs + 3 * SEC,
      livenessBoundNs: recoveryNs,
      validators,
      monitors: false,
    },
    { seed: options.seed, design: subject.name, ...(options.schedule ? { schedule: options.schedule } : {}), ...(options.traceLevel ? { traceLevel: options.traceLevel } : {}) },
  );
}
