/**
 * Combinators over generators, after Jepsen's generator algebra: choice (mix), timing (stagger,
 * delay), bounds (limit, timeLimit, untilTime), sequencing (phases, cycle, repeat, once), routing
 * (eachClient, onClients) and reaction (untilOk). Each returns a new immutable generator.
 */
import type { TrueTimeNs } from '../../checker/history.js';
import {
  earliest,
  emit,
  EXHAUSTED,
  gen,
  GeneratorError,
  pending,
  restrict,
  restrictToOne,
  type GenContext,
  type GenEvent,
  type Generator,
  type GenLike,
  type GenStep,
} from './generator.js';

/** The same step with its follow-up generator wrapped (the step's own `next` is the inner one). */
function rewrap(step: GenStep, wrap: (next: Generator) => Generator): GenStep {
  if (step === null) return null;
  return step.kind === 'op' ? emit(step.op, wrap(step.next)) : pending(wrap(step.next), step.wakeAt);
}

// ---- choice ---------------------------------------------------------------------------------

class Mix implements Generator {
  /** `choice` is drawn once per emitted op, so asking again while pending draws nothing. */
  constructor(
    private readonly gens: readonly Generator[],
    private readonly choice: number | null,
  ) {}

  op(ctx: GenContext): GenStep {
    let gens = this.gens;
    let i = this.choice;
    while (gens.length > 0) {
      if (i === null || i >= gens.length) i = Math.floor(ctx.random() * gens.length);
      const step = gens[i]!.op(ctx);
      if (step === null) {
        gens = gens.filter((_, j) => j !== i);
        i = null;
        continue;
      }
      const replaced = gens.slice();
      replaced[i] = step.next;
      // After an op the next choice is drawn afresh; while pending the same generator is kept.
      return step.kind === 'op' ? emit(step.op, new Mix(replaced, null)) : pending(new Mix(replaced, i), step.wakeAt);
    }
    return null;
  }

  update(ctx: GenContext, event: GenEvent): Generator {
    return new Mix(
      this.gens.map((g) => g.update(ctx, event)),
      this.choice,
    );
  }
}

/** Each op comes from one of `gens`, chosen uniformly at random; exhausted ones drop out. */
export function mix(gens: readonly GenLike[]): Generator {
  return new Mix(gens.map(gen), null);
}

// ---- timing ---------------------------------------------------------------------------------

/** Ops at least a gap apart; `gap` gives the gap after each op. */
class Spaced implements Generator {
  constructor(
    private readonly inner: Generator,
    private readonly gap: (ctx: GenContext) => number,
    private readonly nextAt: TrueTimeNs | null,
  ) {}

  op(ctx: GenContext): GenStep {
    if (this.nextAt !== null && ctx.now < this.nextAt) return pending(this, this.nextAt);
    const step = this.inner.op(ctx);
    if (step === null) return null;
    if (step.kind === 'pending') return pending(new Spaced(step.next, this.gap, this.nextAt), step.wakeAt);
    return emit(step.op, new Spaced(step.next, this.gap, ctx.now + this.gap(ctx)));
  }

  update(ctx: GenContext, event: GenEvent): Generator {
    return new Spaced(this.inner.update(ctx, event), this.gap, this.nextAt);
  }
}

/**
 * Random gaps between ops, uniform in [0, 2·mean), so ops come at `1/mean` per unit of time in
 * total (over all clients), as Jepsen's stagger does.
 */
export function stagger(meanNs: number, g: GenLike): Generator {
  if (!(meanNs >= 0)) throw new GeneratorError(`stagger needs a mean gap of at least 0 ns, got ${meanNs}`);
  return new Spaced(gen(g), (ctx) => Math.floor(ctx.random() * 2 * meanNs), null);
}

/** Ops exactly `gapNs` apart (or later, when no client is free in time). */
export function delay(gapNs: number, g: GenLike): Generator {
  if (!(gapNs >= 0)) throw new GeneratorError(`delay needs a gap of at least 0 ns, got ${gapNs}`);
  return new Spaced(gen(g), () => gapNs, null);
}

// ---- bounds ---------------------------------------------------------------------------------

class Limit implements Generator {
  constructor(
    private readonly inner: Generator,
    private readonly left: number,
  ) {}
  op(ctx: GenContext): GenStep {
    if (this.left <= 0) return null;
    const step = this.inner.op(ctx);
    if (step === null) return null;
    const left = step.kind === 'op' ? this.left - 1 : this.left;
    return rewrap(step, (next) => new Limit(next, left));
  }
  update(ctx: GenContext, event: GenEvent): Generator {
    return new Limit(this.inner.update(ctx, event), this.left);
  }
}

/** At most `n` ops from `g`. */
export function limit(n: number, g: GenLike): Generator {
  if (!Number.isInteger(n) || n < 0) throw new GeneratorError(`limit needs a whole number of ops, got ${n}`);
  return new Limit(gen(g), n);
}

