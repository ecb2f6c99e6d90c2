/**
 * A tick: the only way time enters the state machine. It moves the log time, lets the policy
 * react to a new leader, and then applies every expiry that the new time brings, in the same
 * order on every replica: sessions, then TTL locks, then locks whose lock-delay has passed.
 */
import type { Term } from '../server/state-machine.js';
import type { TickCommand } from './commands.js';
import type { ApplyContext } from './context.js';
import { endLockDelays } from './file-locks.js';
import type { TickReply } from './replies.js';
import { carryLeasesOverLeaderChange, expireSessions } from './sessions.js';
import { carryTtlLocksOverLeaderChange, expireTtlLocks } from './ttl-locks.js';

export function applyTick(ctx: ApplyContext, command: TickCommand, term: Term): TickReply {
  const { state, policy } = ctx;
  state.clockNs = policy.advance(state.clockNs, command);
  if (term > state.tickTerm) {
    state.tickTerm = term;
    carryLeasesOverLeaderChange(ctx);
    carryTtlLocksOverLeaderChange(ctx);
  }
  expireSessions(ctx);
  expireTtlLocks(ctx);
  endLockDelays(ctx);
  return { ok: true, type: 'tick', clockNs: state.clockNs };
}
