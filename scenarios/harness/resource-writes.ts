/**
 * The protected resource (core/resource) traces every write it accepts or refuses as a
 * `resource-write` event; this turns one such event into the history's `ResourceWrite`, for every
 * harness that records a resource (the built-in cluster, the async store, users' systems, live runs).
 */
import type { ResourceWrite, TrueTimeNs } from '../../checker/history.js';

export function resourceWriteOf(data: Record<string, unknown>, time: TrueTimeNs): ResourceWrite {
  const d = data as { lock: string; client: string; token: number | null; accepted: boolean; reason?: string; key?: string; value?: unknown };
  return {
    lock: d.lock,
    client: d.client,
    token: d.token ?? null,
    accepted: d.accepted,
    ...(d.reason !== undefined ? { reason: d.reason } : {}),
    ...(d.key !== undefined ? { key: d.key } : {}),
    ...(d.value !== undefined ? { value: d.value } : {}),
    time,
  };
}
