/**
 * The life of a client in the lock workloads: think, acquire, do the workload's critical section
 * with the token, release, and again, until the stop time. Failures follow what the client can
 * know: a failed acquire is retried after a pause; an acquire of unknown outcome may have been
 * granted, so the client releases whatever the library says it holds; a release of unknown outcome
 * is retried a few times (a retry of an applied release is refused harmlessly). A client stops only
 * between cycles, so a run that ends normally leaves no lock held.
 */
import type { TrueTimeNs } from '../../checker/history.js';
import type { GenContext, OpEvent, PlannedOp } from './generator.js';
import type { LockMode, Token } from './lock-api.js';
import { uniformNs, type ClientScript, type ScriptMove } from './script.js';

export interface LockCycleOptions {
  lock: string;
  mode?: LockMode;
  /** No new cycle starts at or after this true time. */
  stopAt: TrueTimeNs;
  /** Mean pause between cycles (uniform in [0, 2·mean)). */
  thinkMeanNs: number;
  /** Mean pause before retrying a failed acquire or an unknown release. */
  retryMeanNs: number;
  /** Attempts at a release whose outcome stays unknown (default 3). */
  releaseTries?: number;
}

/** What a workload does while it holds the lock. */
export interface CriticalSection<B> {
  /** The section's state right after the grant. */
  begin(token: Token, client: string, ctx: GenContext): B;
  /** The next op of the section, a wait, or "release" when the section is over. */
  next(body: B, token: Token, ctx: GenContext, client: string): { op: Omit<PlannedOp, 'client'>; body: B } | { waitUntil: TrueTimeNs; body: B } | 'release';
  /** After one of the section's ops completed: the new state, or "release" to end the section. */
  completed(body: B, event: OpEvent, ctx: GenContext): B | 'release';
}

export type CycleState<B> =
  | { at: 'think'; until: TrueTimeNs }
  | { at: 'acquiring' }
  | { at: 'inside'; token: Token; body: B }
  | { at: 'section-op'; token: Token; body: B }
  | { at: 'release'; token: Token | null; tries: number; until: TrueTimeNs }
  | { at: 'releasing'; token: Token | null; tries: number };

export function acquireOp(lock: string, client: string, mode: LockMode): Omit<PlannedOp, 'client'> {
  return { f: 'acquire', key: lock, value: { owner: client, mode } };
}

export function releaseOp(lock: string, client: string, token: Token | null): Omit<PlannedOp, 'client'> {
  return { f: 'release', key: lock, value: { owner: client, token } };
}

/** The token in an `ok` acquire's value (op `index` names it in the error). */
export function grantedToken(value: unknown, index: number): Token {
  const token = (value as { token?: unknown } | null)?.token;
  if (typeof token !== 'number') throw new Error(`acquire op ${index} completed ok without a token: ${JSON.stringify(value)}`);
  return token;
}

export function lockCycle<B>(options: LockCycleOptions, section: CriticalSection<B>): ClientScript<CycleState<B>> {
  const mode = options.mode ?? 'exclusive';
  const maxTries = options.releaseTries ?? 3;
  const think = (ctx: GenContext, meanNs: number): CycleState<B> => ({ at: 'think', until: ctx.now + uniformNs(ctx, meanNs) });
  const release = (token: Token | null, tries: number, until: TrueTimeNs): CycleState<B> => ({ at: 'release', token, tries, until });

  return {
    start: (_client, ctx) => think(ctx, options.thinkMeanNs),

    next(state, ctx, client): ScriptMove<CycleState<B>> {
      switch (state.at) {
        case 'think':
          if (ctx.now >= options.stopAt) return null;
          if (ctx.now < state.until) return { waitUntil: state.until, state };
          return { op: acquireOp(options.lock, client, mode), state: { at: 'acquiring' } };
        case 'inside': {
          const move = section.next(state.body, state.token, ctx, client);
          if (move === 'release') return { waitUntil: ctx.now, state: release(state.token, 0, ctx.now) };
          if ('op' in move) return { op: move.op, state: { at: 'section-op', token: state.token, body: move.body } };
          return { waitUntil: move.waitUntil, state: { ...state, body: move.body } };
        }
        case 'release':
          if (ctx.now < state.until) return { waitUntil: state.until, state };
          return { op: releaseOp(options.lock, client, state.token), state: { at: 'releasing', token: state.token, tries: state.tries + 1 } };
        default:
          // 'acquiring', 'section-op' and 'releasing' wait for their op; the script never asks then.
          throw new Error(`lock cycle asked for a move while ${state.at}`);
      }
    },

    completed(state, event, ctx): CycleState<B> {
      switch (state.at) {
        case 'acquiring':
          if (event.type === 'ok') {
            const token = grantedToken(event.value, event.index);
            return { at: 'inside', token, body: section.begin(token, event.client, ctx) };
          }
          if (event.type === 'fail') return think(ctx, options.retryMeanNs);
          // Unknown: the grant may exist. Release whatever the library believes it holds.
          return release(null, 0, ctx.now);
        case 'section-op': {
          const body = section.completed(state.body, event, ctx);
          return body === 'release' ? release(state.token, 0, ctx.now) : { at: 'inside', token: state.token, body };
        }
        case 'releasing':
          if (event.type === 'info' && state.tries < maxTries) return release(state.token, state.tries, ctx.now + uniformNs(ctx, options.retryMeanNs));
          return think(ctx, options.thinkMeanNs);
        default:
          throw new Error(`lock cycle heard a completion while ${state.at}`);
      }
    },
  };
}
