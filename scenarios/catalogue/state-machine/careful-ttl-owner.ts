/**
 * `careful-ttl-owner`: the sidecar lock API used by an application that never leaves a lock it may
 * hold behind. Each attempt names a fresh owner and tries the lock; when granted it works a while
 * and unlocks; an unlock whose outcome is unknown is sent again until an answer comes, and a
 * try-lock whose outcome is unknown is unlocked in the same way. So every lock this application
 * can know of is freed promptly, and a lock that stays held must be one it was told it did not get.
 * (The catalogue's `ttl-lock` workload, by contrast, gives up after one unlock and lets the expiry
 * clean up, as seed 000's applications do.)
 */
import type { TrueTimeNs } from '../../../checker/history.js';
import type { GenContext, OpEvent } from '../../workloads/generator.js';
import { lockApiClient } from '../../workloads/lock-api-client.js';
import { clientScript, uniformNs, type ScriptMove } from '../../workloads/script.js';
import type { Workload } from '../../workloads/workload.js';

export interface CarefulTtlOwnerOptions {
  resource: string;
  expireMs: number;
  holdMeanNs: number;
  thinkMeanNs: number;
  /** Mean pause before sending an unlock of unknown outcome again. */
  retryMeanNs: number;
  stopAt: TrueTimeNs;
}

type State =
  | { at: 'think'; until: TrueTimeNs; attempt: number }
  | { at: 'trying'; owner: string; attempt: number }
  | { at: 'holding'; owner: string; until: TrueTimeNs; attempt: number }
  | { at: 'unlocking'; owner: string; attempt: number };

export function carefulTtlOwnerWorkload(options: CarefulTtlOwnerOptions): Workload {
  const { resource, expireMs } = options;
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
        return { op: { f: 'unlock', key: resource, value: { owner: state.owner } }, state: { at: 'unlocking', owner: state.owner, attempt: state.attempt } };
      }
      throw new Error(`careful-ttl-owner asked for a move while ${state.at}`);
    },
    completed(state: State, event: OpEvent, ctx: GenContext): State {
      if (state.at === 'unlocking') {
        // Unknown: the lock may still be held under this owner. Ask again, after a pause.
        if (event.type === 'info') return { at: 'holding', owner: state.owner, until: ctx.now + uniformNs(ctx, options.retryMeanNs), attempt: state.attempt };
        return think(ctx, state.attempt);
      }
      if (state.at !== 'trying') return think(ctx, state.attempt);
      if (event.type === 'info') return { at: 'holding', owner: state.owner, until: ctx.now, attempt: state.attempt };
      const granted = event.type === 'ok' && (event.value as { result?: unknown }).result === 'ok';
      if (!granted) return think(ctx, state.attempt);
      return { at: 'holding', owner: state.owner, until: ctx.now + uniformNs(ctx, options.holdMeanNs), attempt: state.attempt };
    },
  };
  return {
    name: 'careful-ttl-owner',
    generator: clientScript(script),
    client: ({ id, api, recorder }) => lockApiClient(id, api, { store: 'resource', beliefs: recorder }),
    checks: [{ model: 'ttl-lock', fs: ['try-lock', 'unlock'] }],
  };
}
