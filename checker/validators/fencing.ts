/**
 * FM: the fencing tokens of one lock strictly increase, across restarts, snapshots and failovers.
 * Two views are checked:
 * - the service's own grants, in the order they were applied (true time);
 * - the tokens clients were told: once an acquire has returned token t, any acquire invoked after
 *   that must return more than t. Acquires that overlap in time may return in either order, so
 *   only real-time order counts (history order: one op completed before the other was invoked).
 * Shared holders granted together may share a token; nothing else may.
 */
import type { Grant, Op, RunRecord, Violation } from '../history.js';
import { pairOps, type OpPair } from '../io/pairs.js';
import { ACQUIRE_FS, groupBy, lockOf, modeOf, tokenOf } from './lock-ops.js';
import { DEFAULT_MAX_VIOLATIONS, type ListingOptions, type ValidatorResult } from './types.js';
import { instant } from './words.js';

export interface FencingOptions extends ListingOptions {
  /** Functions whose ok completion returns a granted token; see ACQUIRE_FS for the default. */
  acquireFs?: readonly string[];
}

export interface FencingStats {
  grants: number;
  /** Successful acquires whose completion carried a token. */
  acquiresWithToken: number;
  /** Which views could be checked. */
  sources: ('grants' | 'acquires')[];
  /** Tokens that did not increase, in either view (all of them, even past maxViolations). */
  regressions: number;
}

type Mode = 'exclusive' | 'shared' | null;

function mayShare(a: Mode, b: Mode): boolean {
  return a === 'shared' && b === 'shared';
}

export function checkFencing(record: RunRecord, options: FencingOptions = {}): ValidatorResult<FencingStats> {
  const acquireFs = options.acquireFs ?? ACQUIRE_FS;
  const acquires = pairOps(record.history).filter(
    (p) => p.invoke.process !== 'nemesis' && acquireFs.includes(p.invoke.f) && p.complete?.type === 'ok' && tokenOf(p.complete.value) !== null,
  );
  const stats: FencingStats = { grants: record.grants?.length ?? 0, acquiresWithToken: acquires.length, sources: [], regressions: 0 };
  if (record.grants === undefined && acquires.length === 0) {
    return { violations: [], stats, skipped: 'the run recorded no grants and no acquire returned a token' };
  }
  const max = options.maxViolations ?? DEFAULT_MAX_VIOLATIONS;
  const violations: Violation[] = [];
  const report = (v: Violation): void => {
    stats.regressions++;
    if (violations.length < max) violations.push(v);
  };
  if (record.grants !== undefined) {
    stats.sources.push('grants');
    checkGrants(record.grants, report);
  }
  if (acquires.length > 0) {
    stats.sources.push('acquires');
    checkAcquires(acquires, report);
  }
  return { violations: violations.sort((a, b) => a.at - b.at), stats };
}

function checkGrants(grants: readonly Grant[], report: (v: Violation) => void): void {
  for (const [lock, list] of groupBy(grants, (g) => g.lock)) {
    const ordered = [...list].sort((a, b) => a.at - b.at);
    let highest: Grant | null = null;
    for (const g of ordered) {
      if (highest !== null && (g.token < highest.token || (g.token === highest.token && !mayShare(g.mode, highest.mode)))) {
        report({
          kind: 'FM',
          checker: 'fencing',
          explanation:
            `${lock} was granted to ${g.client} with token ${g.token} at ${instant(g.at)}, ` +
            `after ${highest.client} had been granted token ${highest.token} at ${instant(highest.at)}; ` +
            `the tokens of a lock must strictly increase, so the resource cannot tell the newer holder from the older.`,
          ops: [],
          at: g.at,
          detail: {
            lock,
            source: 'grants',
            window: { start: highest.at, end: g.at },
            tokens: [highest.token, g.token],
            clients: [highest.client, g.client],
            grants: [{ ...highest }, { ...g }],
          },
        });
      }
      if (highest === null || g.token > highest.token) highest = g;
    }
  }
}

interface Seen {
  pair: OpPair;
  complete: Op;
  token: number;
  mode: Mode;
}

function checkAcquires(acquires: OpPair[], report: (v: Violation) => void): void {
  for (const [lock, pairs] of groupBy(acquires, (p) => lockOf(p.invoke))) {
    const seen: Seen[] = pairs.map((pair) => {
      const complete = pair.complete as Op;
      return { pair, complete, token: tokenOf(complete.value) as number, mode: modeOf(complete.value) };
    });
    const byCompletion = [...seen].sort((a, b) => a.complete.index - b.complete.index);
    const byInvocation = [...seen].sort((a, b) => a.pair.invoke.index - b.pair.invoke.index);
    // Sweep invocations in order, folding in every acquire that had completed before each one.
    let best: Seen | null = null;
    let next = 0;
    for (const y of byInvocation) {
      while (next < byCompletion.length && byCompletion[next]!.complete.index < y.pair.invoke.index) {
        const x = byCompletion[next++]!;
        if (best === null || x.token > best.token) best = x;
      }
      if (best === null) continue;
      if (y.token < best.token || (y.token === best.token && !mayShare(y.mode, best.mode))) {
        report(acquireRegression(lock, best, y));
      }
    }
  }
}

function acquireRegression(lock: string, earlier: Seen, later: Seen): Violation {
  const who = (s: Seen): string => s.pair.invoke.node ?? `process ${String(s.pair.invoke.process)}`;
  return {
    kind: 'FM',
    checker: 'fencing',
    explanation:
      `${who(later)}'s acquire of ${lock} (ops ${later.pair.invoke.index}–${later.complete.index}) returned token ${later.token}, ` +
      `but ${who(earlier)}'s acquire (ops ${earlier.pair.invoke.index}–${earlier.complete.index}) had already returned token ${earlier.token} ` +
      `at ${instant(earlier.complete.time)}, before ${who(later)}'s began at ${instant(later.pair.invoke.time)}.`,
    ops: [earlier.pair.invoke.index, earlier.complete.index, later.pair.invoke.index, later.complete.index],
    at: later.complete.time,
    detail: {
      lock,
      source: 'acquires',
      window: { start: earlier.pair.invoke.time, end: later.complete.time },
      tokens: [earlier.token, later.token],
    },
  };
}
