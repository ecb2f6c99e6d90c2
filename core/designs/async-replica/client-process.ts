/**
 * A client process hosting the async-replica client library, with an optional application beside
 * it; and the `LockApi` a workload holds for a client across its crashes and restarts.
 */
import type { Env, NodeId, Process, TimerId } from '../../env.js';
import { AsyncStoreClient } from './client.js';
import { followLockApi } from '../../contract/follow.js';
import { ClientEvents, type LockApiShape } from './lock-api.js';
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
 * client is down), through the contract's one restart-following wrapper.
 */
export function liveClientApi(current: () => AsyncStoreClient | null, events: ClientEvents): LockApiShape {
  return followLockApi(current, events);
}
