/**
 * `kv-register`: Jepsen's linearizable-register workload over a few independent keys: random reads,
 * writes and compare-and-swaps (`cas` value [old, new]; the key in `key`), at a random total rate,
 * until the stop time. Checkable per key with the "kv" model; small value ranges make cas succeed
 * often enough to matter.
 */
import type { TrueTimeNs } from '../../checker/history.js';
import { mix, stagger, untilTime } from './combinators.js';
import type { GenContext, PlannedOp } from './generator.js';
import { lockApiClient } from './lock-api-client.js';
import type { Workload } from './workload.js';

export interface KvRegisterOptions {
  keys: readonly string[];
  /** Values written are integers in [0, values). */
  values: number;
  /** Mean gap between operations, over all clients. */
  staggerMeanNs: number;
  stopAt: TrueTimeNs;
}

export function kvRegisterWorkload(options: KvRegisterOptions): Workload {
  if (options.keys.length === 0) throw new Error('kv-register needs at least one key');
  if (!Number.isInteger(options.values) || options.values < 1) throw new Error(`kv-register needs values >= 1, got ${options.values}`);
  const key = (ctx: GenContext): string => options.keys[Math.floor(ctx.random() * options.keys.length)]!;
  const value = (ctx: GenContext): number => Math.floor(ctx.random() * options.values);
  const read = (ctx: GenContext): PlannedOp => ({ f: 'read', key: key(ctx), value: null });
  const write = (ctx: GenContext): PlannedOp => ({ f: 'write', key: key(ctx), value: value(ctx) });
  const cas = (ctx: GenContext): PlannedOp => ({ f: 'cas', key: key(ctx), value: [value(ctx), value(ctx)] });
  return {
    name: 'kv-register',
    generator: untilTime(options.stopAt, stagger(options.staggerMeanNs, mix([read, write, cas]))),
    client: ({ id, api }) => lockApiClient(id, api, { store: 'kv' }),
    checks: [{ model: 'kv', fs: ['read', 'write', 'cas'] }],
  };
}
