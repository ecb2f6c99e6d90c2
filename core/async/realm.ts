/**
 * Where a user's async code runs, and how its continuations are run to quiescence.
 *
 * A promise continuation is a microtask: it runs when the JavaScript stack unwinds, not when the
 * simulator's event handler returns. The simulator's loop is synchronous, so ordinary promises
 * would run "some time later", interleaved with simulator events in a way no seed controls. A
 * `Realm` closes that gap: every entry into user code goes through `enter`, which returns only
 * after every microtask the entry made runnable has run (cli/system/sandbox.ts builds one on a
 * `node:vm` context whose microtask queue is drained when each entry returns). Between two
 * simulator events no user continuation is pending, so the order of everything user code does is
 * the order of the events, which the seed fixes.
 */

/** A JavaScript realm whose microtasks are drained at the end of every entry. */
export interface Realm {
  /** The realm's own Promise constructor: promises handed to user code must be made with it. */
  readonly Promise: PromiseConstructor;
  /**
   * Runs `fn` inside the realm, then every continuation it made runnable, then returns `fn`'s
   * result. A nested call (user code calling back into the host, which enters again) runs `fn`
   * at once: the outer entry drains the queue. `process` names whose code runs (a realm that
   * reports failures says where they happened).
   */
  enter<T>(fn: () => T, process?: string): T;
  /**
   * A deep copy of a message made of the realm's own objects, as a network would deliver it: the
   * sender's later changes do not reach the receiver. Messages are JSON values (as Maelstrom's).
   */
  copy<T>(value: T): T;
  /**
   * Calls `onValue` or `onError` when `promise` settles. A host function handed straight to a
   * realm promise's `then` would be queued on the host's microtask queue (V8 queues a reaction in
   * its handler's realm) and so run only after the whole simulation; this attaches the callbacks
   * through a function of the realm, so they run inside the entry's drain.
   */
  settle<T>(promise: PromiseLike<T>, onValue: (value: T) => void, onError: (error: unknown) => void): void;
}

/** Something user code did that the run cannot go on from (it threw, or it broke the contract). */
export class UserCodeError extends Error {
  override readonly name = 'UserCodeError';
  constructor(
    /** The process whose code failed ("n1", "c2"). */
    readonly process: string,
    message: string,
    readonly thrown?: unknown,
    /** The simulated time of the failure (ns), when the realm that saw it knows the clock. */
    public atNs?: number,
  ) {
    super(message);
  }
}

/** One line naming what a thrown value was. */
export function describeThrown(err: unknown): string {
  if (err && typeof err === 'object' && 'message' in err) {
    const name = (err as { name?: unknown }).name;
    const message = String((err as { message: unknown }).message);
    return typeof name === 'string' && name !== 'Error' ? `${name}: ${message}` : message;
  }
  return String(err);
}
