/**
 * The protected resource as a user system's client reaches it: the harness, not the user, speaks
 * the resource's protocol (core/resource/messages.ts) from the client's process, carrying the
 * tokens the user's locks handed out.
 */
import type { Env, NodeId, TimerId } from '../../core/env.js';
import type { Fence, ReadResult, Token, WriteResult } from '../../core/client/api.js';
import type { ResourceReadRequest, ResourceReply, ResourceWriteRequest } from '../../core/resource/messages.js';

const TIMEOUT_NS = 200_000_000;

export class ResourceCalls {
  private nextReq = 1;
  private readonly pending = new Map<number, { answer: (reply: ResourceReply | null) => void; timer: TimerId }>();
  private readonly timers = new Map<TimerId, number>();

  constructor(
    private readonly env: Env,
    private readonly resource: NodeId,
  ) {}

  read(key: string, cb: (r: ReadResult) => void, fence?: Fence): void {
    const req: ResourceReadRequest = { type: 'res-read', reqId: this.nextReq++, key, client: this.env.id, ...(fence ? { token: fence.token, lock: fence.lock } : {}) };
    this.ask(req, (reply) => {
      if (!reply) cb({ ok: false, error: 'timeout' });
      else if (reply.ok) cb({ ok: true, value: reply.value ?? null });
      else cb({ ok: false, error: reply.reason ?? 'refused' });
    });
  }

  write(key: string, value: unknown, token: Token | null, lock: string, cb: (r: WriteResult) => void): void {
    const req: ResourceWriteRequest = { type: 'res-write', reqId: this.nextReq++, lock, key, value, token, client: this.env.id };
    this.ask(req, (reply) => {
      if (!reply) cb({ ok: false, error: 'timeout', indeterminate: true });
      else if (reply.ok) cb({ ok: true });
      else cb({ ok: false, error: reply.reason ?? 'refused' });
    });
  }

  /** True when the message was the resource's reply. */
  onMessage(from: NodeId, message: unknown): boolean {
    if (from !== this.resource || (message as { type?: unknown } | null)?.type !== 'res-reply') return false;
    const reply = message as ResourceReply;
    const waiting = this.pending.get(reply.reqId);
    if (waiting) {
      this.pending.delete(reply.reqId);
      this.timers.delete(waiting.timer);
      this.env.cancelTimer(waiting.timer);
      waiting.answer(reply);
    }
    return true;
  }

  /** True when the timer was one of these calls' timeouts. */
  onTimer(id: TimerId): boolean {
    const reqId = this.timers.get(id);
    if (reqId === undefined) return false;
    this.timers.delete(id);
    const waiting = this.pending.get(reqId);
    this.pending.delete(reqId);
    waiting?.answer(null);
    return true;
  }

  private ask(req: ResourceReadRequest | ResourceWriteRequest, answer: (reply: ResourceReply | null) => void): void {
    const timer = this.env.setTimer(TIMEOUT_NS, 'resource-timeout');
    this.timers.set(timer, req.reqId);
    this.pending.set(req.reqId, { answer, timer });
    this.env.send(this.resource, req);
  }
}
