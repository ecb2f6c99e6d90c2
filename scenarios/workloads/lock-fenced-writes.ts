/**
 * `lock-fenced-writes`: while holding the lock, a client writes a few values stamped with its
 * token to the resource, spaced out in time. A fencing resource must refuse every write whose
 * token is below one it already accepted; a client whose write is refused stops writing and
 * releases (it has been fenced out).
 */
import type { TrueTimeNs } from '../../checker/history.js';
import { lockApiClient } from './lock-api-client.js';
import { lockCycle, type LockCycleOptions } from './lock-cycle.js';
import { clientScript, uniformNs } from './script.js';
import type { Workload } from './workload.js';

export interface FencedWritesOptions extends LockCycleOptions {
  /** The resource key written. */
  key: string;
  /** Writes per hold. */
  writesPerHold: number;
  /** Mean gap between a holder's writes. */
  writeGapMeanNs: number;
}

/** What a holder writes: who, under which token, and its sequence number within the hold. */
export interface StampedValue {
  by: string;
  token: number;
  n: number;
}

type Section = { client: string; n: number; nextAt: TrueTimeNs };

export function fencedWritesWorkload(options: FencedWritesOptions): Workload {
  const { key, lock } = options;
  const writes = lockCycle<Section>(options, {
    begin: (_token, client, ctx) => ({ client, n: 0, nextAt: ctx.now }),
    next(body, token, ctx) {
      if (body.n >= options.writesPerHold) return 'release';
      if (ctx.now < body.nextAt) return { waitUntil: body.nextAt, body };
      const value: StampedValue = { by: body.client, token, n: body.n };
      return { op: { f: 'write', key, value, args: { token, lock } }, body };
    },
    completed(body, event, ctx) {
      // Refused: a later holder's token reached the resource first. Stop writing.
      if (event.type === 'fail') return 'release';
      return { ...body, n: body.n + 1, nextAt: ctx.now + uniformNs(ctx, options.writeGapMeanNs) };
    },
  });
  return {
    name: 'lock-fenced-writes',
    generator: clientScript(writes),
    client: ({ id, api, recorder }) => lockApiClient(id, api, { store: 'resource', beliefs: recorder }),
    checks: [
      { model: 'fenced-mutex', fs: ['acquire', 'release'] },
      { model: 'register', fs: ['write'] },
    ],
  };
}
