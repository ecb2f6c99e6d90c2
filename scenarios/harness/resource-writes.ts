/**
 * The protected resource (core/resource) traces every write it accepts or refuses as a
 * `resource-write` event; this turns one such event's typed fields into the history's
 * `ResourceWrite`, for every harness that records a resource (the built-in cluster, the async
 * store, users' systems, live runs). Data that did not come through the trace's union (a live run
 * hands the resource's raw data over) is checked against it first, so a malformed write is an
 * error naming its field, never a write with holes.
 */
import type { ResourceWrite, TrueTimeNs } from '../../checker/history.js';
import type { ResourceWriteEvent } from '../../core/contract/events.js';
import { traceDataOf, type TraceData } from '../../checker/trace.js';

export function resourceWriteOf(data: TraceData<'resource-write'> | Record<string, unknown>, time: TrueTimeNs): ResourceWrite {
  const d = traceDataOf('resource-write', data);
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

/** The same write as the contract's event, for a system that reports it to its host. */
export function resourceWriteEvent(data: TraceData<'resource-write'> | Record<string, unknown>): ResourceWriteEvent {
  const { time: _time, ...write } = resourceWriteOf(data, 0);
  return { type: 'resource-write', ...write };
}
