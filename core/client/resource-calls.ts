/**
 * Reads and writes of the protected resource. One attempt each (a write is not retried: the
 * resource does not de-duplicate), with a timeout after which the call's outcome is unknown.
 */
import type { Env, NodeId } from '../env.js';
import type { ResourceReadRequest, ResourceReply, ResourceWriteRequest } from '../resource/messages.js';
import type { Callback, CallFailure, ReadResult, Token, WriteResult } from './api.js';
import type { ResolvedClientOptions } from './options.js';
import type { RequestNumbers } from './request-numbers.js';
import type { Timers } from './timers.js';

interface Pending {
  answer(reply: ResourceReply): void;
  timer: number;
}

const NO_RESOURCE: CallFailure = { ok: false, error: 'no-resource' };

export class ResourceCalls {
  private readonly pending = new Map<number, Pending>();

  constructor(
    private readonly env: Env,
    private readonly timers: Timers,
    /** Request ids come from the lock requests' numbers, so they differ across restarts too. */
    private readonly numbers: RequestNumbers,
    private readonly options: ResolvedClientOptions,
  ) {}

  read(key: string, cb: Callback<ReadResult>, fence?: { token: Token; lock: string }): void {
    const resource = this.options.resource;
    if (resource === null) return cb(NO_RESOURCE);
    const reqId = this.track(cb, (r) => cb(r.ok ? { ok: true, value: r.value ?? null } : { ok: false, error: r.reason ?? 'refused' }));
    // The same lock name a write carries, so reads and writes share one high-water mark.
    this.env.send(resource, { type: 'res-read', reqId, key, client: this.env.id, ...(fence ? { token: fence.token, lock: fence.lock } : {}) } satisfies ResourceReadRequest);
  }

  write(key: string, value: unknown, token: Token | null, lock: string, cb: Callback<WriteResult>): void {
    const resource = this.options.resource;
    if (resource === null) return cb(NO_RESOURCE);
    const reqId = this.track(cb, (r) => cb(r.ok ? { ok: true } : { ok: false, error: r.reason ?? 'refused' }));
    this.env.send(resource, { type: 'res-write', reqId, lock, key, value, token, client: this.env.id } satisfies ResourceWriteRequest);
  }

  /** A message from `from`; true when it was a reply to one of our resource calls. */
  handle(from: NodeId, message: unknown): boolean {
    const m = message as Partial<ResourceReply> | null;
    if (m?.type !== 'res-reply' || from !== this.options.resource || typeof m.reqId !== 'number') return false;
    const p = this.pending.get(m.reqId);
    if (p === undefined) return true;
    this.pending.delete(m.reqId);
    this.timers.cancel(p.timer);
    p.answer(m as ResourceReply);
    return true;
  }

  private track(cb: Callback<CallFailure>, answer: (reply: ResourceReply) => void): number {
    const reqId = this.numbers.next();
    const timer = this.timers.set(this.options.operationTimeoutNs, 'resource', () => {
      this.pending.delete(reqId);
      cb({ ok: false, error: 'timeout', indeterminate: true });
    });
    this.pending.set(reqId, { answer, timer });
    return reqId;
  }
}