/** One op from `g`. */
export function once(g: GenLike): Generator {
  return limit(1, g);
}

class Until implements Generator {
  constructor(
    private readonly inner: Generator,
    /** Null until first asked, for a duration measured from then. */
    private readonly deadline: TrueTimeNs | null,
    private readonly durationNs: number,
  ) {}
  op(ctx: GenContext): GenStep {
    const deadline = this.deadline ?? ctx.now + this.durationNs;
    if (ctx.now >= deadline) return null;
    const step = this.inner.op(ctx);
    if (step === null) return null;
    // Wake at the deadline at the latest, so that the end is noticed even when nothing completes.
    if (step.kind === 'pending') return pending(new Until(step.next, deadline, this.durationNs), earliest(step.wakeAt, deadline));
    return emit(step.op, new Until(step.next, deadline, this.durationNs));
  }
  update(ctx: GenContext, event: GenEvent): Generator {
    return new Until(this.inner.update(ctx, event), this.deadline, this.durationNs);
  }
}

/** Ops from `g` until true time `t` (exclusive); operations already invoked still complete. */
export function untilTime(t: TrueTimeNs, g: GenLike): Generator {
  return new Until(gen(g), t, 0);
}

/** Ops from `g` for `durationNs` from the first time it is asked (Jepsen's time-limit). */
export function timeLimit(durationNs: number, g: GenLike): Generator {
  if (!(durationNs >= 0)) throw new GeneratorError(`timeLimit needs a duration of at least 0 ns, got ${durationNs}`);
  return new Until(gen(g), null, durationNs);
}

// ---- sequencing -----------------------------------------------------------------------------

class Phases implements Generator {
  constructor(
    private readonly gens: readonly Generator[],
    /** True while waiting for every operation of the previous phase to complete. */
    private readonly syncing: boolean,
  ) {}

  op(ctx: GenContext): GenStep {
    let gens = this.gens;
    let syncing = this.syncing;
    while (gens.length > 0) {
      if (syncing) {
        if (ctx.busy.length > 0) return pending(new Phases(gens, true));
        syncing = false;
      }
      const step = gens[0]!.op(ctx);
      if (step === null) {
        gens = gens.slice(1);
        syncing = true;
        continue;
      }
      const rest = gens.slice(1);
      return rewrap(step, (next) => new Phases([next, ...rest], false));
    }
    return null;
  }

  update(ctx: GenContext, event: GenEvent): Generator {
    // Only the running phase hears events. While synchronizing, the events are the previous
    // phase's completions, which the next phase never caused; it starts fresh, as written.
    if (this.syncing || this.gens.length === 0) return this;
    return new Phases([this.gens[0]!.update(ctx, event), ...this.gens.slice(1)], this.syncing);
  }
}

/**
 * One generator after another. Each phase runs until it is exhausted and every operation it (or
 * anything before it) invoked has completed; only then does the next begin (Jepsen's phases:
 * synchronize, then go).
 */
export function phases(...gens: GenLike[]): Generator {
  return new Phases(gens.map(gen), true);
}

class Repeat implements Generator {
  constructor(
    private readonly original: Generator,
    private readonly left: number,
  ) {}
  op(ctx: GenContext): GenStep {
    if (this.left <= 0) return null;
    const step = this.original.op(ctx);
    if (step === null) return null;
    // The follow-up generator is dropped: every op comes from the original, as Jepsen's repeat does.
    return step.kind === 'op' ? emit(step.op, new Repeat(this.original, this.left - 1)) : pending(this, step.wakeAt);
  }
  update(): Generator {
    return this;
  }
}

/**
 * Asks `g` afresh for every op, `times` times (forever when absent): `repeat({f: 'read'})` reads
 * forever, and an op maker draws new values each time. (To run a whole sequence again, use cycle.)
 */
export function repeat(g: GenLike, times = Infinity): Generator {
  if (!(times >= 0)) throw new GeneratorError(`repeat needs a count of at least 0, got ${times}`);
  return new Repeat(gen(g), times);
}

class Cycle implements Generator {
  constructor(
    private readonly original: Generator,
    private readonly current: Generator,
    private readonly left: number,
    /** Whether the current round has emitted anything (a round that emits nothing ends the cycle). */
    private readonly emitted: boolean,
  ) {}
  op(ctx: GenContext): GenStep {
    let current = this.current;
    let left = this.left;
    let emitted = this.emitted;
    for (;;) {
      const step = current.op(ctx);
      if (step !== null) {
        const didEmit = emitted || step.kind === 'op';
        return rewrap(step, (next) => new Cycle(this.original, next, left, didEmit));
      }
      left--;
      if (left <= 0 || !emitted) return null;
      current = this.original;
      emitted = false;
    }
  }
  update(ctx: GenContext, event: GenEvent): Generator {
    return new Cycle(this.original, this.current.update(ctx, event), this.left, this.emitted);
  }
}

