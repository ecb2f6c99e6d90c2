/**
 * Terse builders for the small hand-made run records the validator tests read like scenarios.
 * Times are given in seconds of true time and stored in nanoseconds.
 */
import type { Belief, Grant, Op, OpType, ResourceWrite } from '../../history.js';

/** Seconds of true time, in nanoseconds. */
export function s(seconds: number): number {
  return Math.round(seconds * 1e9);
}

export function belief(
  client: string,
  token: number,
  from: number,
  to: number | null,
  more: Partial<Belief> = {},
): Belief {
  return { client, lock: '/ls/lock1', token, mode: 'exclusive', start: s(from), end: to === null ? null : s(to), ...more };
}

export function grant(client: string, token: number, at: number, serverEnd: number | null, more: Partial<Grant> = {}): Grant {
  return {
    lock: '/ls/lock1',
    owner: `s-${client}`,
    client,
    token,
    mode: 'exclusive',
    at: s(at),
    serverEnd: serverEnd === null ? null : s(serverEnd),
    ...more,
  };
}

export function write(client: string, token: number | null, at: number, more: Partial<ResourceWrite> = {}): ResourceWrite {
  return { time: s(at), lock: '/ls/lock1', client, token, accepted: true, ...more };
}

/**
 * A history from operations written as [process, f, invoke-time, completion type, completion-time,
 * completion value, key?]; a completion type of null leaves the op open at the end. Events are
 * laid out in time order and indexed densely, as a run writes them.
 */
export type OpRow = [process: number, f: string, invokedAt: number, outcome: Exclude<OpType, 'invoke'> | null, completedAt: number, value: unknown, key?: string];

export function historyOf(rows: OpRow[]): Op[] {
  const events: Omit<Op, 'index'>[] = [];
  for (const [process, f, invokedAt, outcome, completedAt, value, key] of rows) {
    const base = { process, f, ...(key !== undefined ? { key } : { key: '/ls/lock1' }) };
    events.push({ ...base, type: 'invoke', value: null, time: s(invokedAt) });
    if (outcome !== null) events.push({ ...base, type: outcome, value, time: s(completedAt) });
  }
  // Stable: an invoke and a completion at one instant keep the order the rows give them.
  return events
    .map((e, order) => ({ e, order }))
    .sort((a, b) => a.e.time - b.e.time || a.order - b.order)
    .map(({ e }, index) => ({ index, ...e }) as Op);
}
