/**
 * One run of a user's system, judged whole: its outcome, or the crash of its own code, including a
 * promise it rejected with no handler. The host (Node) reports such a promise only once the
 * current task is over, so the run is followed by one turn of the event loop; the promise was
 * tagged, when it settled, with the process whose code was running and the simulated time
 * (node:v8 promise hooks, on only during the run), so the crash says where it happened.
 *
 * Host-side on purpose: the simulated world never sees the event loop, only this wrapper does.
 */
import { promiseHooks } from 'node:v8';
import { describeThrown } from '../../core/async/realm.js';
import type { Whereabouts } from '../../scenarios/user/guarded-realm.js';
import type { UserHazard } from '../../scenarios/user/hazards.js';
import { runOnInstance, type SystemInstance, type UserRun } from '../../scenarios/user/run.js';
import type { RunOptions } from '../../scenarios/scenario.js';

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Runs `hazard` on a fresh instance; an unhandled rejection of the system's code is its crash. */
export async function runJudged(instantiate: () => SystemInstance, hazard: UserHazard, options: Pick<RunOptions, 'seed' | 'schedule' | 'traceLevel'>): Promise<UserRun> {
  const instance = instantiate();
  const settledAt = new WeakMap<object, Whereabouts>();
  let rejected: { reason: unknown; where: Whereabouts } | null = null;
  const stopHook = promiseHooks.onSettled((promise) => {
    const where = instance.realm.where();
    if (where) settledAt.set(promise, where);
  });
  const onUnhandled = (reason: unknown, promise: Promise<unknown>): void => {
    const where = settledAt.get(promise);
    // Not the system's promise: the host's own bug, which must crash as it would have.
    if (!where) throw reason;
    rejected ??= { reason, where };
  };
  process.on('unhandledRejection', onUnhandled);
  let run: UserRun;
  try {
    try {
      run = runOnInstance(instance, hazard, options);
    } finally {
      stopHook();
    }
    await nextTurn();
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
  const found = rejected as { reason: unknown; where: Whereabouts } | null;
  if (run.crash === null && found !== null) {
    return {
      outcome: run.outcome,
      crash: { process: found.where.process, atNs: found.where.atNs, error: `${found.where.process} left a promise rejected with no handler: ${describeThrown(found.reason)}`, thrown: found.reason },
    };
  }
  return run;
}
