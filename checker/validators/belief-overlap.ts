/**
 * ME-belief: at no instant of true time may two clients believe they hold one lock, unless both
 * hold it shared. Beliefs are what the clients themselves thought, so this catches a client that
 * acted on a lease it had lost even when the protected resource happened to see no harm.
 */
import type { Belief, RunRecord, Violation } from '../history.js';
import { groupBy } from './lock-ops.js';
import { DEFAULT_MAX_VIOLATIONS, type ListingOptions, type ValidatorResult } from './types.js';
import { duration, instant, span } from './words.js';

export interface BeliefOverlapStats {
  beliefs: number;
  locks: number;
  /** Pairs of beliefs (of different clients, one at least exclusive) that overlapped. */
  overlappingPairs: number;
  /** The longest overlap found, in ns (0 when none; Infinity when one lasted to an open end). */
  worstOverlapNs: number;
}

export function checkBeliefOverlap(record: RunRecord, options: ListingOptions = {}): ValidatorResult<BeliefOverlapStats> {
  const beliefs = record.beliefs;
  const stats: BeliefOverlapStats = { beliefs: beliefs?.length ?? 0, locks: 0, overlappingPairs: 0, worstOverlapNs: 0 };
  if (beliefs === undefined) return { violations: [], stats, skipped: 'the run recorded no client beliefs' };

  const runEnd = record.endAt ?? Infinity;
  const endOf = (b: Belief): number => b.end ?? runEnd;
  const max = options.maxViolations ?? DEFAULT_MAX_VIOLATIONS;
  const violations: Violation[] = [];
  const byLock = groupBy(beliefs, (b) => b.lock);
  stats.locks = byLock.size;

  for (const [lock, held] of byLock) {
    const ordered = held.filter((b) => endOf(b) > b.start).sort((a, b) => a.start - b.start);
    // Sweep by start time, keeping the beliefs still held when each new one begins.
    let active: Belief[] = [];
    for (const b of ordered) {
      active = active.filter((a) => endOf(a) > b.start);
      for (const a of active) {
        if (a.client === b.client || (a.mode === 'shared' && b.mode === 'shared')) continue;
        const end = Math.min(endOf(a), endOf(b));
        stats.overlappingPairs++;
        stats.worstOverlapNs = Math.max(stats.worstOverlapNs, end - b.start);
        if (violations.length < max) violations.push(overlapViolation(lock, a, b, b.start, end));
      }
      active.push(b);
    }
  }
  return { violations, stats };
}

function overlapViolation(lock: string, a: Belief, b: Belief, start: number, end: number): Violation {
  const how = a.mode === 'exclusive' && b.mode === 'exclusive' ? 'exclusively' : '(one of them exclusively)';
  const closed = Number.isFinite(end);
  const explanation =
    `${a.client} (token ${a.token}) and ${b.client} (token ${b.token}) both believed they held ${lock} ${how} ` +
    `${span(start, closed ? end : null)}${closed ? ` (${duration(end - start)})` : ''}: ` +
    `${a.client} believed ${span(a.start, a.end)}${ended(a)}, ` +
    `${b.client} believed ${span(b.start, b.end)}${ended(b)}; ${b.client} started believing at ${instant(b.start)} while ${a.client} still did.`;
  return {
    kind: 'ME-belief',
    checker: 'belief-overlap',
    explanation,
    ops: [a.op, b.op].filter((x): x is number => x !== undefined),
    at: start,
    detail: {
      lock,
      overlap: { start, end: closed ? end : null },
      clients: [a.client, b.client],
      tokens: [a.token, b.token],
      beliefs: [a, b].map((x) => ({ ...x })),
    },
  };
}

function ended(b: Belief): string {
  return b.endReason !== undefined && b.end !== null ? ` (ended: ${b.endReason})` : '';
}
