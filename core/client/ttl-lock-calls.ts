/**
 * The sidecar lock API of seed 000: try-lock with an expiry, unlock by owner. The server frees the
 * lock after `expireMs` of log time (stretched by ε and its tick slack); the client believes it
 * for expireMs·(1−ε) minus the margin, counted from when it sent the try-lock, since the server's
 * count may have started at any moment after that.
 */
import type { Env } from '../env.js';
import type { Callback, TryLockResult, UnlockResult } from './api.js';
import type { Beliefs } from './beliefs.js';
import { clientDeadline } from './client-deadline.js';
import type { LeaseClock } from './lease-clock.js';
import type { ResolvedClientOptions } from './options.js';
import { BAD_REPLY, failureOf } from './outcomes.js';
import type { RequestChannel } from './request-channel.js';

const NS_PER_MS = 1_000_000;

export class TtlLockCalls {
  constructor(
    private readonly env: Env,
    private readonly clock: LeaseClock,
    private readonly channel: RequestChannel,
    private readonly beliefs: Beliefs,
    private readonly options: ResolvedClientOptions,
  ) {}

  tryLock(resourceId: string, owner: string, expireMs: number, cb: Callback<TryLockResult>): void {
    if (!Number.isFinite(expireMs) || expireMs <= 0) return cb({ ok: false, error: 'bad-expiry' });
    this.channel.submit({
      command: { type: 'try-lock', resourceId, owner, expireMs, ...clientDeadline(this.env, expireMs * NS_PER_MS) },
      deadline: this.env.monotonicNs() + this.options.operationTimeoutNs,
      onOutcome: (outcome) => {
        const failed = failureOf(outcome);
        if (failed !== null || outcome.kind === 'gave-up') return cb(failed ?? BAD_REPLY);
        const reply = outcome.reply;
        if (!reply.ok || reply.type !== 'try-lock') return cb(BAD_REPLY);
        if (!reply.acquired || reply.token === undefined) return cb({ ok: true, acquired: false });
        const until = this.clock.end(this.clock.start(outcome.sentAt), expireMs * NS_PER_MS);
        // A reply slower than the believed lease brings a grant that may already have expired.
        const believe = this.clock.now() < until;
        this.beliefs.learn({ lock: resourceId, kind: 'ttl', token: reply.token, mode: 'exclusive', session: null, until }, believe);
        cb({ ok: true, acquired: true, token: reply.token });
      },
    });
  }

  unlock(resourceId: string, owner: string, cb: Callback<UnlockResult>): void {
    const known = this.beliefs.get(resourceId);
    if (known !== undefined && known.kind === 'ttl') this.beliefs.forget(known, 'released');
    this.channel.submit({
      command: { type: 'unlock', resourceId, owner },
      deadline: this.env.monotonicNs() + this.options.operationTimeoutNs,
      onOutcome: (outcome) => {
        const failed = failureOf(outcome);
        if (failed !== null || outcome.kind === 'gave-up') return cb(failed ?? BAD_REPLY);
        const reply = outcome.reply;
        if (!reply.ok || reply.type !== 'unlock') return cb(BAD_REPLY);
        cb({ ok: true, status: reply.status });
      },
    });
  }
}
