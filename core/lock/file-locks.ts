/**
 * Reader/writer locks on namespace nodes: waiters, fencing tokens and lock-delay.
 *
 * How blocked acquires wait and are woken is the queue discipline's business (`queues.ts`): the
 * safe one wakes only the head of a FIFO queue. Each grant's token comes from `tokens.ts`: in the
 * safe design the log index of the entry that caused it, so tokens of a lock only grow, across
 * snapshots, restarts and failovers alike.
 */
import type { AcquireCommand, LockMode, Path, ReleaseCommand, SessionId, Token } from './commands.js';
import type { ApplyContext } from './context.js';
import { settle } from './dedup.js';
import type { DropReason, RequestRef } from './facts.js';
import type { LogNs } from './lease-policy.js';
import { ROOT } from './paths.js';
import { fail, isError, type AcquireReply, type AcquireGranted, type ErrorReply, type ReleaseReply } from './replies.js';
import { liveSession } from './session-lookup.js';
import type { FileLock, FsNode, Holder, LockServiceState, SessionRecord, Waiter } from './state.js';
import { nextToken } from './tokens.js';

export function compatible(lock: FileLock, mode: LockMode): boolean {
  if (mode === 'exclusive') return lock.holders.length === 0;
  return lock.holders.every((holder) => holder.mode === 'shared');
}

export function underLockDelay(state: LockServiceState, path: Path): boolean {
  const until = state.lockDelays.get(path);
  return until !== undefined && state.clockNs < until;
}

function grant(ctx: ApplyContext, node: FsNode, session: SessionId, client: string, mode: LockMode, request: RequestRef): AcquireGranted {
  const token: Token = nextToken(ctx);
  node.lock.holders.push({ session, client, token, mode });
  ctx.facts.push({ kind: 'grant', lockKind: 'file', lock: node.path, owner: session, client, token, mode, request });
  return { ok: true, type: 'acquire', granted: true, token, mode };
}

/** Grants the lock to a waiter taken off the queue and answers its waiting request. */
export function grantToWaiter(ctx: ApplyContext, node: FsNode, waiter: Waiter): Holder {
  const reply = grant(ctx, node, waiter.session, waiter.client, waiter.mode, waiter.request);
  ctx.answers.push({ request: waiter.request, reply });
  settle(ctx.state, waiter.request, reply);
  return node.lock.holders[node.lock.holders.length - 1];
}

/** Lets the queue discipline hand the lock on (or wake its waiters), as far as lock-delay allows. */
export function wakeWaiters(ctx: ApplyContext, node: FsNode): void {
  if (underLockDelay(ctx.state, node.path)) return;
  ctx.queue.wake(ctx, node);
}

export function dropped(ctx: ApplyContext, lock: Path, session: SessionId, client: string, request: RequestRef, reason: DropReason): void {
  ctx.facts.push({ kind: 'waiter-dropped', lock, session, client, request, reason });
  const code = reason === 'session-expired' ? 'session-expired' : reason === 'session-closed' ? 'session-closed' : 'not-open';
  const reply = fail(code, `acquire of ${lock} by session ${session} abandoned: ${reason}`);
  ctx.answers.push({ request, reply });
  settle(ctx.state, request, reply);
}

/** Checks shared by every command that acts on a lock through an open node. */
function lockTarget(ctx: ApplyContext, sessionId: SessionId, path: Path): { session: SessionRecord; node: FsNode } | ErrorReply {
  const session = liveSession(ctx.state, sessionId);
  if (isError(session)) return session;
  if (path === ROOT) return fail('is-root', 'the root cannot be locked');
  const node = ctx.state.nodes.get(path);
  if (node === undefined) return fail('no-such-path', `no node ${path}`);
  const mode = session.opens.get(path);
  if (mode === undefined) return fail('not-open', `session ${sessionId} has not opened ${path}`);
  if (mode !== 'write') return fail('wrong-mode', `session ${sessionId} opened ${path} read-only`);
  return { session, node };
}

export function acquire(ctx: ApplyContext, command: AcquireCommand): AcquireReply | ErrorReply {
  const target = lockTarget(ctx, command.session, command.path);
  if (isError(target)) return target;
  const { session, node } = target;
  const lock = node.lock;
  const held = lock.holders.find((holder) => holder.session === session.id);
  if (held !== undefined) {
    return { ok: false, error: { code: 'already-held', message: `session ${session.id} already holds ${node.path}`, token: held.token } };
  }
  if (lock.waiters.some((waiter) => waiter.session === session.id)) {
    return fail('already-waiting', `session ${session.id} already waits for ${node.path}`);
  }
  const blockedBy = underLockDelay(ctx.state, node.path) ? 'lock-delay' : ctx.queue.blockedBy(lock, command.mode);
  if (blockedBy === null) return grant(ctx, node, session.id, session.client, command.mode, ctx.request);
  if (!command.wait) return { ok: true, type: 'acquire', granted: false, queued: false, blockedBy };
  lock.waiters.push({ session: session.id, client: session.client, mode: command.mode, request: ctx.request });
  return { ok: true, type: 'acquire', granted: false, queued: true, waitIndex: ctx.index, blockedBy };
}

