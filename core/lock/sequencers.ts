/**
 * Sequencers (fencing tokens): a token is current while the grant it came with lasts. Checking
 * one here and acting on it elsewhere is racy (the checkseq-toctou hazard); the protected resource should
 * compare tokens itself, atomically with the write. The check exists for resources that cannot.
 */
import type { CheckSequencerCommand, Token } from './commands.js';
import type { ApplyContext } from './context.js';
import { fileTokenIsCurrent } from './file-locks.js';
import type { CheckSequencerReply } from './replies.js';
import type { LockServiceState } from './state.js';

/** Whether `token` is a current grant of the lock named `lock` (a namespace path or a resource id). */
export function tokenIsCurrent(state: LockServiceState, lock: string, token: Token): boolean {
  if (fileTokenIsCurrent(state, lock, token)) return true;
  return state.ttlLocks.get(lock)?.holder?.token === token;
}

export function checkSequencer(ctx: ApplyContext, command: CheckSequencerCommand): CheckSequencerReply {
  return { ok: true, type: 'check-sequencer', current: tokenIsCurrent(ctx.state, command.lock, command.token) };
}
