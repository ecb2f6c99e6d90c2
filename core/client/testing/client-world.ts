/**
 * A small simulated world for the client library's tests: a fake cell of three servers ("s1" to
 * "s3", "s1" leading), a fenced protected resource ("resource") and client processes hosting a
 * `LockClient` each. Every event a library emits is kept with its true time, across restarts.
 */
import { Resource } from '../../resource/resource.js';
import { MS, SEC } from '../../../sim/time.js';
import { World } from '../../../sim/world.js';
import type { LatencyConfig } from '../../../sim/network.js';
import type { LockServiceConfig } from '../../lock/config.js';
import type { LockClientEvent } from '../api.js';
import { ClientEvents } from '../events.js';
import type { LockClient } from '../lock-client.js';
import type { LockClientOptions } from '../options.js';
import { LockClientProcess } from '../process.js';
import { FakeCell } from './fake-cell.js';

export const SERVERS = ['s1', 's2', 's3'] as const;
export const RESOURCE = 'resource';

/** Service timing for tests: short leases, fast ticks, a short lock-delay. */
export const TEST_SERVICE: Partial<LockServiceConfig> = {
  minSessionTtlNs: 100 * MS,
  tickSlackNs: 20 * MS,
  lockDelayNs: 50 * MS,
};

/** Client timing for tests, matching TEST_SERVICE. */
export const TEST_CLIENT: Omit<LockClientOptions, 'servers'> = {
  resource: RESOURCE,
  sessionTtlNs: 1 * SEC,
  requestTimeoutNs: 50 * MS,
  operationTimeoutNs: 1 * SEC,
  acquireMaxWaitNs: 5 * SEC,
  marginNs: 5 * MS,
};

export interface Seen {
  t: number;
  event: LockClientEvent;
}

export interface ClientWorldOptions {
  seed?: number;
  clients?: readonly string[];
  /** Options for every client (on top of TEST_CLIENT). */
  client?: Partial<LockClientOptions>;
  /** Options for one client (on top of `client`). */
  perClient?: Record<string, Partial<LockClientOptions>>;
  service?: Partial<LockServiceConfig>;
  latency?: Partial<LatencyConfig>;
}

export class ClientWorld {
  readonly world: World;
  readonly cell: FakeCell;
  private readonly seen = new Map<string, Seen[]>();

  constructor(options: ClientWorldOptions = {}) {
    const latency: LatencyConfig = { minNs: 200_000, meanNs: 1 * MS, tailProbability: 0, tailNs: 0, ...options.latency };
    this.world = new World({ seed: options.seed ?? 1, network: { latency } });
    this.cell = new FakeCell({ servers: SERVERS, lock: { ...TEST_SERVICE, ...options.service } });
    for (const id of SERVERS) this.world.addProcess(id, this.cell.server(id));
    this.world.addProcess(RESOURCE, (env) => new Resource(env, 'fenced'));
    for (const id of options.clients ?? ['c1']) {
      const events = new ClientEvents();
      const seen: Seen[] = [];
      this.seen.set(id, seen);
      events.on((event) => seen.push({ t: this.world.now, event }));
      const libOptions: LockClientOptions = { servers: SERVERS, ...TEST_CLIENT, ...options.client, ...options.perClient?.[id], events };
      this.world.addProcess(id, (env) => new LockClientProcess(env, libOptions));
    }
  }

  /** The library of the running incarnation of client `id`. */
  lib(id = 'c1'): LockClient {
    const p = this.world.process<LockClientProcess>(id);
    if (p === null) throw new Error(`client ${id} is down`);
    return p.client;
  }

  /** Every event client `id` emitted so far, with its true time. */
  events(id = 'c1'): Seen[] {
    return this.seen.get(id) ?? [];
  }

  /** The session states client `id` went through. */
  states(id = 'c1'): string[] {
    return this.events(id).flatMap((s) => (s.event.type === 'session' ? [s.event.state] : []));
  }

  /** The belief events of client `id`, as "+lock#token" and "-lock#token(reason)". */
  beliefs(id = 'c1'): string[] {
    return this.events(id).flatMap((s) => {
      const e = s.event;
      if (e.type !== 'belief') return [];
      return [e.held ? `+${e.lock}#${e.token}` : `-${e.lock}#${e.token}(${e.reason ?? ''})`];
    });
  }

  /** True time of the first event of client `id` that matches. */
  timeOf(id: string, match: (e: LockClientEvent) => boolean): number | undefined {
    return this.events(id).find((s) => match(s.event))?.t;
  }

  /** Starts a call now; the returned box fills in with the result and its true time. */
  call<R>(start: (cb: (r: R) => void) => void): { result?: R; at?: number } {
    const box: { result?: R; at?: number } = {};
    start((r) => {
      if (box.result !== undefined) throw new Error('callback called twice');
      box.result = r;
      box.at = this.world.now;
    });
    return box;
  }

  /** Runs until `box` has its result (or `limitNs` more of true time passes). */
  await<R>(box: { result?: R }, limitNs = 10 * SEC): R {
    this.world.runUntilTrue(() => box.result !== undefined, this.world.now + limitNs);
    if (box.result === undefined) throw new Error('the call did not finish');
    return box.result;
  }

  /** Cuts client `id` off from every server (both directions). */
  isolate(id = 'c1'): void {
    this.world.partition(SERVERS.flatMap((s) => [[id, s] as [string, string], [s, id] as [string, string]]));
  }

  heal(): void {
    this.world.healPartition();
  }

  /** True times of the state machine's facts of `kind` ("grant", "session-expired", ...). */
  facts(kind: string): Array<{ t: number; data: Record<string, unknown> }> {
    return this.world.trace.events.filter((e) => e.kind === `lock:${kind}`).map((e) => ({ t: e.t, data: e.data ?? {} }));
  }
}