export function release(ctx: ApplyContext, command: ReleaseCommand): ReleaseReply | ErrorReply {
  if (ctx.config.releaseByName) return releaseByName(ctx, command);
  const session = liveSession(ctx.state, command.session);
  if (isError(session)) return session;
  const node = ctx.state.nodes.get(command.path);
  if (node === undefined) return fail('no-such-path', `no node ${command.path}`);
  const holder = node.lock.holders.find((h) => h.session === session.id);
  if (holder === undefined) return fail('not-held', `session ${session.id} does not hold ${command.path}`);
  if (holder.token !== command.token) {
    return fail('stale-token', `session ${session.id} holds ${command.path} with token ${holder.token}, not ${command.token}`);
  }
  endGrant(ctx, node, holder, 'released');
  wakeWaiters(ctx, node);
  return { ok: true, type: 'release' };
}

/**
 * `stale-release`: the lock is freed by its name alone. Neither the releasing session nor
 * the token is checked, so a release from a holder that lost the lock long ago (a paused client,
 * a delayed message) frees whoever holds it now.
 */
function releaseByName(ctx: ApplyContext, command: ReleaseCommand): ReleaseReply | ErrorReply {
  const node = ctx.state.nodes.get(command.path);
  if (node === undefined) return fail('no-such-path', `no node ${command.path}`);
  if (node.lock.holders.length === 0) return fail('not-held', `${command.path} is not held`);
  for (const holder of [...node.lock.holders]) endGrant(ctx, node, holder, 'released');
  wakeWaiters(ctx, node);
  return { ok: true, type: 'release' };
}

export function endGrant(ctx: ApplyContext, node: FsNode, holder: Holder, reason: 'released' | 'closed' | 'session-closed' | 'expired'): void {
  node.lock.holders.splice(node.lock.holders.indexOf(holder), 1);
  const { session, client, token, mode } = holder;
  ctx.facts.push({ kind: 'release', lockKind: 'file', lock: node.path, owner: session, client, token, mode, reason });
}

/**
 * Why a session leaves a lock: its node closed, its session closed (`session-lapsed`: closed by a
 * client whose own lease ran out), or its session expired.
 */
export type LeaveReason = 'closed' | 'session-closed' | 'session-lapsed' | 'expired';

/**
 * Takes a session out of a lock, as its node is closed or the session ends: its grant ends, its
 * waiting acquire is answered. An expiry is an involuntary release and starts the lock-delay; so is
 * a close by a client whose lease lapsed on its own clock (it stopped believing without releasing,
 * and its writes under the grant may still be in flight). Does not wake the next waiter; the caller
 * does, once the session is fully out.
 */
export function leaveLock(ctx: ApplyContext, node: FsNode, session: SessionId, reason: LeaveReason): void {
  const why = reason === 'session-lapsed' ? 'session-closed' : reason;
  const holder = node.lock.holders.find((h) => h.session === session);
  if (holder !== undefined) {
    endGrant(ctx, node, holder, why);
    if (reason === 'expired' || reason === 'session-lapsed') startLockDelay(ctx, node.path);
  }
  // The waiter-expired-grant hazard: with grantToExpiredWaiters, a waiter whose session expired stays in the queue.
  if (why === 'expired' && ctx.config.grantToExpiredWaiters) return;
  const at = node.lock.waiters.findIndex((w) => w.session === session);
  if (at >= 0) {
    const [waiter] = node.lock.waiters.splice(at, 1);
    dropped(ctx, node.path, session, waiter.client, waiter.request, why === 'expired' ? 'session-expired' : why);
  }
}

export function startLockDelay(ctx: ApplyContext, path: Path): void {
  const until: LogNs = ctx.policy.regrantAt(ctx.state.clockNs);
  if (until <= ctx.state.clockNs) return;
  const current = ctx.state.lockDelays.get(path);
  if (current !== undefined && current >= until) return;
  ctx.state.lockDelays.set(path, until);
  ctx.facts.push({ kind: 'lock-delay', lockKind: 'file', lock: path, untilNs: until });
}

/** At a tick: locks whose lock-delay has passed go to their waiters. */
export function endLockDelays(ctx: ApplyContext): void {
  for (const [path, until] of ctx.state.lockDelays) {
    if (until > ctx.state.clockNs) continue;
    ctx.state.lockDelays.delete(path);
    const node = ctx.state.nodes.get(path);
    if (node !== undefined) wakeWaiters(ctx, node);
  }
}

/** Whether `token` is a current grant of the file lock at `path`. */
export function fileTokenIsCurrent(state: LockServiceState, path: Path, token: Token): boolean {
  const node = state.nodes.get(path);
  return node !== undefined && node.lock.holders.some((holder) => holder.token === token);
}
