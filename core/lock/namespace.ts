/**
 * The Chubby-like namespace: directories and files under "/ls", opened by sessions, permanent or
 * ephemeral, with versioned contents. A session works on a node only through an open of it; an
 * ephemeral file disappears when the last session that has it open lets go.
 */
import type {
  CloseCommand,
  DeleteCommand,
  GetContentsCommand,
  ListCommand,
  OpenCommand,
  Path,
  SetContentsCommand,
} from './commands.js';
import type { ApplyContext } from './context.js';
import { leaveLock, wakeWaiters, type LeaveReason } from './file-locks.js';
import { nameOf, parentOf, ROOT } from './paths.js';
import {
  fail,
  isError,
  type CloseReply,
  type DeleteReply,
  type ErrorReply,
  type GetContentsReply,
  type ListReply,
  type OpenReply,
  type SetContentsReply,
} from './replies.js';
import { liveSession } from './session-lookup.js';
import { newNode, type FsNode, type SessionRecord } from './state.js';

export function open(ctx: ApplyContext, command: OpenCommand): OpenReply | ErrorReply {
  const session = liveSession(ctx.state, command.session);
  if (isError(session)) return session;
  const { path, create } = command;
  let node = ctx.state.nodes.get(path);
  const created = node === undefined;
  if (node !== undefined) {
    if (create !== undefined && command.exclusive === true) return fail('exists', `${path} already exists`);
  } else {
    if (create === undefined) return fail('no-such-path', `no node ${path}`);
    const parent = ctx.state.nodes.get(parentOf(path));
    if (parent === undefined) return fail('no-such-path', `no directory ${parentOf(path)} to create ${path} in`);
    if (parent.kind !== 'directory') return fail('not-a-directory', `${parent.path} is a file`);
    node = newNode(path, create.kind, create.ephemeral === true, create.content ?? '', ctx.index);
    ctx.state.nodes.set(path, node);
    parent.children.add(path);
  }
  if (!session.opens.has(path)) node.openers += 1;
  session.opens.set(path, command.mode);
  return {
    ok: true,
    type: 'open',
    path,
    mode: command.mode,
    kind: node.kind,
    ephemeral: node.ephemeral,
    created,
    instance: node.instance,
  };
}

export function close(ctx: ApplyContext, command: CloseCommand): CloseReply | ErrorReply {
  const session = liveSession(ctx.state, command.session);
  if (isError(session)) return session;
  if (!session.opens.has(command.path)) return fail('not-open', `session ${session.id} has not opened ${command.path}`);
  leaveNode(ctx, session, command.path, 'closed');
  wakeAndCollect(ctx, command.path);
  return { ok: true, type: 'close' };
}

/**
 * Takes one open of a session away: its grant and waiting acquire on the node end. The caller
 * calls `wakeAndCollect` afterwards (after every session that ends in the same step is out).
 */
export function leaveNode(ctx: ApplyContext, session: SessionRecord, path: Path, why: LeaveReason): void {
  const node = ctx.state.nodes.get(path);
  session.opens.delete(path);
  if (node === undefined) return;
  leaveLock(ctx, node, session.id, why);
  node.openers -= 1;
}

/** After sessions left a node: wake its next waiters, or remove it if it is an abandoned ephemeral. */
export function wakeAndCollect(ctx: ApplyContext, path: Path): void {
  const node = ctx.state.nodes.get(path);
  if (node === undefined) return;
  wakeWaiters(ctx, node);
  if (node.ephemeral && node.openers === 0) {
    removeNode(ctx, node);
    ctx.facts.push({ kind: 'ephemeral-deleted', path });
  }
}

function removeNode(ctx: ApplyContext, node: FsNode): void {
  ctx.state.nodes.delete(node.path);
  ctx.state.nodes.get(parentOf(node.path))?.children.delete(node.path);
}

export function deleteNode(ctx: ApplyContext, command: DeleteCommand): DeleteReply | ErrorReply {
  const session = liveSession(ctx.state, command.session);
  if (isError(session)) return session;
  const { path } = command;
  if (path === ROOT) return fail('is-root', 'the root cannot be deleted');
  const node = ctx.state.nodes.get(path);
  if (node === undefined) return fail('no-such-path', `no node ${path}`);
  const mode = session.opens.get(path);
  if (mode === undefined) return fail('not-open', `session ${session.id} has not opened ${path}`);
  if (mode !== 'write') return fail('wrong-mode', `session ${session.id} opened ${path} read-only`);
  if (node.children.size > 0) return fail('not-empty', `${path} has children`);
  if (node.openers > 1) return fail('in-use', `${path} is open in ${node.openers - 1} other session(s)`);
  if (node.lock.holders.length > 0 || node.lock.waiters.length > 0) {
    return fail('in-use', `${path} is locked or awaited; release it first`);
  }
  session.opens.delete(path);
  removeNode(ctx, node);
  return { ok: true, type: 'delete' };
}

/** A node the session has open, for reading. */
function openedNode(ctx: ApplyContext, sessionId: string, path: Path): { session: SessionRecord; node: FsNode } | ErrorReply {
  const session = liveSession(ctx.state, sessionId);
  if (isError(session)) return session;
  const node = ctx.state.nodes.get(path);
  if (node === undefined) return fail('no-such-path', `no node ${path}`);
  if (!session.opens.has(path)) return fail('not-open', `session ${sessionId} has not opened ${path}`);
  return { session, node };
}

export function getContents(ctx: ApplyContext, command: GetContentsCommand): GetContentsReply | ErrorReply {
  const target = openedNode(ctx, command.session, command.path);
  if (isError(target)) return target;
  const { node } = target;
  if (node.kind !== 'file') return fail('not-a-file', `${node.path} is a directory`);
  return { ok: true, type: 'get-contents', content: node.content, version: node.version };
}

export function setContents(ctx: ApplyContext, command: SetContentsCommand): SetContentsReply | ErrorReply {
  const target = openedNode(ctx, command.session, command.path);
  if (isError(target)) return target;
  const { session, node } = target;
  if (session.opens.get(node.path) !== 'write') return fail('wrong-mode', `session ${session.id} opened ${node.path} read-only`);
  if (node.kind !== 'file') return fail('not-a-file', `${node.path} is a directory`);
  if (command.expectedVersion !== undefined && command.expectedVersion !== node.version) {
    return fail('version-mismatch', `${node.path} is at version ${node.version}, not ${command.expectedVersion}`);
  }
  node.content = command.content;
  node.version += 1;
  return { ok: true, type: 'set-contents', version: node.version };
}

export function list(ctx: ApplyContext, command: ListCommand): ListReply | ErrorReply {
  const target = openedNode(ctx, command.session, command.path);
  if (isError(target)) return target;
  const { node } = target;
  if (node.kind !== 'directory') return fail('not-a-directory', `${node.path} is a file`);
  return { ok: true, type: 'list', children: [...node.children].map(nameOf).sort() };
}
