/**
 * The realm a user's system runs in, with its failures attached: every entry that ends with user
 * code having thrown, rejected or reached for the real world throws a `UserCodeError`, so the run
 * stops at the event that went wrong instead of going on from a broken state.
 */
import { UserCodeError, type Realm } from '../../core/async/realm.js';

export interface GuardedRealm extends Realm {
  /** Records a failure found inside an entry (a rejected promise); the entry then throws it. */
  fail(error: UserCodeError): void;
  /** The first failure, if any. */
  readonly failure: UserCodeError | null;
}

/** `refused` names the first call the realm refused (the sandbox knows), or null. */
export function guardRealm(realm: Realm, refused: () => Error | null = () => null): GuardedRealm {
  let failure: UserCodeError | null = null;
  let depth = 0;
  const check = (): void => {
    const r = refused();
    if (r && !(failure && failure.thrown === r)) failure = new UserCodeError('system', r.message, r);
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
      failure ??= error;
    },
    enter<T>(fn: () => T): T {
      depth++;
      try {
        return realm.enter(fn);
      } finally {
        depth--;
        if (depth === 0) check();
      }
    },
  };
}
