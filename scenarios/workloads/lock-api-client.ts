/**
 * The client program shared by the workloads: runs one history operation as one `LockApi` call
 * and turns the answer into `ok`, `fail` or `info`. The op vocabulary (what the generators emit
 * and the history records, in the value shapes the checker's models read):
 *
 * | f        | key         | invoke value           | ok value                                  |
 * |----------|-------------|------------------------|-------------------------------------------|
 * | acquire  | lock        | {owner, mode}          | {token, mode}                             |
 * | release  | lock        | {owner, token}         | {owner, token} (token null: the one held)  |
 * | read     | key         | null                   | the value (null when never written)       |
 * | write    | key         | the value              | the value; resource writes take args {token, lock} |
 * | cas      | key         | [old, new]             | [old, new]; a failed compare is `fail`    |
 * | try-lock | resource id | {owner, expireMs}      | {result: "ok", token} or {result: "held-by-other"} |
 * | unlock   | resource id | {owner}                | {result: "ok" | "not-held" | "held-by-other"} |
 *
 * Reads and writes go to the key-value store or to the protected resource, as the workload says.
 * A read that may or may not have happened changed nothing, so it is recorded `fail`, not `info`
 * (as Jepsen and Maelstrom do for idempotent operations).
 */
import type { HistoryRecorder } from '../../sim/recorder.js';
import type { InvokedOp, OpDone, WorkloadClient } from './driver.js';
import type { CallFailure, KvValue, LockApi, LockMode, Token } from './lock-api.js';

/** Where `read` and `write` go. */
export type Store = 'kv' | 'resource';

export interface LockApiClientOptions {
  store: Store;
  /**
   * Record the library's belief events (grant learned, belief ended) as the client's beliefs. Off
   * for workloads whose application keeps its own belief (leader election).
   */
  beliefs?: HistoryRecorder;
}

/** A client program bug: an op the vocabulary does not have, or arguments of the wrong shape. */
export class WorkloadOpError extends Error {
  override readonly name = 'WorkloadOpError';
}

export function lockApiClient(client: string, api: LockApi, options: LockApiClientOptions): WorkloadClient {
  /** Lock → history index of this client's latest acquire or try-lock of it (a belief's cause). */
  const causedBy = new Map<string, number>();
  const recorder = options.beliefs;
  if (recorder) {
    api.onEvent((e) => {
      if (e.type !== 'belief' || recorder.closed) return;
      if (e.held) recorder.beliefStart(client, e.lock, e.token, e.mode, causedBy.get(e.lock));
      else recorder.beliefEnd(client, e.lock, e.token, e.reason ?? 'ended', e.endedAgoNs ?? 0);
    });
  }
  const failed = (r: CallFailure, done: OpDone, idempotent = false): void =>
    done(r.indeterminate && !idempotent ? 'info' : 'fail', null, r.error);

  return {
    invoke(op: InvokedOp, done: OpDone): void {
      const key = requireKey(op);
      switch (op.f) {
        case 'acquire': {
          const { mode } = field<{ mode: LockMode }>(op, 'mode', (m) => m === 'exclusive' || m === 'shared');
          causedBy.set(key, op.index);
          api.acquire(key, mode, (r) => (r.ok ? done('ok', { token: r.token, mode }) : failed(r, done)));
          return;
        }
        case 'release': {
          const { owner, token } = field<{ owner: string; token: Token | null }>(op, 'token', (t) => t === null || Number.isInteger(t));
          // Token null: release whatever the library believes it holds (after an unknown acquire).
          const held = token ?? api.holds(key).token;
          if (held === null) return done('fail', null, 'not-held');
          api.release(key, held, (r) => (r.ok ? done('ok', { owner, token: held }) : failed(r, done)));
          return;
        }
        case 'read':
          if (options.store === 'kv') api.get(key, (r) => (r.ok ? done('ok', r.value) : failed(r, done, true)));
          else {
            const token = op.args?.token;
            const lock = op.args?.lock;
            const fence = typeof token === 'number' && typeof lock === 'string' ? { token, lock } : undefined;
            api.read(key, (r) => (r.ok ? done('ok', r.value) : failed(r, done, true)), fence);
          }
          return;
        case 'write': {
          if (options.store === 'kv') {
            const value = kvValue(op, op.value);
            api.put(key, value, (r) => (r.ok ? done('ok', value) : failed(r, done)));
            return;
          }
          const token = op.args?.token ?? null;
          const lock = op.args?.lock;
          if ((token !== null && !Number.isInteger(token)) || typeof lock !== 'string') {
            throw new WorkloadOpError(`op ${op.index}: a resource write needs args {token: integer | null, lock: string}`);
          }
          api.write(key, op.value, token as Token | null, lock, (r) => (r.ok ? done('ok', op.value) : failed(r, done)));
          return;
        }
        case 'cas': {
          if (options.store !== 'kv') throw new WorkloadOpError(`op ${op.index}: cas works on the key-value store only`);
          if (!Array.isArray(op.value) || op.value.length !== 2) throw new WorkloadOpError(`op ${op.index}: cas needs the value [old, new]`);
          const [expected, next] = op.value as [unknown, unknown];
          const nextValue = kvValue(op, next);
          const expectedValue = expected === null ? null : kvValue(op, expected);
          api.cas(key, expectedValue, nextValue, (r) => {
            if (!r.ok) return failed(r, done);
            if (r.swapped) return done('ok', [expectedValue, nextValue]);
            done('fail', null, 'mismatch');
          });
          return;
        }
        case 'try-lock': {
          const { owner, expireMs } = field<{ owner: string; expireMs: number }>(op, 'expireMs', (e) => typeof e === 'number' && e > 0);
          causedBy.set(key, op.index);
          api.tryLock(key, owner, expireMs, (r) => {
            if (!r.ok) return failed(r, done);
            done('ok', r.acquired ? { result: 'ok', token: r.token } : { result: 'held-by-other' });
          });
          return;
        }
        case 'unlock': {
          const { owner } = field<{ owner: string }>(op, 'owner', (o) => typeof o === 'string');
          api.unlock(key, owner, (r) => (r.ok ? done('ok', { result: r.status }) : failed(r, done)));
          return;
        }
        default:
          throw new WorkloadOpError(`op ${op.index}: no client call for f "${op.f}"`);
      }
    },
  };
}

function requireKey(op: InvokedOp): string {
  if (typeof op.key !== 'string') throw new WorkloadOpError(`op ${op.index} (${op.f}) names no key`);
  return op.key;
}

/** The invoke value as an object with `name` passing `ok`, else a WorkloadOpError. */
function field<T>(op: InvokedOp, name: string, ok: (v: unknown) => boolean): T {
  const v = op.value;
  if (typeof v !== 'object' || v === null || !ok((v as Record<string, unknown>)[name])) {
    throw new WorkloadOpError(`op ${op.index} (${op.f}) has a bad or missing "${name}" in its value ${JSON.stringify(v)}`);
  }
  return v as T;
}

function kvValue(op: InvokedOp, v: unknown): KvValue {
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  throw new WorkloadOpError(`op ${op.index} (${op.f}): key-value stores hold strings, numbers and booleans, not ${JSON.stringify(v)}`);
}
