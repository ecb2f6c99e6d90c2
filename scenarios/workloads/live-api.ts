/**
 * A `LockApi` that follows a client process across crashes and restarts: every call goes to the
 * library of the incarnation running now, and a call to a client that is down fails at once,
 * having sent nothing. Event subscriptions go to a hub that outlives the process.
 */
import type { CallFailure, LockApi } from './lock-api.js';

const DOWN: CallFailure = { ok: false, error: 'client-down' };

export function liveApi(lib: () => LockApi | null, onEvent: LockApi['onEvent']): LockApi {
  return {
    acquire: (lock, mode, cb) => (lib() ? lib()!.acquire(lock, mode, cb) : cb(DOWN)),
    release: (lock, token, cb) => (lib() ? lib()!.release(lock, token, cb) : cb(DOWN)),
    tryLock: (r, owner, expireMs, cb) => (lib() ? lib()!.tryLock(r, owner, expireMs, cb) : cb(DOWN)),
    unlock: (r, owner, cb) => (lib() ? lib()!.unlock(r, owner, cb) : cb(DOWN)),
    get: (key, cb) => (lib() ? lib()!.get(key, cb) : cb(DOWN)),
    put: (key, value, cb) => (lib() ? lib()!.put(key, value, cb) : cb(DOWN)),
    cas: (key, expected, value, cb) => (lib() ? lib()!.cas(key, expected, value, cb) : cb(DOWN)),
    read: (key, cb, fence) => (lib() ? lib()!.read(key, cb, fence) : cb(DOWN)),
    write: (key, value, token, lock, cb) => (lib() ? lib()!.write(key, value, token, lock, cb) : cb(DOWN)),
    holds: (lock) => lib()?.holds(lock) ?? { held: false, token: null },
    onEvent,
  };
}
