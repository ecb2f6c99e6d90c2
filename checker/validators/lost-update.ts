/**
 * LW on the `lock-counter` workload: each client takes the lock, reads the counter from the
 * protected resource, writes back the value plus one (with its token), and releases; the op is
 * acknowledged (`ok`) only when the write was accepted. Under mutual exclusion every acknowledged
 * increment lands, so:
 * - the counter's final value (the last accepted write) is at least the initial value plus the
 *   number of acknowledged increments;
 * - no two accepted writes carry the same value: two holders that read the same value and both
 *   wrote it plus one have lost an update between them.
 */
import type { Op, ResourceWrite, RunRecord, Violation } from '../history.js';
import { pairOps } from '../io/pairs.js';
import { groupBy } from './lock-ops.js';
import { DEFAULT_MAX_VIOLATIONS, type ListingOptions, type ValidatorResult } from './types.js';
import { instant } from './words.js';

export interface LostUpdateOptions extends ListingOptions {
  /** Functions of the workload's increment ops; ["increment"] by default. */
  incrementFs?: readonly string[];
  /** The counter's value before the run; 0 by default. */
  initialValue?: number;
}

export interface CounterStats {
  key: string;
  finalValue: number;
  acknowledged: number;
  acceptedWrites: number;
  duplicateValues: number;
}

export interface LostUpdateStats {
  counters: CounterStats[];
  /** Acknowledged increments that could not be matched to one counter (several counters, no key). */
  unmatchedIncrements: number;
}

/** Where the counter key is unknown (the history's increments carry no key and there are no writes). */
const UNNAMED_COUNTER = '(counter)';

export function checkLostUpdates(record: RunRecord, options: LostUpdateOptions = {}): ValidatorResult<LostUpdateStats> {
  const stats: LostUpdateStats = { counters: [], unmatchedIncrements: 0 };
  const log = record.resourceLog;
  if (log === undefined) return { violations: [], stats, skipped: 'the run recorded no resource log' };
  const incrementFs = options.incrementFs ?? ['increment'];
  const initial = options.initialValue ?? 0;
  const max = options.maxViolations ?? DEFAULT_MAX_VIOLATIONS;

  const counterWrites = groupBy(
    log.filter((w) => w.accepted && w.key !== undefined && typeof w.value === 'number'),
    (w) => w.key as string,
  );
  const increments = pairOps(record.history)
    .filter((p) => p.invoke.process !== 'nemesis' && incrementFs.includes(p.invoke.f) && p.complete?.type === 'ok')
    .map((p) => p.complete as Op);
  if (counterWrites.size === 0 && increments.length === 0) {
    return { violations: [], stats, skipped: 'no lock-counter workload in this run (no numeric writes, no acknowledged increments)' };
  }

  const acked = matchIncrements(increments, counterWrites, stats);
  const keys = [...new Set([...counterWrites.keys(), ...acked.keys()])];
  const violations: Violation[] = [];
  const runEnd = record.endAt ?? Math.max(0, ...log.map((w) => w.time), ...record.history.map((op) => op.time));

  for (const key of keys) {
    const writes = counterWrites.get(key) ?? [];
    const ackedOps = acked.get(key) ?? [];
    const finalValue = writes.length > 0 ? (writes[writes.length - 1]!.value as number) : initial;
    const counter: CounterStats = { key, finalValue, acknowledged: ackedOps.length, acceptedWrites: writes.length, duplicateValues: 0 };
    stats.counters.push(counter);

    const firstWithValue = new Map<number, ResourceWrite>();
    for (const w of writes) {
      const v = w.value as number;
      const first = firstWithValue.get(v);
      if (first === undefined) {
        firstWithValue.set(v, w);
        continue;
      }
      // The same writer, grant and value again is one write the network delivered twice: it
      // sets the counter to what it already was, and overwrites nobody's increment.
      if (first.client === w.client && first.token === w.token) continue;
      counter.duplicateValues++;
      if (violations.length < max) violations.push(duplicateValue(key, first, w, ackedOps));
    }
    if (finalValue - initial < ackedOps.length && violations.length < max) {
      violations.push(shortfall(key, initial, finalValue, ackedOps, writes, runEnd));
    }
  }
  return { violations, stats };
}

/**
 * Which counter each acknowledged increment was for: its key names the counter or the lock that
 * guards it; with a single counter, every increment is for it.
 */
function matchIncrements(increments: Op[], counterWrites: Map<string, ResourceWrite[]>, stats: LostUpdateStats): Map<string, Op[]> {
  const acked = new Map<string, Op[]>();
  const add = (key: string, op: Op): void => {
    const list = acked.get(key);
    if (list) list.push(op);
    else acked.set(key, [op]);
  };
  const keys = [...counterWrites.keys()];
  const guards = new Map(keys.map((k) => [k, new Set(counterWrites.get(k)!.map((w) => w.lock))]));
  for (const op of increments) {
    if (keys.length === 0) {
      add(op.key ?? UNNAMED_COUNTER, op);
      continue;
    }
    if (keys.length === 1) {
      add(keys[0]!, op);
      continue;
    }
    const matches = keys.filter((k) => op.key === k || (op.key !== undefined && guards.get(k)!.has(op.key)));
    if (matches.length === 1) add(matches[0]!, op);
    else stats.unmatchedIncrements++;
  }
  return acked;
}

function duplicateValue(key: string, first: ResourceWrite, again: ResourceWrite, ackedOps: Op[]): Violation {
  const v = again.value as number;
  const ops = ackedOps.filter((op) => op.value === v).map((op) => op.index).sort((a, b) => a - b);
  return {
    kind: 'LW',
    checker: 'lost-update',
    explanation:
      `the resource accepted the counter ${key} = ${v} twice: from ${first.client} (token ${first.token ?? 'none'}) at ${instant(first.time)} ` +
      `and from ${again.client} (token ${again.token ?? 'none'}) at ${instant(again.time)}; both read ${v - 1}, so one increment overwrote the other.`,
    ops,
    at: again.time,
    detail: {
      key,
      lock: again.lock,
      value: v,
      window: { start: first.time, end: again.time },
      clients: [first.client, again.client],
      tokens: [first.token, again.token].filter((t): t is number => t !== null),
      writes: [{ ...first }, { ...again }],
    },
  };
}

function shortfall(key: string, initial: number, finalValue: number, ackedOps: Op[], writes: ResourceWrite[], runEnd: number): Violation {
  const lost = ackedOps.length - (finalValue - initial);
  return {
    kind: 'LW',
    checker: 'lost-update',
    explanation:
      `the counter ${key} ends at ${finalValue}${initial !== 0 ? ` (from ${initial})` : ''}, but ${ackedOps.length} increments were acknowledged: ` +
      `at least ${lost} acknowledged increment${lost === 1 ? ' was' : 's were'} lost.`,
    ops: ackedOps.map((op) => op.index).sort((a, b) => a - b).slice(0, 50),
    at: runEnd,
    detail: {
      key,
      ...(writes.length > 0 ? { lock: writes[writes.length - 1]!.lock } : {}),
      initialValue: initial,
      finalValue,
      acknowledged: ackedOps.length,
      lost,
    },
  };
}
