/**
 * Sessions and their leases. Replies carry lease durations, never deadlines: the client counts the
 * duration on its own clock from when it sent the request, and the server counts it (stretched by
 * the lease policy) in log time from when the command applied.
 */
import type { ClientDeadline, CloseSessionCommand, KeepAliveCommand, OpenSessionCommand, Path } from './commands.js';
import type { ApplyContext } from './context.js';
import type { LeaseRequest } from './lease-policy.js';
import { leaveNode, wakeAndCollect } from './namespace.js';
import { fail, isError, type CloseSessionReply, type ErrorReply, type KeepAliveReply, type OpenSessionReply } from './replies.js';
import { liveSession } from './session-lookup.js';
import type { SessionEnd, SessionRecord } from './state.js';

/** The client-stamped-expiry hazard: a policy that trusts client deadlines needs one with every lease. */
function missingDeadline(ctx: ApplyContext, command: ClientDeadline): ErrorReply | null {
  if (ctx.policy.clientDeadlines === 'required' && command.deadlineNs === undefined) {
    return fail('bad-expiry', 'this service takes an absolute deadline (deadlineNs) with every lease');
  }
  return null;
}

function leaseRequest(ctx: ApplyContext, ttlNs: number, command: ClientDeadline): LeaseRequest {
  const request: LeaseRequest = { atNs: ctx.state.clockNs, ttlNs };
  if (command.deadlineNs !== undefined) request.deadlineNs = command.deadlineNs;
  return request;
}

export function openSession(ctx: ApplyContext, command: OpenSessionCommand): OpenSessionReply | ErrorReply {
  const { config, state } = ctx;
  const missing = missingDeadline(ctx, command);
  if (missing !== null) return missing;
  const requested = command.ttlNs ?? config.defaultSessionTtlNs;
  const ttlNs = Math.min(config.maxSessionTtlNs, Math.max(config.minSessionTtlNs, requested));
  const id = `s${ctx.index}`;
  state.sessions.set(id, {
    id,
    client: command.client,
    ttlNs,
    expiresAtNs: ctx.policy.leaseEnd(leaseRequest(ctx, ttlNs, command)),
    opens: new Map(),
  });
  ctx.facts.push({ kind: 'session-opened', session: id, client: command.client, leaseNs: ttlNs });
  return { ok: true, type: 'open-session', session: id, leaseNs: ttlNs };
}

export function keepAlive(ctx: ApplyContext, command: KeepAliveCommand): KeepAliveReply | ErrorReply {
  const session = liveSession(ctx.state, command.session);
  if (isError(session)) return session;
  const missing = missingDeadline(ctx, command);
  if (missing !== null) return missing;
  session.expiresAtNs = ctx.policy.leaseEnd(leaseRequest(ctx, session.ttlNs, command));
  return { ok: true, type: 'keep-alive', leaseNs: session.ttlNs };
}

export function closeSession(ctx: ApplyContext, command: CloseSessionCommand): CloseSessionReply | ErrorReply {
  const session = liveSession(ctx.state, command.session);
  if (isError(session)) return session;
  forget(ctx, session, 'closed');
  ctx.facts.push({ kind: 'session-closed', session: session.id, client: session.client });
  for (const path of leaveAll(ctx, session, command.lapsed === true ? 'session-lapsed' : 'session-closed')) wakeAndCollect(ctx, path);
  return { ok: true, type: 'close-session' };
}

/**
 * At a tick: every session whose lease has ended expires. All of them leave the live set before
 * any of their locks moves on, so no lock passes from one expiring session to another.
 */
export function expireSessions(ctx: ApplyContext): void {
  const { state } = ctx;
  const expiring: SessionRecord[] = [];
  for (const session of state.sessions.values()) {
    if (session.expiresAtNs <= state.clockNs) expiring.push(session);
  }
  endExpiredSessions(ctx, expiring);
}

/** Ends the given live sessions as expired, in the order given. */
export function endExpiredSessions(ctx: ApplyContext, expiring: readonly SessionRecord[]): void {
  const { state } = ctx;
  for (const session of expiring) {
    forget(ctx, session, 'expired');
    ctx.facts.push({ kind: 'session-expired', session: session.id, client: session.client, atNs: state.clockNs });
  }
  const touched = new Set<Path>();
  for (const session of expiring) {
    for (const path of leaveAll(ctx, session, 'expired')) touched.add(path);
  }
  for (const path of touched) wakeAndCollect(ctx, path);
}

/** At a tick of a new leader's term: what the policy does to running leases. */
export function carryLeasesOverLeaderChange(ctx: ApplyContext): void {
  for (const session of ctx.state.sessions.values()) {
    session.expiresAtNs = ctx.policy.afterLeaderChange(session, ctx.state.clockNs);
  }
}

function forget(ctx: ApplyContext, session: SessionRecord, end: SessionEnd): void {
  const { state, config } = ctx;
  state.sessions.delete(session.id);
  if (config.endedSessionMemory === 0) return;
  state.endedSessions.set(session.id, end);
  for (const oldest of state.endedSessions.keys()) {
    if (state.endedSessions.size <= config.endedSessionMemory) break;
    state.endedSessions.delete(oldest);
  }
}

/** Takes the session out of every node it has open; returns those paths, in open order. */
function leaveAll(ctx: ApplyContext, session: SessionRecord, why: 'session-closed' | 'session-lapsed' | 'expired'): Path[] {
  const paths = [...session.opens.keys()];
  for (const path of paths) leaveNode(ctx, session, path, why);
  return paths;
}
