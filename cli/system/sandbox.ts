/**
 * The realm a user's system runs in: a fresh `node:vm` context per run.
 *
 * Two jobs. First, determinism: the context is made with `microtaskMode: 'afterEvaluate'`, so V8
 * drains the context's own microtask queue when each script run into it returns; `enter` runs
 * every call into user code as such a script, and so returns only when the user's continuations
 * have run to quiescence (core/async/realm.ts says why that matters). Second, refusal: the
 * context's `Date`, `Math.random`, timers, `performance`, `process`, `crypto`, `fetch`, `WeakRef`
 * and `FinalizationRegistry` are replaced by stand-ins that throw a `RefusedCallError` naming the
 * call, and the first refusal is kept even if the user's code catches the error. A fresh context
 * per run also means module-level state never leaks from one seed into the next.
 */
import vm from 'node:vm';
import type { Realm } from '../../core/async/realm.js';

/** A user's system reached for the real world (time, randomness, timers, I/O). */
export class RefusedCallError extends Error {
  override readonly name = 'RefusedCallError';
  constructor(
    /** The call, as the user wrote it ("Date.now()"). */
    readonly call: string,
    /** What to use instead. */
    readonly instead: string,
  ) {
    super(`called ${call}, which reads the real world; ${instead}`);
  }
}

/** A realm that also says what the user's code tried to do that it may not. */
export interface SandboxRealm extends Realm {
  /** The context, for evaluating the user's bundle in it. */
  readonly context: vm.Context;
  /** The first refused call, even if the user's code caught the error. */
  readonly refused: RefusedCallError | null;
}

const USE_CTX_TIME = 'use ctx.now() or ctx.monotonic() (simulated clocks)';
const USE_CTX_TIMERS = 'use await ctx.sleep(ms) (a simulated timer)';
const USE_CTX_RANDOM = 'use ctx.random() (the seeded stream of this process)';
const USE_CTX_IO = 'talk to other processes with ctx.call/ctx.send and keep state on ctx.disk';

/** The stand-ins, as source evaluated in the context (so they are the context's own objects). */
const SETUP = `(function (refuse) {
  'use strict';
  const RealDate = Date;
  const FakeDate = new Proxy(RealDate, {
    apply() { return refuse('Date()', 'time'); },
    construct(target, args, newTarget) {
      if (args.length === 0) return refuse('new Date()', 'time');
      return Reflect.construct(target, args, newTarget);
    },
    get(target, key, receiver) {
      if (key === 'now') return function now() { return refuse('Date.now()', 'time'); };
      return Reflect.get(target, key, receiver);
    },
  });
  Object.defineProperty(globalThis, 'Date', { value: FakeDate, writable: false, configurable: false });
  Object.defineProperty(Math, 'random', { value: function random() { return refuse('Math.random()', 'random'); }, writable: false, configurable: false });
  const refuser = (name, why) => function () { return refuse(name + '()', why); };
  for (const name of ['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'clearImmediate']) {
    Object.defineProperty(globalThis, name, { value: refuser(name, 'timers'), writable: false, configurable: false });
  }
  Object.defineProperty(globalThis, 'fetch', { value: refuser('fetch', 'io'), writable: false, configurable: false });
  for (const name of ['WeakRef', 'FinalizationRegistry']) {
    const Real = globalThis[name];
    Object.defineProperty(globalThis, name, {
      value: new Proxy(Real, { construct() { return refuse('new ' + name + '()', 'gc'); }, apply() { return refuse(name + '()', 'gc'); } }),
      writable: false, configurable: false,
    });
  }
  const refusingObject = (objectName, why, allowed) => new Proxy(Object.freeze(allowed), {
    get(target, key) {
      if (typeof key !== 'string' || key in target) return target[key];
      return refuser(objectName + '.' + key, why);
    },
  });
  globalThis.performance = refusingObject('performance', 'time', {});
  globalThis.crypto = refusingObject('crypto', 'random', {});
  globalThis.process = refusingObject('process', 'io', { env: Object.freeze({ NODE_ENV: 'production' }) });
  globalThis.queueMicrotask = (fn) => { Promise.resolve().then(fn); };
  globalThis.globalThis = globalThis;
})`;

const INSTEAD: Record<string, string> = { time: USE_CTX_TIME, random: USE_CTX_RANDOM, timers: USE_CTX_TIMERS, io: USE_CTX_IO, gc: 'garbage collection timing is not simulated; keep plain references' };

/** The one script every entry runs: it calls the host's pending thunk inside the context. */
const ENTER = new vm.Script('__lockstepEnter()', { filename: 'lockstep:enter' });

/** A fresh realm with its own globals and microtask queue. */
export function createSandbox(): SandboxRealm {
  let refused: RefusedCallError | null = null;
  let thunk: (() => unknown) | null = null;
  let result: unknown;
  let depth = 0;
  const context = vm.createContext({}, { name: 'lockstep user system', microtaskMode: 'afterEvaluate' });
  context.__lockstepEnter = () => {
    const fn = thunk as () => unknown;
    thunk = null;
    result = fn();
  };
  const refuse = (call: string, why: string): never => {
    const error = new RefusedCallError(call, INSTEAD[why] ?? USE_CTX_IO);
    refused ??= error;
    throw error;
  };
  (vm.runInContext(SETUP, context) as (r: typeof refuse) => void)(refuse);
  const json = vm.runInContext('JSON', context) as JSON;
  const settle = vm.runInContext('(p, ok, err) => { p.then((v) => { ok(v); }, (e) => { err(e); }); }', context) as Realm['settle'];
  const realm: SandboxRealm = {
    context,
    Promise: vm.runInContext('Promise', context) as PromiseConstructor,
    get refused() {
      return refused;
    },
    enter<T>(fn: () => T): T {
      if (depth > 0) return fn();
      depth++;
      thunk = fn;
      try {
        ENTER.runInContext(context);
        return result as T;
      } finally {
        depth--;
        result = undefined;
      }
    },
    settle,
    copy<T>(value: T): T {
      return value === undefined ? value : (json.parse(json.stringify(value)) as T);
    },
  };
  return realm;
}
