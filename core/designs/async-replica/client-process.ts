/**
 * A client process hosting the async-replica client library, with an optional application beside
 * it; and the `LockApi` a workload holds for a client across its crashes and restarts.
 */
import type { Env, NodeId, Process, TimerId } from '../../env.js';
import { AsyncStoreClient } from './client.js';
import { ClientEvents, type CallFailure, type LockApiShape } from './lock-api.js';
import type { AsyncStoreClientOptions } from './options.js';

/** Application code running in the same process as the library. */
export interface ClientApplication {
  start?(client: AsyncStoreClient): void;
  onMessage?(from: NodeId, message: unknown): void;
  onTimer?(id: TimerId, tag: string): void;
}

export class AsyncStoreClientProcess implements Process {
  readonly client: AsyncStoreClient;

  constructor(
    env: Env,
    options: AsyncStoreClientOptions,
    events: ClientEvents = new ClientEvents(),
    private readonly app?: ClientApplication,
  ) {
    this.client = new AsyncStoreClient(env, options, events);
  }

  start(): void {
    this.client.start();
    this.app?.start?.(this.client);
  }

  onMessage(from: NodeId, message: unknown): void {
    if (!this.client.handleMessage(from, message)) this.app?.onMessage?.(from, message);
  }

  onTimer(id: TimerId, tag: string): void {
    if (!this.client.handleTimer(id)) this.app?.onTimer?.(id, tag);
  }
}

/**
 * The library of whichever incarnation of a client is running (`current` returns null while the
 * client is down): calls go to the live one, a call to a client that is down fails at once having
 * sent nothing, and listeners stay subscribed across restarts through the shared `events`.
 */
export function liveClientApi(current: () => AsyncStoreClient | null, events: ClientEvents): LockApiShape {
  const down: CallFailure = { ok: false, error: 'client-down' };
  /** Runs `call` on the live library, or answers `fail` with `down` when there is none. */
  const on = <C>(fail: (f: CallFailure) => void, call: (c: AsyncStoreClient) => C): void => {
    const c = current();
    if (c === null) fail(down);
    else call(c);
  };
  return {
    acquire: (lock, mode, cb) => on(cb, (c) => c.acquire(lock, mode, cb)),
    release: (lock, token, cb) => on(cb, (c) => c.release(lock, token, cb)),
    tryLock: (id, owner, expireMs, cb) => on(cb, (c) => c.tryLock(id, owner, expireMs, cb)),
    unlock: (id, owner, cb) => on(cb, (c) => c.unlock(id, owner, cb)),
    get: (key, cb) => on(cb, (c) => c.get(key, cb)),
    put: (key, value, cb) => on(cb, (c) => c.put(key, value, cb)),
    cas: (key, expected, value, cb) => on(cb, (c) => c.cas(key, expected, value, cb)),
    read: (key, cb, fence) => on(cb, (c) => c.read(key, cb, fence)),
    write: (key, value, token, lock, cb) => on(cb, (c) => c.write(key, value, token, lock, cb)),
    holds: (lock) => current()?.holds(lock) ?? { held: false, token: null },
    onEvent: (listener) => events.on(listener),
  };
}
