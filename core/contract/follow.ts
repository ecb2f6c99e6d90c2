/**
 * The one restart-following client wrapper: a handle that follows a client process across crashes
 * and restarts. Every call goes to the library of the incarnation running now; a call to a client
 * that is down fails at once, having sent nothing; notices come from a hub that outlives the
 * process, so a subscription survives restarts.
 */
import type { CallFailure, Holding } from './calls.js';
import { CAPABILITY_METHODS, type Capability, type ClientOf, type LockApi } from './capabilities.js';
import type { ClientNotice } from './events.js';

/** Where a handle's notice subscriptions go: a hub that outlives the client's incarnations. */
export interface NoticeSource {
  on(listener: (event: ClientNotice) => void): () => void;
}

/** What a call to a client that is down answers. */
export const CLIENT_DOWN: CallFailure = Object.freeze({ ok: false, error: 'client-down' }) as CallFailure;

const NOT_HELD: Holding = Object.freeze({ held: false, token: null }) as Holding;

/** Methods that answer at once (no callback): a client that is down holds nothing. */
const QUERIES = new Set<string>(['holds', 'leads']);

/**
 * A handle offering `capabilities` that forwards each call to `current()` (null while the client
 * is down). Every callback-taking method's callback is its last function argument.
 */
export function followRestarts<C extends Capability>(
  capabilities: readonly C[],
  current: () => ClientOf<C> | null,
  notices: NoticeSource,
): ClientOf<C> {
  const handle: Record<string, unknown> = { onEvent: (listener: (e: ClientNotice) => void) => notices.on(listener) };
  for (const capability of capabilities) {
    for (const method of CAPABILITY_METHODS[capability] as readonly string[]) {
      handle[method] = QUERIES.has(method)
        ? (...args: unknown[]) => {
            const lib = current() as Record<string, (...a: unknown[]) => unknown> | null;
            return lib ? lib[method]!(...args) : NOT_HELD;
          }
        : (...args: unknown[]) => {
            const lib = current() as Record<string, (...a: unknown[]) => unknown> | null;
            if (lib) return lib[method]!(...args);
            const cb = [...args].reverse().find((a): a is (r: CallFailure) => void => typeof a === 'function');
            cb?.(CLIENT_DOWN);
          };
    }
  }
  return handle as unknown as ClientOf<C>;
}

/** The capabilities of the whole lock library (`LockApi`). */
export const LOCK_API_CAPABILITIES = ['mutex', 'try-lock-ttl', 'kv-cas', 'fenced-resource'] as const satisfies readonly Capability[];

/** `followRestarts` for the whole lock library. */
export function followLockApi(current: () => LockApi | null, notices: NoticeSource): LockApi {
  return followRestarts(LOCK_API_CAPABILITIES, current, notices) as LockApi;
}
