/**
 * `ttl-lock`: the sidecar lock API of seed 000 as applications use it. Each attempt names a fresh
 * owner (the API wants one unique per request, a UUID in practice), tries the lock with an expiry,
 * and when it gets it works a while and unlocks by owner. Some holders never unlock and let the
 * lock expire (a crashed or forgetful application), which is what the expiry is for. Checkable
 * with the "ttl-lock" model.
 */
import type { TrueTimeNs } from '../../checker/history.js';
import type { GenContext, OpEvent } from './generator.js';
import { lockApiClient } from './lock-api-client.js';
import { clientScript, uniformNs, type ScriptMove } from './script.js';
import type { Workload } from './workload.js';

export interface TtlLockOptions {
  /** The resource id locked. */
  resource: string;
  /** The expiry requested with each try-lock, in milliseconds (the API's unit). */
  expireMs: number;
  /** Mean time from a grant to the unlock. */
  holdMeanNs: number;
  /** Mean pause between attempts, and after a refusal. */
  thinkMeanNs: number;
  /** Chance that a holder never unlocks. */
  abandonProbability: number;
  stopAt: TrueTimeNs;
}

type State =
  | { at: 'think'; until: TrueTimeNs; attempt: number }
  | { at: 'trying'; owner: string; attempt: number }
  | { at: 'holding'; owner: string; until: TrueTimeNs; attempt: number }
  | { at: 'unlocking'; attempt: number };

export function ttlLockWorkload(options: TtlLockOptions): Workload {
  const { resource, expireMs } = options;
  if (!(expireMs > 0)) throw new Error(`ttl-lock needs expireMs > 0, got ${expireMs}`);
  const think = (ctx: GenContext, attempt: number): State => ({ at: 'think', until: ctx.now + uniformNs(ctx, options.thinkMeanNs), attempt });
  const script = {
    start: (_client: string, ctx: GenContext): State => think(ctx, 0),
    next(state: State, ctx: GenContext, client: string): ScriptMove<State> {
      if (state.at === 'think') {
        if (ctx.now >= options.stopAt) return null;
        if (ctx.now < state.until) return { waitUntil: state.until, state };
        const owner = `${client}-${state.attempt}`;
        return { op: { f: 'try-lock', key: resource, value: { owner, expireMs } }, state: { at: 'trying', owner, attempt: state.attempt + 1 } };
      }
      if (state.at === 'holding') {
        if (ctx.now < state.until) return { waitUntil: state.until, state };
        return { op: { f: 'unlock', key: resource, value: { owner: state.owner } }, state: { at: 'unlocking', attempt: state.attempt } };
      }
      throw new Error(`ttl-lock asked for a move while ${state.at}`);
    },
    // The application forgets what it held, but owners stay unique (a UUID in practice): a
    // restarted client numbers its attempts on from where it was, so no owner is used twice.
    crashed: (state: State, ctx: GenContext): State => think(ctx, state.attempt),
    completed(state: State, event: OpEvent, ctx: GenContext): State {
      if (state.at !== 'trying') return think(ctx, state.attempt);
      const granted = event.type === 'ok' && (event.value as { result?: unknown }).result === 'ok';
      // Unknown outcome: this owner may hold the lock; unlocking by owner is safe either way.
      if (event.type === 'info') return { at: 'holding', owner: state.owner, until: ctx.now, attempt: state.attempt };
      if (!granted) return think(ctx, state.attempt);
      if (ctx.random() < options.abandonProbability) return think(ctx, state.attempt);
      return { at: 'holding', owner: state.owner, until: ctx.now + uniformNs(ctx, options.holdMeanNs), attempt: state.attempt };
    },
  };
  return {
    name: 'ttl-lock',
    generator: clientScript(script),
    client: ({ id, api, recorder }) => lockApiClient(id, api, { store: 'resource', beliefs: recorder }),
    checks: [{ model: 'ttl-lock', fs: ['try-lock', 'unlock'] }],
  };
}
