/**
 * The realm a user's system runs in, with its failures attached: every entry that ends with user
 * code having thrown, rejected or reached for the real world throws a `UserCodeError` naming the
 * process whose code failed and the simulated time, so the run stops at the event that went wrong
 * instead of going on from a broken state. It also says, at any moment, whose code is running and
 * when (`where`), so that a failure noticed later (a promise rejected with no handler, which the
 * host reports only once the run is over) can be placed where it happened.
 */
import { describeThrown, UserCodeError, type Realm } from '../../core/async/realm.js';

/** Whose code ran, and when (simulated ns). */
export interface Whereabouts {
  process: string;
  atNs: number;
}

export interface GuardedRealm extends Realm {
  /** Records a failure found inside an entry (a rejected promise); the entry then throws it. */
  fail(error: UserCodeError): void;
  /** The first failure, if any. */
  readonly failure: UserCodeError | null;
  /** The clock failures are stamped with: the simulated world's (set when the world is built). */
  useClock(now: () => number): void;
  /** Whose code is running now, and when; null outside every entry. */
  where(): Whereabouts | null;
}

/** `refused` names the first call the realm refused (the sandbox knows), or null. */
export function guardRealm(realm: Realm, refused: () => Error | null = () => null): GuardedRealm {
  let failure: UserCodeError | null = null;
  let depth = 0;
  let clock: () => number = () => 0;
  /** The processes whose code the open entries run, innermost last. */
  const running: string[] = [];
  const stamp = (error: UserCodeError): UserCodeError => {
    error.atNs ??= clock();
    return error;
  };
  const check = (): void => {
    const r = refused();
    if (r && !(failure && failure.thrown === r)) failure = stamp(new UserCodeError(running.at(-1) ?? 'system', r.message, r));
    if (failure) throw failure;
  };
  return {
    Promise: realm.Promise,
    copy: (value) => realm.copy(value),
    settle: (promise, onValue, onError) => realm.settle(promise, onValue, onError),
    get failure() {
      return failure;
    },
    fail(error) {
      failure ??= stamp(error);
    },
    useClock(now) {
      clock = now;
    },
    where() {
      return depth > 0 ? { process: running.at(-1) ?? 'system', atNs: clock() } : null;
    },
    enter<T>(fn: () => T, process?: string): T {
      depth++;
      const who = process ?? running.at(-1) ?? 'system';
      running.push(who);
      try {
        return realm.enter(fn);
      } catch (err) {
        // Callback-style code that throws: the process's failure, named and timed.
        if (err instanceof UserCodeError) {
          failure ??= stamp(err);
          throw err;
        }
        const error = stamp(new UserCodeError(who, `${who} threw ${describeThrown(err)}`, err));
        failure ??= error;
        throw failure;
      } finally {
        running.pop();
        depth--;
        if (depth === 0) check();
      }
    },
  };
}
