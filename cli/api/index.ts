/**
 * lockstep's public API: `import { defineSystem, hazards, run, sweep } from 'lockstep'`.
 *
 * A system module default-exports `defineSystem({...})` (servers and a client library, in async
 * style on a `Ctx` or in callback style on an `Env`); `run` and `sweep` load such a module by its
 * path, build the system in a fresh sandboxed realm for every run, and point the catalogue's
 * hazards at it. Everything else in the package is internal. docs/your-own-system.md is the tutorial.
 */
import type { RunOutcome } from '../../scenarios/scenario.js';
import { missingCapability, userHazards } from '../../scenarios/user/hazards.js';
import { describeCrash } from '../../scenarios/user/run.js';
import { runJudged } from '../system/judged-run.js';
import { loadSystemModule } from '../system/load.js';
import { asRefusal, selectSystems, sweepSystems, systemRepro, type Scorecard } from '../system/scorecard.js';
import { BadInputError } from '../errors.js';

export { defineSystem, SystemContractError } from '../../scenarios/user/define.js';
export type {
  AsyncClientLibrary,
  AsyncKvCas,
  AsyncLeaderElection,
  AsyncMutex,
  AsyncTryLockWithTtl,
  CallbackClient,
  CallbackClientLibrary,
  Capability,
  ProcessKit,
  System,
  SystemDefinition,
} from '../../scenarios/user/define.js';
export type { CallOptions, Ctx, MessageHandler, ReportedFact, RequestHandler } from '../../core/async/context.js';
export type {
  AcquireResult,
  CallFailure,
  CallResult,
  CasResult,
  ClientNotice,
  GetResult,
  GrantEvent,
  Holding,
  KvValue,
  LockMode,
  PutResult,
  ReleaseEvent,
  ReleaseResult,
  RoleEvent,
  SessionState,
  Token,
  TryLockResult,
  UnlockResult,
  UnlockStatus,
} from '../../core/contract/index.js';
export type { Disk, Env, FsyncPolicy, NodeId, Process, TimerId } from '../../core/env.js';
export type { HazardScore, HazardVerdict, Scorecard, SystemScore } from '../system/scorecard.js';
export { BadInputError } from '../errors.js';

/** A catalogue hazard as a user sees it. */
export interface HazardInfo {
  case: number;
  name: string;
  title: string;
  /** The capabilities a system must offer (a try-lock or an election stands in for a mutex). */
  needs: readonly string[];
  /** The faults the nemesis may inject. */
  faults: readonly string[];
}

/** Every catalogue hazard, in table order. */
export function hazards(): HazardInfo[] {
  return userHazards().map((h) => ({ case: h.record.case, name: h.record.name, title: h.record.title, needs: [...h.record.needs], faults: [...h.faults] }));
}

/** The outcome of one run. */
export interface RunResult {
  system: string;
  hazard: string;
  seed: number;
  /** true: no violation; false: caught, or the system crashed; 'unknown': a checker could not decide. */
  valid: boolean | 'unknown';
  violations: Array<{ kind: string; explanation: string; at: number }>;
  /** Set when the system's own code threw or left a promise rejected: what, in which process, when (simulated ns). */
  crashed?: { process: string; atNs: number; error: string };
  /** The trace hash (absent when the system crashed before the run could end). */
  traceHash?: string;
  /** The command that reproduces the run. */
  repro: string;
  /** The full outcome (history, trace, parameters), for reports; absent when the run crashed midway. */
  outcome?: RunOutcome;
}

export interface RunArgs {
  hazard: string;
  seed: number;
  /** Which system of the module (default: its only one). */
  system?: string;
}

/** Runs one hazard on one seed against the system the module at `modulePath` exports. */
export async function run(modulePath: string, args: RunArgs): Promise<RunResult> {
  const module = loadSystemModule(modulePath);
  if (args.system === undefined && module.systems.length > 1) throw new BadInputError(`${modulePath} exports ${module.systems.length} systems (${module.systems.map((s) => s.name).join(', ')}): name one`);
  const [system] = selectSystems(module, args.system !== undefined ? [args.system] : undefined);
  const hazard = userHazards().find((h) => h.record.name === args.hazard);
  if (!hazard) throw new BadInputError(`unknown hazard "${args.hazard}" (hazards: ${userHazards().map((h) => h.record.name).join(', ')})`);
  if (!Number.isSafeInteger(args.seed)) throw new BadInputError(`seed must be a whole number, got ${String(args.seed)}`);
  const missing = missingCapability(system!, hazard);
  if (missing) throw new BadInputError(`hazard ${hazard.record.name} is not applicable to ${system!.name}: it needs ${missing}`);
  const judged = await runJudged(() => module.instantiate(system!.name), hazard, { seed: args.seed });
  const refusal = judged.crash ? asRefusal(module, judged.crash.thrown) : null;
  if (refusal) throw refusal;
  const repro = systemRepro(modulePath, system!.name, hazard.record.name, args.seed, module.systems.length > 1);
  const base = { system: system!.name, hazard: hazard.record.name, seed: args.seed, repro };
  const outcome = judged.outcome;
  const found = {
    violations: (outcome?.violations ?? []).map((v) => ({ kind: v.kind, explanation: v.explanation, at: v.at })),
    ...(outcome ? { traceHash: outcome.traceHash, outcome } : {}),
  };
  if (judged.crash) {
    const { thrown: _thrown, ...crash } = judged.crash;
    return { ...base, valid: false, crashed: { ...crash, error: describeCrash(judged.crash) }, ...found };
  }
  return { ...base, valid: outcome!.valid, ...found };
}

export interface SweepArgs {
  /** Hazard names (default: all). */
  hazards?: readonly string[];
  /** Inclusive seed range. */
  seeds: { from: number; to: number };
  /** Which systems of the module (default: all). */
  systems?: readonly string[];
}

/** Runs the hazards over the seeds against every system the module exports: the scorecard. */
export async function sweep(modulePath: string, args: SweepArgs): Promise<Scorecard> {
  const { from, to } = args.seeds;
  if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to) || from > to) throw new BadInputError(`bad seed range ${from}..${to}`);
  return sweepSystems(loadSystemModule(modulePath), { seeds: args.seeds, ...(args.hazards ? { hazards: args.hazards } : {}), ...(args.systems ? { systems: args.systems } : {}) });
}
