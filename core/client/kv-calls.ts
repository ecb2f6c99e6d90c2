/**
 * The key-value store beside the locks, and the sequencer check: plain requests on the line,
 * replies mapped to the application's result shapes.
 */
import type { Env } from '../env.js';
import type { Command, KvValue } from '../lock/commands.js';
import type { OkReply } from '../lock/replies.js';
import type { CallResult, Callback, CasResult, CheckSequencerResult, GetResult, PutResult } from './api.js';
import type { ResolvedClientOptions } from './options.js';
import { BAD_REPLY, failureOf } from './outcomes.js';
import type { RequestChannel } from './request-channel.js';

export class KvCalls {
  constructor(
    private readonly env: Env,
    private readonly channel: RequestChannel,
    private readonly options: ResolvedClientOptions,
  ) {}

  get(key: string, cb: Callback<GetResult>): void {
    this.run({ type: 'get', key }, cb, (r) => (r.type === 'get' ? { ok: true, value: r.value } : BAD_REPLY));
  }

  put(key: string, value: KvValue, cb: Callback<PutResult>): void {
    this.run({ type: 'put', key, value }, cb, (r) => (r.type === 'put' ? { ok: true } : BAD_REPLY));
  }

  /** Writes `value` when the current value equals `expected` (null: the key is absent). */
  cas(key: string, expected: KvValue | null, value: KvValue, cb: Callback<CasResult>): void {
    this.run({ type: 'cas', key, expectedValue: expected, value }, cb, (r) =>
      r.type === 'cas' ? { ok: true, swapped: r.swapped, value: r.value } : BAD_REPLY,
    );
  }

  /** Whether `token` is still a current grant of `lock` (a path, or a TTL lock's resource id). */
  checkSequencer(lock: string, token: number, cb: Callback<CheckSequencerResult>): void {
    this.run({ type: 'check-sequencer', lock, token }, cb, (r) => (r.type === 'check-sequencer' ? { ok: true, current: r.current } : BAD_REPLY));
  }

  private run<R extends CallResult>(command: Command, cb: Callback<R>, map: (reply: OkReply) => R | typeof BAD_REPLY): void {
    this.channel.submit({
      command,
      deadline: this.env.monotonicNs() + this.options.operationTimeoutNs,
      onOutcome: (outcome) => {
        const failed = failureOf(outcome);
        if (failed !== null || outcome.kind === 'gave-up') return cb((failed ?? BAD_REPLY) as R);
        const reply = outcome.reply;
        cb((reply.ok ? map(reply) : BAD_REPLY) as R);
      },
    });
  }
}
