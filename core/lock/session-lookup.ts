/**
 * Finding the live session a command speaks for. A session is live from its open until it is
 * closed or its lease ends; a command from any other session is refused, with the reason when the
 * session ended recently enough to be remembered.
 */
import type { SessionId } from './commands.js';
import { fail, type ErrorReply } from './replies.js';
import type { LockServiceState, SessionRecord } from './state.js';

export function liveSession(state: LockServiceState, id: SessionId): SessionRecord | ErrorReply {
  const session = state.sessions.get(id);
  if (session !== undefined) return session;
  switch (state.endedSessions.get(id)) {
    case 'expired':
      return fail('session-expired', `session ${id} has expired`);
    case 'closed':
      return fail('session-closed', `session ${id} was closed`);
    default:
      return fail('no-such-session', `no session ${id}`);
  }
}

export function isLive(state: LockServiceState, id: SessionId): boolean {
  return state.sessions.has(id);
}
