/**
 * One seed of one hazard on one system of a module, reduced to what a scorecard needs: the run's
 * verdict (clean, caught, unknown) or the system's crash. The sweep's worker threads and its
 * single-thread path both call this; each thread bundles a module once and builds a fresh realm
 * for every run.
 */
import { performance } from 'node:perf_hooks';
import { UserCodeError } from '../../core/async/realm.js';
import { findHazard } from '../../scenarios/user/hazards.js';
import type { SystemCrash } from '../../scenarios/user/run.js';
import { runJudged } from './judged-run.js';
import { loadSystemModule, type SystemModule } from './load.js';
import { RefusedCallError } from './sandbox.js';

export interface SeedTask {
  module: string;
  system: string;
  hazard: string;
  seed: number;
}

export interface SeedResult extends SeedTask {
  verdict: 'clean' | 'caught' | 'unknown' | 'crashed';
  kinds?: string[];
  /** The first violation, in words. */
  violation?: string;
  crash?: Omit<SystemCrash, 'thrown'>;
  /** The module reached for the real world: bad input, not a finding. */
  refused?: string;
  wallMs: number;
}

const modules = new Map<string, SystemModule>();

function moduleAt(path: string): SystemModule {
  let module = modules.get(path);
  if (!module) {
    module = loadSystemModule(path);
    modules.set(path, module);
  }
  return module;
}

function refusalOf(thrown: unknown): RefusedCallError | null {
  if (thrown instanceof RefusedCallError) return thrown;
  if (thrown instanceof UserCodeError && thrown.thrown instanceof RefusedCallError) return thrown.thrown;
  return null;
}

export async function runSeed(task: SeedTask): Promise<SeedResult> {
  const started = performance.now();
  const module = moduleAt(task.module);
  const hazard = findHazard(task.hazard);
  if (!hazard) throw new Error(`unknown hazard ${task.hazard}`);
  const run = await runJudged(() => module.instantiate(task.system), hazard, { seed: task.seed, traceLevel: 'none' });
  const wallMs = Math.round(performance.now() - started);
  if (run.crash) {
    const refused = refusalOf(run.crash.thrown);
    if (refused) return { ...task, verdict: 'crashed', refused: `${task.module}: refused: ${refused.message}`, wallMs };
    const { thrown: _thrown, ...crash } = run.crash;
    return { ...task, verdict: 'crashed', crash, wallMs };
  }
  const outcome = run.outcome;
  if (outcome.valid === false) {
    return { ...task, verdict: 'caught', kinds: [...new Set(outcome.violations.map((v) => v.kind))], violation: outcome.violations[0]?.explanation ?? '', wallMs };
  }
  return { ...task, verdict: outcome.valid === 'unknown' ? 'unknown' : 'clean', wallMs };
}
