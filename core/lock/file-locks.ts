/**
 * Reader/writer locks on namespace nodes: FIFO waiters, fencing tokens and lock-delay.
 *
 * A release wakes only the head of the queue: one writer, or the run of consecutive readers at
 * the head. A reader arriving while anyone waits queues behind them, so a waiting writer is not
 * starved by a stream of readers. Each grant's token is the log index of the entry that caused it,
 * so tokens of a lock only grow, across snapshots, restarts and failovers alike.
 */
import type { AcquireCommand, LockMode, Path, ReleaseCommand, SessionId, Token } from './commands.js';
import type { ApplyContext } from './context.js';
import { settle } from './dedup.js';
import type { DropReason, RequestRef } from './facts.js';
import type { LogNs } from './lease-policy.js';
import { ROOT } from './paths.js';
import { fail, isError, type AcquireReply, type AcquireGranted, type ErrorReply, type ReleaseReply } from './replies.js';
import { isLive, liveSession } from './session-lookup.js';
import type { FileLock, FsNode, Holder, LockServiceState, SessionRecord } from './state.js';

function compatible(lock: FileLock, mode: LockMode): boolean {
  if (mode === 'exclusive') return lock.holders.length === 0;
  return lock.holders.every((holder) => holder.mode === 'shared');
}

function underLockDelay(state: LockServiceState, path: Path): boolean {
  const until = state.lockDelays.get(path);
  return until !== undefined && state.clockNs < until;
}

function grant(ctx: ApplyContext, node: FsNode, session: SessionId, client: string, mode: LockMode, request: RequestRef): AcquireGranted {
  const token: Token = ctx.index;
  node.lock.holders.push({ session, client, token, mode });
  ctx.facts.push({ kind: 'grant', lockKind: 'file', lock: node.path, owner: session, client, token, mode, request });
  return { ok: true, type: 'acquire', granted: true, token, mode };
}

/** Hands the lock to the head of its queue, as far as the holders and lock-delay allow. */
export function grantWaiters(ctx: ApplyContext, node: FsNode): void {
  if (underLockDelay(ctx.state, node.path)) return;
  const lock = node.lock;
  while (lock.waiters.length > 0) {
    const head = lock.waiters[0];
    // Sessions that expire in one tick all end before any of their locks moves on, so a grant
    // here can meet a waiter whose session has ended but whose queue entry is not yet cleared.
    if (!isLive(ctx.state, head.session)) {
      lock.waiters.shift();
      dropped(ctx, node.path, head.session, head.client, head.request, 'session-expired');
      continue;
    }
    if (!compatible(lock, head.mode)) return;
    lock.waiters.shift();
    const reply = grant(ctx, node, head.session, head.client, head.mode, head.request);
    ctx.answers.push({ request: head.request, reply });
    settle(ctx.state, head.request, reply);
    if (head.mode === 'exclusive') return;
  }
}

function dropped(ctx: ApplyContext, lock: Path, session: SessionId, client: string, request: RequestRef, reason: DropReason): void {
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
  if (lock.holders.some((holder) => holder.session === session.id)) {
    return fail('already-held', `session ${session.id} already holds ${node.path}`);
  }
  if (lock.waiters.some((waiter) => waiter.session === session.id)) {
    return fail('already-waiting', `session ${session.id} already waits for ${node.path}`);
  }
  const blockedBy = underLockDelay(ctx.state, node.path)
    ? 'lock-delay'
    : lock.waiters.length > 0
      ? 'queue'
      : compatible(lock, command.mode)
        ? null
        : 'holder';
  if (blockedBy === null) return grant(ctx, node, session.id, session.client, command.mode, ctx.request);
  if (!command.wait) return { ok: true, type: 'acquire', granted: false, queued: false, blockedBy };
  lock.waiters.push({ session: session.id, client: session.client, mode: command.mode, request: ctx.request });
  return { ok: true, type: 'acquire', granted: false, queued: true, waitIndex: ctx.index, blockedBy };
}

export function release(ctx: ApplyContext, command: ReleaseCommand): ReleaseReply | ErrorReply {
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
  grantWaiters(ctx, node);
  return { ok: true, type: 'release' };
}

function endGrant(ctx: ApplyContext, node: FsNode, holder: Holder, reason: 'released' | 'closed' | 'session-closed' | 'expired'): void {
  node.lock.holders.splice(node.lock.holders.indexOf(holder), 1);
  const { session, client, token, mode } = holder;
  ctx.facts.push({ kind: 'release', lockKind: 'file', lock: node.path, owner: session, client, token, mode, reason });
}

/**
 * Takes a session out of a lock, as its node is closed or the session ends: its grant ends, its
 * waiting acquire is answered. An expiry is an involuntary release and starts the lock-delay.
 * Does not wake the next waiter; the caller does, once the session is fully out.
 */
export function leaveLock(ctx: ApplyContext, node: FsNode, session: SessionId, why: 'closed' | 'session-closed' | 'expired'): void {
  const holder = node.lock.holders.find((h) => h.session === session);
  if (holder !== undefined) {
    endGrant(ctx, node, holder, why);
    if (why === 'expired') startLockDelay(ctx, node.path);
  }
  const at = node.lock.waiters.findIndex((w) => w.session === session);
  if (at >= 0) {
    const [waiter] = node.lock.waiters.splice(at, 1);
    dropped(ctx, node.path, session, waiter.client, waiter.request, why === 'expired' ? 'session-expired' : why);
  }
}

function startLockDelay(ctx: ApplyContext, path: Path): void {
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
    if (node !== undefined) grantWaiters(ctx, node);
  }
}

/** Whether `token` is a current grant of the file lock at `path`. */
export function fileTokenIsCurrent(state: LockServiceState, path: Path, token: Token): boolean {
  const node = state.nodes.get(path);
  return node !== undefined && node.lock.holders.some((holder) => holder.token === token);
}
