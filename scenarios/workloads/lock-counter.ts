/**
 * `lock-counter`: a read-modify-write guarded by the lock. Acquire, read the counter on the
 * resource, work a while, write counter + 1 with the token, release. If mutual exclusion holds (or
 * the resource's fencing refuses the stale writer), no increment is lost; every lost update is a
 * measure of broken mutual exclusion (Jepsen's lock-set idea, with a counter).
 */
import type { TrueTimeNs } from '../../checker/history.js';
import { lockApiClient } from './lock-api-client.js';
import { lockCycle, type LockCycleOptions } from './lock-cycle.js';
import { clientScript, uniformNs } from './script.js';
import type { Workload } from './workload.js';

export interface LockCounterOptions extends LockCycleOptions {
  /** The counter's key on the resource. */
  key: string;
  /** Mean time between reading the counter and writing it back (the window a zombie exploits). */
  workMeanNs: number;
}

type Section = { step: 'read' } | { step: 'reading' } | { step: 'work'; value: number; until: TrueTimeNs } | { step: 'writing' };

export function lockCounterWorkload(options: LockCounterOptions): Workload {
  const { key, lock } = options;
  const increment = lockCycle<Section>(options, {
    begin: () => ({ step: 'read' }),
    next(body, token, ctx) {
      if (body.step === 'read') return { op: { f: 'read', key, value: null, args: { token, lock } }, body: { step: 'reading' } };
      if (body.step === 'work') {
        if (ctx.now < body.until) return { waitUntil: body.until, body };
        return { op: { f: 'write', key, value: body.value + 1, args: { token, lock } }, body: { step: 'writing' } };
      }
      throw new Error(`lock-counter asked for a move while ${body.step}`);
    },
    completed(body, event, ctx) {
      if (body.step !== 'reading' || event.type !== 'ok') return 'release';
      const read = event.value ?? 0;
      if (typeof read !== 'number') throw new Error(`lock-counter read ${JSON.stringify(read)} from ${key}, not a number`);
      return { step: 'work', value: read, until: ctx.now + uniformNs(ctx, options.workMeanNs) };
    },
  });
  return {
    name: 'lock-counter',
    generator: clientScript(increment),
    client: ({ id, api, recorder }) => lockApiClient(id, api, { store: 'resource', beliefs: recorder }),
    checks: [
      { model: 'fenced-mutex', fs: ['acquire', 'release'] },
      { model: 'register', fs: ['read', 'write'] },
    ],
  };
}
