/**
 * A client script: one client's workload as a small state machine that reacts to the outcomes of
 * its own operations ("acquire; when granted, read; after a while, write the value + 1 with the
 * token; release"). It is a generator like any other, written as three pure functions instead of
 * a chain of combinators, because the next op depends on what the last one returned.
 */
import type { TrueTimeNs } from '../../checker/history.js';
import { eachClient } from './combinators.js';
import { emit, GeneratorError, pending, type GenContext, type GenEvent, type Generator, type GenStep, type OpEvent, type PlannedOp } from './generator.js';

/** What a script does next. */
export type ScriptMove<S> =
  /** Invoke `op` on the script's client; `state` is the state while it is outstanding. */
  | { op: Omit<PlannedOp, 'client'>; state: S }
  /** Nothing until `until` (a time already past means "go on from `state` at once"). */
  | { waitUntil: TrueTimeNs; state: S }
  /** The script is over for this client. */
  | null;

export interface ClientScript<S> {
  /** The state a client starts in (asked once, the first time the client's copy runs). */
  start(client: string, ctx: GenContext): S;
  /** From `state`, with the client free: the next move. */
  next(state: S, ctx: GenContext, client: string): ScriptMove<S>;
  /** The state after the op this script invoked completed (`ok`, `fail` or `info`). */
  completed(state: S, event: OpEvent, ctx: GenContext): S;
  /**
   * The state after the client's process crashed (its application forgot everything). By default
   * the script starts over from `start`.
   */
  crashed?(state: S, ctx: GenContext): S;
}

/** Moves that only change state without time passing are bounded, so a looping script is caught. */
const MAX_INSTANT_MOVES = 64;

class ScriptGen<S> implements Generator {
  constructor(
    private readonly script: ClientScript<S>,
    private readonly client: string | null,
    private readonly state: S | undefined,
    /** An op of this script is outstanding. */
    private readonly awaiting: boolean,
  ) {}

  op(ctx: GenContext): GenStep {
    if (ctx.clients.length !== 1) {
      throw new GeneratorError(`a client script runs on exactly one client (wrap it with clientScript/eachClient), got ${ctx.clients.length}`);
    }
    const client = ctx.clients[0]!;
    let state = this.client === null ? this.script.start(client, ctx) : (this.state as S);
    if (this.awaiting || !ctx.free.includes(client)) {
      // Nothing moved: once started on this client, the script waits as itself.
      return pending(this.client === client ? this : new ScriptGen(this.script, client, state, this.awaiting));
    }
    for (let i = 0; i < MAX_INSTANT_MOVES; i++) {
      const move = this.script.next(state, ctx, client);
      if (move === null) return null;
      if ('op' in move) return emit({ ...move.op, client }, new ScriptGen(this.script, client, move.state, true));
      if (move.waitUntil > ctx.now) return pending(new ScriptGen(this.script, client, move.state, false), move.waitUntil);
      state = move.state;
    }
    throw new GeneratorError(`the script of ${client} moved ${MAX_INSTANT_MOVES} times without an op or a wait; it loops`);
  }

  update(ctx: GenContext, event: GenEvent): Generator {
    if (event.client !== this.client || this.client === null) return this;
    if (event.type === 'crash') {
      const state = this.script.crashed ? this.script.crashed(this.state as S, ctx) : this.script.start(this.client, ctx);
      return new ScriptGen(this.script, this.client, state, false);
    }
    // Only the completion of this script's own op moves it; anything else is someone else's.
    if (!this.awaiting || event.type === 'invoke') return this;
    return new ScriptGen(this.script, this.client, this.script.completed(this.state as S, event, ctx), false);
  }
}

/** Every client runs the script from its own start state. */
export function clientScript<S>(script: ClientScript<S>): Generator {
  return eachClient(new ScriptGen(script, null, undefined, false));
}

/** A duration uniform in [0, 2·mean), in whole nanoseconds. */
export function uniformNs(ctx: GenContext, meanNs: number): number {
  return Math.floor(ctx.random() * 2 * meanNs);
}
