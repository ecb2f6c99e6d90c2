/**
 * The lease audit: for every grant, when the service considered it over and until when its client
 * believed it, both in true time. A positive gap (the client believed longer) is harmless until
 * the service hands the lock to somebody else inside it: then the old holder acts on a lease it no
 * longer has, which is ME-belief seen from the server's side. Everything else is measurement for
 * the report.
 */
import type { Belief, Grant, RunRecord, Violation } from '../history.js';
import { groupBy } from './lock-ops.js';
import { DEFAULT_MAX_VIOLATIONS, type ListingOptions, type ValidatorResult } from './types.js';
import { duration, instant } from './words.js';

export interface LeaseAuditRow {
  lock: string;
  client: string;
  owner: string;
  token: number;
  grantedAt: number;
  /** Null when the service had not ended the grant when the run ended. */
  serverEnd: number | null;
  /** Null when no belief matches the grant (the client never learned of it). */
  believedStart: number | null;
  believedEnd: number | null;
  /** The client still believed when the run ended. */
  believedToRunEnd: boolean;
  /** believedEnd − serverEnd: positive when the client believed longer; null when either is unknown. */
  gapNs: number | null;
}

export interface LeaseAuditStats {
  grants: number;
  /** Grants no client belief matches (by client, lock and token). */
  unbelieved: number;
  /** Grants whose client believed past the service's end. */
  overruns: number;
  /** Overruns inside which the lock was granted to another client (the violations). */
  overrunsWithSuccessor: number;
  worstGapNs: number | null;
  worst: LeaseAuditRow | null;
  /** One row per grant, in the order of `record.grants`. */
  rows: LeaseAuditRow[];
}

export function checkLeaseAudit(record: RunRecord, options: ListingOptions = {}): ValidatorResult<LeaseAuditStats> {
  const grants = record.grants;
  const beliefs = record.beliefs;
  const stats: LeaseAuditStats = {
    grants: grants?.length ?? 0,
    unbelieved: 0,
    overruns: 0,
    overrunsWithSuccessor: 0,
    worstGapNs: null,
    worst: null,
    rows: [],
  };
  if (grants === undefined || beliefs === undefined) {
    const missing = [grants === undefined ? 'grants' : null, beliefs === undefined ? 'client beliefs' : null].filter(Boolean).join(' or ');
    return { violations: [], stats, skipped: `the run recorded no ${missing}` };
  }
  const runEnd = record.endAt ?? Infinity;
  const beliefOf = beliefsOfGrants(grants, beliefs);
  const grantsByLock = groupBy(grants, (g) => g.lock);
  for (const list of grantsByLock.values()) list.sort((a, b) => a.at - b.at);
  const max = options.maxViolations ?? DEFAULT_MAX_VIOLATIONS;
  const violations: Violation[] = [];

  for (const [i, g] of grants.entries()) {
    const b = beliefOf[i];
    const believedEnd = b === undefined ? null : (b.end ?? runEnd);
    const gap = believedEnd !== null && g.serverEnd !== null ? believedEnd - g.serverEnd : null;
    const row: LeaseAuditRow = {
      lock: g.lock,
      client: g.client,
      owner: g.owner,
      token: g.token,
      grantedAt: g.at,
      serverEnd: g.serverEnd,
      believedStart: b?.start ?? null,
      believedEnd: believedEnd !== null && Number.isFinite(believedEnd) ? believedEnd : null,
      believedToRunEnd: b !== undefined && b.end === null,
      gapNs: gap !== null && Number.isFinite(gap) ? gap : null,
    };
    stats.rows.push(row);
    if (b === undefined) stats.unbelieved++;
    if (row.gapNs !== null && (stats.worstGapNs === null || row.gapNs > stats.worstGapNs)) {
      stats.worstGapNs = row.gapNs;
      stats.worst = row;
    }
    if (gap === null || gap <= 0 || b === undefined) continue;
    stats.overruns++;
    const serverEnd = g.serverEnd as number;
    const successor = firstGrantFrom(grantsByLock.get(g.lock)!, serverEnd, believedEnd as number, g);
    if (successor === undefined) continue;
    stats.overrunsWithSuccessor++;
    if (violations.length < max) violations.push(overrun(g, b, successor, believedEnd as number));
  }
  return { violations: violations.sort((a, b) => a.at - b.at), stats };
}

function overrun(g: Grant, b: Belief, next: Grant, believedEnd: number): Violation {
  const closed = Number.isFinite(believedEnd);
  const until = closed ? `until ${instant(believedEnd)}` : 'until the run ended';
  const after = closed ? `for ${duration(believedEnd - next.at)}` : 'to the end of the run';
  return {
    kind: 'ME-belief',
    checker: 'lease-audit',
    explanation:
      `${g.client} believed it held ${g.lock} (token ${g.token}) ${until}, but the service had ended that grant at ${instant(g.serverEnd as number)}` +
      `${g.endReason ? ` (${g.endReason})` : ''} and granted the lock to ${next.client} (token ${next.token}) at ${instant(next.at)}: ` +
      `${g.client} went on believing ${after} after the lock had passed to ${next.client}.`,
    ops: b.op !== undefined ? [b.op] : [],
    at: next.at,
    detail: {
      lock: g.lock,
      window: { start: g.serverEnd, end: closed ? believedEnd : next.at },
      clients: [g.client, next.client],
      tokens: [g.token, next.token],
      gapNs: closed ? believedEnd - (g.serverEnd as number) : null,
      grants: [{ ...g }, { ...next }],
      beliefs: [{ ...b }],
    },
  };
}

/** The first grant of `sorted` (by time) in [from, to) that would exclude `g`'s holder. */
function firstGrantFrom(sorted: Grant[], from: number, to: number, g: Grant): Grant | undefined {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.at < from) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo; i < sorted.length && sorted[i]!.at < to; i++) {
    const n = sorted[i]!;
    if (n.client !== g.client && !(n.mode === 'shared' && g.mode === 'shared')) return n;
  }
  return undefined;
}

/** The belief matching each (lock, client, token); when several do, the one that lasted longest. */
/**
 * The belief that stands for each grant (by position in `grants`): of the beliefs with its lock,
 * client and token, the one that ended last (a client may lose and regain one grant). A design
 * that hands one client the same token twice (a lost grant, an amnesiac store) has two grants with
 * one key; a belief then belongs to the latest of them granted at or before it started, so that
 * a later belief is never read as an earlier grant overstayed.
 */
function beliefsOfGrants(grants: readonly Grant[], beliefs: readonly Belief[]): (Belief | undefined)[] {
  const out: (Belief | undefined)[] = grants.map(() => undefined);
  const grantsOf = new Map<string, number[]>();
  for (const [i, g] of grants.entries()) {
    const k = beliefKey(g.lock, g.client, g.token);
    const list = grantsOf.get(k);
    if (list) list.push(i);
    else grantsOf.set(k, [i]);
  }
  for (const list of grantsOf.values()) list.sort((a, b) => grants[a]!.at - grants[b]!.at || a - b);
  for (const b of beliefs) {
    const list = grantsOf.get(beliefKey(b.lock, b.client, b.token));
    if (list === undefined) continue;
    let owner = list[0]!;
    for (const i of list) if (grants[i]!.at <= b.start) owner = i;
    const seen = out[owner];
    if (seen === undefined || (seen.end !== null && (b.end === null || b.end > seen.end))) out[owner] = b;
  }
  return out;
}

function beliefKey(lock: string, client: string, token: number): string {
  return JSON.stringify([lock, client, token]);
}
