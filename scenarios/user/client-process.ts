/**
 * A user system's client process: the user's code (async or callback style) plus what the harness
 * adds around it — the resource calls, and a blocking mutex for systems that only offer a
 * try-lock. `library` is what the workload calls, in callback style whatever the user wrote; every
 * call into the user's library enters the user's realm, so its continuations run before the
 * simulator's next event.
 */
import { asyncProcess, type ReportedFact } from '../../core/async/context.js';
import { UserCodeError } from '../../core/async/realm.js';
import type { CallResult, ClientNotice, Holding, LockApi } from '../../core/contract/index.js';
import type { Env, NodeId, Process, TimerId } from '../../core/env.js';
import { CAPABILITY_METHODS, type AsyncClientLibrary, type CallbackClientLibrary, type System } from './define.js';
import type { GuardedRealm } from './guarded-realm.js';
import { ResourceCalls } from './resource-calls.js';
import { TryLockMutex } from './try-lock-mutex.js';

/** What a client process reports to the harness. */
export interface ClientSinks {
  report(fact: ReportedFact): void;
  notify(notice: ClientNotice): void;
}

/** Every call of the wide library; a system answers `unsupported` to the ones it does not offer. */
const LOCK_API_METHODS = ['acquire', 'release', 'tryLock', 'unlock', 'get', 'put', 'cas', 'read', 'write'] as const;

const NOT_HELD: Holding = Object.freeze({ held: false, token: null }) as Holding;

/** Methods that answer at once, without a callback. */
const QUERIES = new Set(['holds', 'leads']);

function isCallResult(value: unknown): value is CallResult {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

export class UserClientProcess implements Process {
  /** The library the workload calls, in callback style (methods of the system's capabilities). */
  readonly library: LockApi;
  private readonly user: Process;
  private readonly resourceCalls: ResourceCalls | null;
  private readonly mutex: TryLockMutex | null;
  private userLibrary: AsyncClientLibrary | CallbackClientLibrary = {};

  constructor(
    private readonly env: Env,
    private readonly system: System,
    private readonly realm: GuardedRealm,
    servers: readonly NodeId[],
    sinks: ClientSinks,
    resource: NodeId | undefined,
  ) {
    const kit = { servers, report: sinks.report, notify: sinks.notify };
    if (system.client) {
      const client = system.client;
      this.user = asyncProcess(
        env,
        (ctx) => {
          const library = client(ctx);
          if (typeof library !== 'object' || library === null) throw new UserCodeError(env.id, `client() of system "${system.name}" returned ${String(library)}, not a library object`);
          this.userLibrary = library;
        },
        { realm, servers, fail: (e) => realm.fail(e), report: sinks.report, notify: sinks.notify },
      );
    } else {
      const made = realm.enter(() => system.clientProcess!(env, kit), env.id);
      if (!made || typeof made.process?.onMessage !== 'function' || typeof made.library !== 'object') {
        throw new UserCodeError(env.id, `clientProcess() of system "${system.name}" must return {process, library}`);
      }
      this.user = made.process;
      this.userLibrary = made.library;
    }
    this.resourceCalls = resource !== undefined ? new ResourceCalls(env, resource) : null;
    const library: Record<string, unknown> = {};
    for (const capability of system.capabilities) {
      if (capability === 'fenced-resource') continue;
      for (const method of CAPABILITY_METHODS[capability]) library[method] = this.forward(method);
    }
    // The lock workloads acquire and release: a system without a mutex lends them its try-lock
    // (spinning, as applications do) or its leader election (leading is holding a lock).
    const offers = (c: string): boolean => (system.capabilities as readonly string[]).includes(c);
    this.mutex = !offers('mutex') && offers('try-lock-ttl') ? new TryLockMutex(env, library as never, system.leaseMs ?? 2000) : null;
    if (this.mutex) {
      const mutex = this.mutex;
      library.acquire = mutex.acquire.bind(mutex);
      library.release = mutex.release.bind(mutex);
    } else if (!offers('mutex') && offers('leader-election')) {
      library.acquire = (lock: string, _mode: unknown, cb: unknown) => (library.campaign as (...a: unknown[]) => void)(lock, cb);
      library.release = library.resign;
      library.holds = library.leads;
    }
    for (const method of LOCK_API_METHODS) {
      library[method] ??= (...args: unknown[]) => {
        const cb = [...args].reverse().find((a) => typeof a === 'function') as (r: CallResult) => void;
        cb({ ok: false, error: 'unsupported' });
      };
    }
    library.holds ??= () => NOT_HELD;
    if (this.resourceCalls) {
      const calls = this.resourceCalls;
      library.read = calls.read.bind(calls);
      library.write = calls.write.bind(calls);
    }
    this.library = library as unknown as LockApi;
  }

  start(): void {
    this.user.start();
  }

  onMessage(from: NodeId, message: unknown): void {
    if (this.resourceCalls?.onMessage(from, message)) return;
    if (this.env.id === from) return;
    this.enterCallback(() => this.user.onMessage(from, message));
  }

  onTimer(id: TimerId, tag: string): void {
    if (this.resourceCalls?.onTimer(id)) return;
    if (this.mutex?.onTimer(id)) return;
    this.enterCallback(() => this.user.onTimer(id, tag));
  }

  /** Callback-style user code runs inside the realm too (it may use promises of its own). */
  private enterCallback(fn: () => void): void {
    if (this.system.client) fn();
    else this.realm.enter(fn, this.env.id);
  }

  /** One library method, in callback style, entering the user's realm. */
  private forward(method: string): (...args: unknown[]) => unknown {
    const name = `${this.env.id}'s ${method}`;
    if (QUERIES.has(method)) {
      return (...args) =>
        this.realm.enter(() => {
          const f = (this.userLibrary as Record<string, unknown>)[method];
          if (typeof f !== 'function') return NOT_HELD;
          const answer = f.apply(this.userLibrary, args) as Holding;
          if (typeof answer !== 'object' || answer === null || typeof answer.held !== 'boolean') throw new UserCodeError(this.env.id, `${name} answered ${describe(answer)}, not {held, token}`);
          return { held: answer.held, token: answer.token ?? null };
        }, this.env.id);
    }
    return (...args) => {
      const cb = args.pop() as (r: CallResult) => void;
      const answer = (r: unknown): void => {
        if (!isCallResult(r)) throw new UserCodeError(this.env.id, `${name} resolved to ${describe(r)}, not a result {ok, ...}`);
        cb(r);
      };
      this.realm.enter(() => {
        const f = (this.userLibrary as Record<string, unknown>)[method];
        if (typeof f !== 'function') throw new UserCodeError(this.env.id, `system "${this.system.name}" offers ${method} (its capabilities) but the library has no ${method}()`);
        if (this.system.client) {
          const promise = f.apply(this.userLibrary, args) as PromiseLike<unknown>;
          if (!promise || typeof promise.then !== 'function') throw new UserCodeError(this.env.id, `${name} returned ${describe(promise)}, not a promise`);
          this.realm.settle(
            promise,
            (r) => {
              try {
                answer(r);
              } catch (err) {
                this.realm.fail(err instanceof UserCodeError ? err : new UserCodeError(this.env.id, `${name}: ${String(err)}`, err));
              }
            },
            (err) => this.realm.fail(new UserCodeError(this.env.id, `${name} rejected: ${err instanceof Error ? err.message : String(err)}`, err)),
          );
        } else {
          f.apply(this.userLibrary, [...args, answer]);
        }
      }, this.env.id);
    };
  }
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
