/**
 * Jepsen-style operation generators on simulated time.
 *
 * A generator is an immutable value. `op(ctx)` says what to do now: invoke an operation (and which
 * generator follows), nothing yet (`pending`, with the generator to ask next time and, when known,
 * the true time worth asking again), or nothing ever again (`null`). `update(ctx, event)` returns the
 * generator that has seen an invocation or completion.
 *
 * Why immutable: a generator can be shared (each client starts from the same value), re-asked
 * without side effects when the driver discards an answer, and tested by plain function calls; the
 * one stateful input, the random stream, is in the context, so every draw comes from the seed.
 * Nothing here schedules anything: the driver (driver.ts) turns `pending` hints into world events.
 */
import type { OpType, TrueTimeNs } from '../../checker/history.js';
import type { Rng } from '../../sim/random.js';

/** An operation a generator wants invoked. */
export interface PlannedOp {
  /** The function: "read", "write", "cas", "acquire", "release", "try-lock", "unlock", ... */
  f: string;
  /** The argument as the history records it (the modelled value). */
  value: unknown;
  /** The lock or key the operation is about. */
  key?: string;
  /** The client that must run it; when absent, the generator's first free client runs it. */
  client?: string;
  /**
   * Call arguments the history does not model (e.g. the fencing token and lock of a resource
   * write). The client program reads them; the history records only `value`.
   */
  args?: Readonly<Record<string, unknown>>;
}

/** What a generator sees when asked. Lists of clients keep the driver's fixed order. */
export interface GenContext {
  /** True simulated time. */
  readonly now: TrueTimeNs;
  /** Every client this generator may use. */
  readonly clients: readonly string[];
  /** Clients that can take an operation now: up, and with nothing outstanding. */
  readonly free: readonly string[];
  /** Clients with an operation outstanding. */
  readonly busy: readonly string[];
  /** The workload's random stream (derived from the run seed). */
  readonly random: Rng;
}

/** An invocation or completion, as the driver reports it to `update`. */
export interface OpEvent {
  type: OpType;
  client: string;
  /** The Jepsen process the operation ran under. */
  process: number;
  /** History index of this event. */
  index: number;
  f: string;
  value: unknown;
  key?: string;
  error?: string;
  time: TrueTimeNs;
}

/**
 * A client's process crashed. It is not a history operation (its outstanding op, if any, has just
 * been reported `info`); it tells generators that whatever the client's application knew is gone.
 */
export interface CrashEvent {
  type: 'crash';
  client: string;
  time: TrueTimeNs;
}

export type GenEvent = OpEvent | CrashEvent;

export type GenStep =
  | { readonly kind: 'op'; readonly op: PlannedOp & { client: string }; readonly next: Generator }
  | {
      readonly kind: 'pending';
      /** True time worth asking again at; null: only after some operation completes. */
      readonly wakeAt: TrueTimeNs | null;
      readonly next: Generator;
    }
  | null;

export interface Generator {
  op(ctx: GenContext): GenStep;
  update(ctx: GenContext, event: GenEvent): Generator;
}

/** The generator misbehaved (e.g. named a client outside its context); a bug of the workload. */
export class GeneratorError extends Error {
  override readonly name = 'GeneratorError';
}

export function emit(op: PlannedOp & { client: string }, next: Generator): GenStep {
  return { kind: 'op', op, next };
}

export function pending(next: Generator, wakeAt: TrueTimeNs | null = null): GenStep {
  return { kind: 'pending', wakeAt, next };
}

/** The earlier of two wake hints (null: no hint). */
export function earliest(a: TrueTimeNs | null, b: TrueTimeNs | null): TrueTimeNs | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

/**
 * The context as seen by a generator confined to one of its clients: `restrict(ctx, {client})`
 * without building a set and filtering three lists, since each-client routing asks it for every
 * client on every step of the workload.
 */
export function restrictToOne(ctx: GenContext, client: string): GenContext {
  // The lists are read-only, so the three can share one list of the client and one empty list.
  const one: readonly string[] = [client];
  const mine = (list: readonly string[]): readonly string[] => (list.includes(client) ? one : NOBODY);
  return { now: ctx.now, random: ctx.random, clients: mine(ctx.clients), free: mine(ctx.free), busy: mine(ctx.busy) };
}

const NOBODY: readonly string[] = Object.freeze([]);

/** The context as seen by a generator confined to `subset` (order stays the context's). */
export function restrict(ctx: GenContext, subset: ReadonlySet<string>): GenContext {
  return {
    now: ctx.now,
    random: ctx.random,
    clients: ctx.clients.filter((c) => subset.has(c)),
    free: ctx.free.filter((c) => subset.has(c)),
    busy: ctx.busy.filter((c) => subset.has(c)),
  };
}

/**
 * The client that runs `op` now, or null when it must wait: the named client if it is free, else
 * the first free client. Naming a client the context does not have is a workload bug.
 */
export function clientFor(ctx: GenContext, wanted: string | undefined): string | null {
  if (wanted === undefined) return ctx.free[0] ?? null;
  if (!ctx.clients.includes(wanted)) {
    throw new GeneratorError(`an op names client "${wanted}", which is not among this generator's clients (${ctx.clients.join(', ') || 'none'})`);
  }
  return ctx.free.includes(wanted) ? wanted : null;
}

/** A generator that is done. */
export const EXHAUSTED: Generator = {
  op: () => null,
  update() {
    return this;
  },
};

/** Makes an op afresh each time it is asked (random values, a counter, ...); null ends it. */
export type OpMaker = (ctx: GenContext) => PlannedOp | null;

/** What combinators accept: a generator, one op (emitted once), or an op maker (asked forever). */
export type GenLike = Generator | PlannedOp | OpMaker;

class OneOp implements Generator {
  constructor(private readonly planned: PlannedOp) {}
  op(ctx: GenContext): GenStep {
    const client = clientFor(ctx, this.planned.client);
    return client === null ? pending(this) : emit({ ...this.planned, client }, EXHAUSTED);
  }
  update(): Generator {
    return this;
  }
}

class MadeOps implements Generator {
  constructor(private readonly make: OpMaker) {}
  op(ctx: GenContext): GenStep {
    // Ask the maker only when someone could run its op, so a busy spell draws no randomness.
    if (ctx.free.length === 0) return pending(this);
    const planned = this.make(ctx);
    if (planned === null) return null;
    const client = clientFor(ctx, planned.client);
    if (client === null) {
      throw new GeneratorError(`op maker chose client "${planned.client}", which is not free now; name a free client or none`);
    }
    return emit({ ...planned, client }, this);
  }
  update(): Generator {
    return this;
  }
}

function isGenerator(x: GenLike): x is Generator {
  return typeof x === 'object' && x !== null && typeof (x as Generator).op === 'function' && typeof (x as Generator).update === 'function';
}

/**
 * A generator from what a workload wrote, as Jepsen reads its forms: a generator is itself, a
 * plain op is emitted once, a function makes ops forever (until it returns null).
 */
export function gen(x: GenLike): Generator {
  if (typeof x === 'function') return new MadeOps(x);
  if (isGenerator(x)) return x;
  if (typeof x !== 'object' || x === null || typeof (x as PlannedOp).f !== 'string') {
    throw new GeneratorError(`not a generator, an op or an op maker: ${String(x)}`);
  }
  return new OneOp(x);
}
