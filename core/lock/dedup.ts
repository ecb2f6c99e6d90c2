/**
 * Client sessions for exactly-once commands: per client, the last sequence number executed and its
 * reply (a refusal included). A retry gets the stored reply and is not executed again; an older
 * request is refused.
 */
import type { RequestRef } from './facts.js';
import { fail, type Reply } from './replies.js';
import type { LockServiceState } from './state.js';

export type Admission = { kind: 'new' } | { kind: 'retry'; reply: Reply } | { kind: 'refused'; reply: Reply };

export function admit(state: LockServiceState, clientId: string, seq: number): Admission {
  const last = state.dedup.get(clientId);
  if (last === undefined || seq > last.seq) return { kind: 'new' };
  if (seq === last.seq) return { kind: 'retry', reply: last.reply };
  return {
    kind: 'refused',
    reply: fail('stale-request', `client ${clientId} already executed seq ${last.seq}; seq ${seq} is older`),
  };
}

export function remember(state: LockServiceState, clientId: string, seq: number, reply: Reply): void {
  state.dedup.set(clientId, { seq, reply });
}

/**
 * A queued acquire was answered later (granted or dropped): a retry of it must now get that final
 * answer, not "queued" again, as long as it is still the client's last request.
 */
export function settle(state: LockServiceState, request: RequestRef, reply: Reply): void {
  if (request.clientId === undefined) return;
  const last = state.dedup.get(request.clientId);
  if (last !== undefined && last.seq === request.seq) last.reply = reply;
}
