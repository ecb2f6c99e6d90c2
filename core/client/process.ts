/**
 * A client process that hosts one lock client library and, optionally, an application: the
 * library gets the messages and timers that are its own, the application gets the rest.
 */
import type { Env, NodeId, Process, TimerId } from '../env.js';
import type { BeliefInspection, OverdueBelief } from './beliefs.js';
import { LockClient } from './lock-client.js';
import type { LockClientOptions } from './options.js';

/** The application around the library (a workload's client, a leader-election recipe, a test). */
export interface ClientApplication {
  /** After the library has started. */
  start?(client: LockClient, env: Env): void;
  onMessage?(from: NodeId, message: unknown): void;
  onTimer?(id: TimerId, tag: string): void;
}

export class LockClientProcess implements Process, BeliefInspection {
  readonly client: LockClient;

  constructor(
    private readonly env: Env,
    options: LockClientOptions,
    private readonly app: ClientApplication = {},
  ) {
    this.client = new LockClient(env, options);
  }

  start(): void {
    this.client.start();
    this.app.start?.(this.client, this.env);
  }

  onMessage(from: NodeId, message: unknown): void {
    if (!this.client.handleMessage(from, message)) this.app.onMessage?.(from, message);
  }

  overdueBeliefs(): OverdueBelief[] {
    return this.client.overdueBeliefs();
  }

  onTimer(id: TimerId, tag: string): void {
    if (!this.client.handleTimer(id, tag)) this.app.onTimer?.(id, tag);
  }
}
