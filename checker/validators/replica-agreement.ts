/**
 * DIV: after quiescence every live replica holds the same state (one digest), and in every
 * replica's lock table each owner is a session that replica considers live. The first catches
 * replicas that applied different things (local timers, lost log tails); the second catches a
 * lock left to a session that expired or closed without releasing it.
 */
import type { LockOwner, ReplicaState, RunRecord, Violation } from '../history.js';
import { groupBy } from './lock-ops.js';
import type { ValidatorResult } from './types.js';

export interface ReplicaAgreementStats {
  replicas: number;
  live: number;
  /** Distinct digests among the live replicas (1 when they agree). */
  digests: number;
  /** (lock, owner) pairs whose owner is not a live session on some replica. */
  orphanOwners: number;
}

export function checkReplicaAgreement(record: RunRecord): ValidatorResult<ReplicaAgreementStats> {
  const replicas = record.replicas ?? [];
  const live = replicas.filter((r) => r.live !== false);
  const byDigest = groupBy(live, (r) => r.digest);
  const stats: ReplicaAgreementStats = { replicas: replicas.length, live: live.length, digests: byDigest.size, orphanOwners: 0 };
  if (replicas.length === 0) return { violations: [], stats, skipped: 'the run captured no replica states' };
  if (live.length === 0) return { violations: [], stats, skipped: 'no replica was live when the states were captured' };

  const at = record.endAt ?? Math.max(0, ...record.history.map((op) => op.time));
  const violations: Violation[] = [];
  if (byDigest.size > 1) violations.push(disagreement([...byDigest.values()], at));

  const orphans = new Map<string, { owner: LockOwner; nodes: string[] }>();
  for (const r of live) {
    const sessions = new Set(r.liveSessions);
    for (const o of r.lockOwners) {
      if (sessions.has(o.owner)) continue;
      const k = JSON.stringify([o.lock, o.owner]);
      const seen = orphans.get(k);
      if (seen) seen.nodes.push(r.node);
      else orphans.set(k, { owner: o, nodes: [r.node] });
    }
  }
  stats.orphanOwners = orphans.size;
  for (const { owner, nodes } of orphans.values()) {
    violations.push({
      kind: 'DIV',
      checker: 'replica-agreement',
      explanation: `${list(nodes)} ${nodes.length === 1 ? 'gives' : 'give'} ${owner.lock} to session ${owner.owner}, which is not a live session there: the lock outlived its owner and nobody can release it.`,
      ops: [],
      at,
      detail: { lock: owner.lock, owner: owner.owner, nodes },
    });
  }
  return { violations, stats };
}

/** Names the camps and, against the largest camp, the locks and sessions on which the others differ. */
function disagreement(camps: ReplicaState[][], at: number): Violation {
  const ranked = [...camps].sort((a, b) => b.length - a.length);
  const main = ranked[0]![0]!;
  const camp = (c: ReplicaState[]): string => `${list(c.map((r) => r.node))} ${c.length === 1 ? 'has' : 'have'} digest ${short(c[0]!.digest)}`;
  const differences = ranked.slice(1).map((c) => ({ nodes: c.map((r) => r.node), ...diff(main, c[0]!) }));
  const words = differences.flatMap((d) => [
    ...d.locks.map((l) => `${l.lock} is held by ${owners(l.expected)} on ${main.node} but by ${owners(l.found)} on ${list(d.nodes)}`),
    ...(d.sessionsOnlyThere.length > 0 ? [`${sessions(d.sessionsOnlyThere)} live only on ${list(d.nodes)}`] : []),
    ...(d.sessionsMissingThere.length > 0 ? [`${sessions(d.sessionsMissingThere)} live on ${main.node} but not on ${list(d.nodes)}`] : []),
  ]);
  return {
    kind: 'DIV',
    checker: 'replica-agreement',
    explanation:
      `the live replicas disagree after quiescence: ${ranked.map(camp).join('; ')}` +
      (words.length > 0 ? `. ${words.join('; ')}.` : ', though their lock tables and sessions match (they differ elsewhere: counters or data).'),
    ops: [],
    at,
    detail: {
      camps: ranked.map((c) => ({ digest: c[0]!.digest, nodes: c.map((r) => r.node) })),
      differences,
    },
  };
}

interface LockDifference {
  lock: string;
  expected: string[];
  found: string[];
}

function diff(main: ReplicaState, other: ReplicaState): { locks: LockDifference[]; sessionsOnlyThere: string[]; sessionsMissingThere: string[] } {
  const ownersOf = (r: ReplicaState): Map<string, string[]> => {
    const m = new Map<string, string[]>();
    for (const o of r.lockOwners) m.set(o.lock, [...(m.get(o.lock) ?? []), o.owner].sort());
    return m;
  };
  const a = ownersOf(main);
  const b = ownersOf(other);
  const locks: LockDifference[] = [];
  for (const lock of new Set([...a.keys(), ...b.keys()])) {
    const expected = a.get(lock) ?? [];
    const found = b.get(lock) ?? [];
    if (expected.join('\u0000') !== found.join('\u0000')) locks.push({ lock, expected, found });
  }
  const mainSessions = new Set(main.liveSessions);
  const otherSessions = new Set(other.liveSessions);
  return {
    locks,
    sessionsOnlyThere: other.liveSessions.filter((s) => !mainSessions.has(s)),
    sessionsMissingThere: main.liveSessions.filter((s) => !otherSessions.has(s)),
  };
}

function sessions(xs: string[]): string {
  return `${xs.length === 1 ? 'session' : 'sessions'} ${list(xs)} ${xs.length === 1 ? 'is' : 'are'}`;
}

function owners(xs: string[]): string {
  return xs.length === 0 ? 'nobody' : xs.join(' and ');
}

function list(xs: string[]): string {
  return xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`;
}

function short(digest: string): string {
  return digest.length > 12 ? `${digest.slice(0, 12)}…` : digest;
}
