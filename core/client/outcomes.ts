/**
 * How the line's outcomes become call results: a request that never left had no effect, one that
 * left and went unanswered may have had one, and a refusal from the server had none.
 */
import type { CallFailure } from './api.js';
import type { RequestOutcome } from './request-channel.js';

export function gaveUp(sent: boolean): CallFailure {
  return sent ? { ok: false, error: 'timeout', indeterminate: true } : { ok: false, error: 'timeout' };
}

/** The failure an outcome stands for, or null when it carries a successful reply. */
export function failureOf(outcome: RequestOutcome): CallFailure | null {
  if (outcome.kind === 'gave-up') return gaveUp(outcome.sent);
  if (!outcome.reply.ok) return { ok: false, error: outcome.reply.error.code };
  return null;
}

/** A reply of an unexpected shape: the server and the client disagree about the protocol. */
export const BAD_REPLY: CallFailure = { ok: false, error: 'bad-reply' };
