/**
 * `mutex`: plain acquire and release, nothing done while holding but time passing. The history is
 * checkable as a linearizable mutex (checker model "mutex", or "fenced-mutex" with the tokens):
 * every acquire names its owner, so a client keeps its identity across retired processes.
 */
import type { TrueTimeNs } from '../../checker/history.js';
import { lockApiClient } from './lock-api-client.js';
import { lockCycle, type LockCycleOptions } from './lock-cycle.js';
import { clientScript, uniformNs } from './script.js';
import type { Workload } from './workload.js';

export interface MutexOptions extends LockCycleOptions {
  /** Mean time a client holds the lock (uniform in [0, 2·mean)). */
  holdMeanNs: number;
}

export function mutexWorkload(options: MutexOptions): Workload {
  const hold = lockCycle<{ until: TrueTimeNs }>(options, {
    begin: (_token, _client, ctx) => ({ until: ctx.now + uniformNs(ctx, options.holdMeanNs) }),
    next: (body, _token, ctx) => (ctx.now < body.until ? { waitUntil: body.until, body } : 'release'),
    completed: () => 'release',
  });
  return {
    name: 'mutex',
    generator: clientScript(hold),
    client: ({ id, api, recorder }) => lockApiClient(id, api, { store: 'resource', beliefs: recorder }),
    checks: [
      { model: 'mutex', fs: ['acquire', 'release'] },
      { model: 'fenced-mutex', fs: ['acquire', 'release'] },
    ],
  };
}
