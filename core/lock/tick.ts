/**
 * A tick: the only way time enters the state machine. It moves the log time, lets the policy
 * react to a new leader, and then applies every expiry that the new time brings, in the same
 * order on every replica: sessions, then TTL locks, then locks whose lock-delay has passed.
 * (Under replica-local timers, the replica-local-timers hazard, leases end on each replica's own timer instead.)
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
  const newTerm = term > state.tickTerm;
  state.clockNs = policy.advance(state.clockNs, command, { newTerm, lastWallNs: state.tickWallNs });
  if (policy.tickStamps === 'elapsed+wall' && command.wallNs !== undefined) state.tickWallNs = command.wallNs;
  if (newTerm) {
    state.tickTerm = term;
    carryLeasesOverLeaderChange(ctx);
    carryTtlLocksOverLeaderChange(ctx);
  }
  if (policy.expiry === 'log') {
    expireSessions(ctx);
    expireTtlLocks(ctx);
  }
  endLockDelays(ctx);
  return { ok: true, type: 'tick', clockNs: state.clockNs };
}
