/**
 * A read-mostly register, the traffic a fast read path is built for: a few writers put and
 * compare-and-swap values on a couple of keys through the lock service's key-value store, and the
 * other clients only read them. A reader never writes, so nothing moves it off the server it last
 * found leading: if that server is deposed without knowing it, the reader keeps asking it. Checked
 * per key with the "kv" model.
 */
import type { TrueTimeNs } from '../../../checker/history.js';
import { eachClient, stagger, untilTime } from '../../workloads/combinators.js';
import type { GenContext, PlannedOp } from '../../workloads/generator.js';
import { lockApiClient } from '../../workloads/lock-api-client.js';
import type { Workload } from '../../workloads/workload.js';

export interface ReadersAndWritersOptions {
  keys: readonly string[];
  /** Values written are integers in [0, values). */
  values: number;
  /** The clients that write; every other client only reads. */
  writers: readonly string[];
  /** Mean gap between one client's operations. */
  perClientGapNs: number;
  stopAt: TrueTimeNs;
}

export function readersAndWritersWorkload(o: ReadersAndWritersOptions): Workload {
  const key = (ctx: GenContext): string => o.keys[Math.floor(ctx.random() * o.keys.length)]!;
  const value = (ctx: GenContext): number => Math.floor(ctx.random() * o.values);
  const read = (ctx: GenContext): PlannedOp => ({ f: 'read', key: key(ctx), value: null });
  const write = (ctx: GenContext): PlannedOp => ({ f: 'write', key: key(ctx), value: value(ctx) });
  const cas = (ctx: GenContext): PlannedOp => ({ f: 'cas', key: key(ctx), value: [value(ctx), value(ctx)] });
  // Each client runs its own copy and sees only itself in the context: its role is its id's.
  const op = (ctx: GenContext): PlannedOp => {
    if (!o.writers.includes(ctx.clients[0]!)) return read(ctx);
    const x = ctx.random();
    return x < 0.4 ? write(ctx) : x < 0.8 ? cas(ctx) : read(ctx);
  };
  return {
    name: 'readers-and-writers',
    generator: untilTime(o.stopAt, eachClient(stagger(o.perClientGapNs, op))),
    client: ({ id, api }) => lockApiClient(id, api, { store: 'kv' }),
    checks: [{ model: 'kv', fs: ['read', 'write', 'cas'] }],
  };
}
