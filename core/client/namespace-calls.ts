/**
 * Files of the namespace, opened under the library's session, for recipes that build a lock out
 * of files rather than asking for one: ZooKeeper-style, a lock is a file created exclusively (so
 * a second create is refused) and made ephemeral (so it goes with the session that made it), and
 * unlocking is deleting it. Seed 000's sidecar is such a recipe.
 *
 * A file is created and opened in one step, and the session keeps it open: reading and deleting it
 * go through that open, so only the session that made a file can read or delete it here.
 */
import type { Env } from '../env.js';
import type { Command, Path } from '../lock/commands.js';
import { pathProblem, ROOT } from '../lock/paths.js';
import type { OkReply } from '../lock/replies.js';
import type { CallResult, Callback, CreateFileResult, DeleteFileResult, ReadFileResult } from './api.js';
import type { ResolvedClientOptions } from './options.js';
import { BAD_REPLY, failureOf } from './outcomes.js';
import type { RequestChannel } from './request-channel.js';
import { sessionEnded, type LiveSession, type SessionKeeper } from './session.js';

export interface NewFile {
  /** Removed by the service when the session that made it ends. */
  ephemeral?: boolean;
  content?: string;
}

export class NamespaceCalls {
  constructor(
    private readonly env: Env,
    private readonly channel: RequestChannel,
    private readonly sessions: SessionKeeper,
    private readonly options: ResolvedClientOptions,
  ) {}

  /** Creates `path` and opens it for writing; `exists` when it is already there (nothing changes). */
  createFile(path: Path, file: NewFile, cb: Callback<CreateFileResult>): void {
    const problem = path === ROOT ? 'the root cannot be created' : pathProblem(path);
    if (problem !== null) return cb({ ok: false, error: 'bad-path' });
    this.sessions.ensure((answer) => {
      if (!answer.ok) return cb({ ok: false, error: answer.error });
      const create = { kind: 'file' as const, ...(file.ephemeral ? { ephemeral: true } : {}), ...(file.content !== undefined ? { content: file.content } : {}) };
      this.run(answer.session, { type: 'open', session: answer.session.id, path, mode: 'write', create, exclusive: true }, cb, (r) =>
        r.type === 'open' ? { ok: true, session: answer.session.id, instance: r.instance } : BAD_REPLY,
      );
    });
  }

  /** Deletes a file the current session created. */
  deleteFile(path: Path, cb: Callback<DeleteFileResult>): void {
    const session = this.sessions.current;
    // A file is open only in the session that made it; a new session has nothing open.
    if (session === null) return cb({ ok: false, error: 'not-open' });
    this.run(session, { type: 'delete', session: session.id, path }, cb, (r) => (r.type === 'delete' ? { ok: true } : BAD_REPLY));
  }

  /** Reads a file the current session created. */
  readFile(path: Path, cb: Callback<ReadFileResult>): void {
    const session = this.sessions.current;
    if (session === null) return cb({ ok: false, error: 'not-open' });
    this.run(session, { type: 'get-contents', session: session.id, path }, cb, (r) =>
      r.type === 'get-contents' ? { ok: true, content: r.content, version: r.version } : BAD_REPLY,
    );
  }

  private run<R extends CallResult>(session: LiveSession, command: Command, cb: Callback<R>, map: (reply: OkReply) => R | typeof BAD_REPLY): void {
    this.channel.submit({
      command,
      deadline: this.env.monotonicNs() + this.options.operationTimeoutNs,
      onOutcome: (outcome) => {
        if (outcome.kind !== 'gave-up' && sessionEnded(outcome.reply)) this.sessions.serverEnded(session);
        const failed = failureOf(outcome);
        if (failed !== null || outcome.kind === 'gave-up') return cb((failed ?? BAD_REPLY) as R);
        const reply = outcome.reply;
        cb((reply.ok ? map(reply) : BAD_REPLY) as R);
      },
    });
  }
}