/** Runs `g` to exhaustion, then again from its start, `times` rounds in all (forever when absent). */
export function cycle(g: GenLike, times = Infinity): Generator {
  if (!(times >= 0)) throw new GeneratorError(`cycle needs a count of at least 0, got ${times}`);
  const original = gen(g);
  return times === 0 ? EXHAUSTED : new Cycle(original, original, times, false);
}

// ---- routing --------------------------------------------------------------------------------

class EachClient implements Generator {
  constructor(
    private readonly fresh: Generator,
    /** Each client's own generator once it has one; null when that client's copy is exhausted. */
    private readonly own: ReadonlyMap<string, Generator | null>,
  ) {}

  private of(client: string): Generator | null {
    const g = this.own.get(client);
    return g === undefined ? this.fresh : g;
  }

  op(ctx: GenContext): GenStep {
    // Most asks change no client's generator (a busy client's copy answers "pending" as itself),
    // so the map is copied only on the first change, and an unchanged router answers as itself.
    let own: Map<string, Generator | null> | null = null;
    const change = (client: string, g: Generator | null): void => {
      own ??= new Map(this.own);
      own.set(client, g);
    };
    let wake: TrueTimeNs | null = null;
    let live = false;
    for (const client of ctx.clients) {
      const g = this.of(client);
      if (g === null) continue;
      // A client's copy sees only that client, so its ops can go nowhere else.
      const step = g.op(restrictToOne(ctx, client));
      if (step === null) {
        change(client, null);
        continue;
      }
      live = true;
      if (step.next !== g) change(client, step.next);
      if (step.kind === 'op') return emit(step.op, this.with(own));
      wake = earliest(wake, step.wakeAt);
    }
    // Exhausted once every client's copy is.
    return live ? pending(this.with(own), wake) : null;
  }

  update(ctx: GenContext, event: GenEvent): Generator {
    const g = this.of(event.client);
    if (g === null || !ctx.clients.includes(event.client)) return this;
    const next = g.update(restrictToOne(ctx, event.client), event);
    if (next === g) return this;
    const own = new Map(this.own);
    own.set(event.client, next);
    return new EachClient(this.fresh, own);
  }

  /** This router with `own` as its clients' generators (itself when nothing changed). */
  private with(own: ReadonlyMap<string, Generator | null> | null): EachClient {
    return own === null ? this : new EachClient(this.fresh, own);
  }
}

/**
 * Every client runs its own copy of `g` (Jepsen's each-thread): `eachClient(once(read))` makes one
 * read per client. The copy sees a context holding only its client.
 */
export function eachClient(g: GenLike): Generator {
  return new EachClient(gen(g), new Map());
}

class OnClients implements Generator {
  constructor(
    private readonly subset: ReadonlySet<string>,
    private readonly inner: Generator,
  ) {}
  op(ctx: GenContext): GenStep {
    const step = this.inner.op(restrict(ctx, this.subset));
    return rewrap(step, (next) => this.with(next));
  }
  update(ctx: GenContext, event: GenEvent): Generator {
    if (!this.subset.has(event.client)) return this;
    return this.with(this.inner.update(restrict(ctx, this.subset), event));
  }
  private with(inner: Generator): OnClients {
    return inner === this.inner ? this : new OnClients(this.subset, inner);
  }
}

/** `g` runs on `clients` only, and hears only their events (Jepsen's on-threads). */
export function onClients(clients: readonly string[], g: GenLike): Generator {
  return new OnClients(new Set(clients), gen(g));
}

// ---- reaction -------------------------------------------------------------------------------

class UntilOk implements Generator {
  constructor(
    private readonly inner: Generator,
    /** Clients running an op this generator emitted. */
    private readonly mine: ReadonlySet<string>,
    private readonly done: boolean,
  ) {}
  op(ctx: GenContext): GenStep {
    if (this.done) return null;
    const step = this.inner.op(ctx);
    if (step === null) return null;
    if (step.kind === 'pending') return pending(new UntilOk(step.next, this.mine, false), step.wakeAt);
    return emit(step.op, new UntilOk(step.next, new Set([...this.mine, step.op.client]), false));
  }
  update(ctx: GenContext, event: GenEvent): Generator {
    const inner = this.inner.update(ctx, event);
    if (event.type === 'invoke' || !this.mine.has(event.client)) return new UntilOk(inner, this.mine, this.done);
    const mine = new Set(this.mine);
    mine.delete(event.client);
    return new UntilOk(inner, mine, this.done || event.type === 'ok');
  }
}

/** Ops from `g` until one of them completes `ok` (fail and info ones are retried by asking again). */
export function untilOk(g: GenLike): Generator {
  return new UntilOk(gen(g), new Set(), false);
}
