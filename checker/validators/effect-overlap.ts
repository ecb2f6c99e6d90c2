/**
 * ME-effect: what the protected resource actually let through. Per lock, the tokens of the writes
 * it accepted, in the order it accepted them, must never go back: a write with a lower token after
 * a higher one means an old holder acted after a newer holder had started (the zombie of
 * `gc-pause-zombie`), and the A, B, A pattern of two holders interleaving is the same thing seen
 * from A's side. Two clients writing with one token means the lock was handed out twice.
 *
 * A write that carried no token (a resource that does not check tokens may get none) is placed by
 * the token of the writer's latest grant of that lock before the write, when grants were recorded.
 */
import type { Grant, ResourceWrite, RunRecord, Violation } from '../history.js';
import { groupBy } from './lock-ops.js';
import { DEFAULT_MAX_VIOLATIONS, type ListingOptions, type ValidatorResult } from './types.js';
import { instant } from './words.js';

export interface EffectOverlapStats {
  writes: number;
  accepted: number;
  refused: number;
  /** Accepted writes without a token, placed by their writer's latest grant. */
  inferredTokens: number;
  /** Accepted writes without a token and without a grant to place them by (not judged). */
  unplaced: number;
  /** Accepted writes that broke the order (all of them, even past maxViolations). */
  outOfOrder: number;
}

interface Placed {
  write: ResourceWrite;
  token: number;
  inferred: boolean;
}

export function checkEffectOverlap(record: RunRecord, options: ListingOptions = {}): ValidatorResult<EffectOverlapStats> {
  const log = record.resourceLog;
  const stats: EffectOverlapStats = { writes: log?.length ?? 0, accepted: 0, refused: 0, inferredTokens: 0, unplaced: 0, outOfOrder: 0 };
  if (log === undefined) return { violations: [], stats, skipped: 'the run recorded no resource log' };

  const tokenFromGrants = grantLookup(record.grants ?? []);
  const max = options.maxViolations ?? DEFAULT_MAX_VIOLATIONS;
  const violations: Violation[] = [];

  for (const [lock, writes] of groupBy(log, (w) => w.lock)) {
    let highest: Placed | null = null;
    /** Each client's accepted writes on this lock so far, to name an interleaving. */
    const byClient = new Map<string, Placed[]>();
    for (const write of writes) {
      if (!write.accepted) {
        stats.refused++;
        continue;
      }
      stats.accepted++;
      const inferredToken = write.token === null ? tokenFromGrants(write) : null;
      const token = write.token ?? inferredToken;
      if (token === null) {
        stats.unplaced++;
        continue;
      }
      if (write.token === null) stats.inferredTokens++;
      const placed: Placed = { write, token, inferred: write.token === null };

      if (highest !== null && (token < highest.token || (token === highest.token && write.client !== highest.write.client))) {
        stats.outOfOrder++;
        if (violations.length < max) violations.push(outOfOrder(lock, placed, highest, byClient.get(write.client) ?? []));
      }
      if (highest === null || token > highest.token) highest = placed;
      const mine = byClient.get(write.client);
      if (mine) mine.push(placed);
      else byClient.set(write.client, [placed]);
    }
  }
  if (stats.accepted > 0 && stats.unplaced === stats.accepted) {
    return { violations, stats, skipped: 'no accepted write carried a token and no grant was recorded to place them by' };
  }
  return { violations, stats };
}

function outOfOrder(lock: string, late: Placed, newer: Placed, earlierOfLate: Placed[]): Violation {
  const w = late.write;
  const n = newer.write;
  const tokenWords = (p: Placed): string => `token ${p.token}${p.inferred ? ' (from its grant; the write carried none)' : ''}`;
  let explanation: string;
  if (late.token === newer.token) {
    explanation =
      `the resource accepted writes to ${lock} from two clients with the same ${tokenWords(late)}: ` +
      `${n.client} at ${instant(n.time)} and ${w.client} at ${instant(w.time)}; one grant was held by two holders.`;
  } else {
    // A, B, A: the late writer had already written before the newer holder did.
    const before = earlierOfLate.filter((p) => p.write.time <= n.time && p.token === late.token).at(-1);
    explanation =
      `the resource accepted ${w.client}'s write to ${lock} with ${tokenWords(late)} at ${instant(w.time)}, ` +
      `after it had already accepted ${n.client}'s write with ${tokenWords(newer)} at ${instant(n.time)}` +
      (before
        ? `; the writes of the two holders interleaved: ${w.client} at ${instant(before.write.time)}, ${n.client} at ${instant(n.time)}, ${w.client} again at ${instant(w.time)}.`
        : `; ${w.client} acted on an older grant after ${n.client} had started on a newer one.`);
  }
  const involved = [newer, late];
  return {
    kind: 'ME-effect',
    checker: 'effect-overlap',
    explanation,
    ops: [],
    at: w.time,
    detail: {
      lock,
      window: { start: n.time, end: w.time },
      clients: [n.client, w.client],
      tokens: [newer.token, late.token],
      writes: involved.map((p) => ({ ...p.write, ...(p.inferred ? { inferredToken: p.token } : {}) })),
    },
  };
}

/** The token of a client's latest grant of a lock at or before a write, or null without one. */
function grantLookup(grants: readonly Grant[]): (w: ResourceWrite) => number | null {
  const byHolder = groupBy(grants, (g) => `${g.lock}\u0000${g.client}`);
  for (const list of byHolder.values()) list.sort((a, b) => a.at - b.at);
  return (w) => {
    const list = byHolder.get(`${w.lock}\u0000${w.client}`);
    if (!list) return null;
    let found: Grant | null = null;
    for (const g of list) {
      if (g.at > w.time) break;
      found = g;
    }
    return found?.token ?? null;
  };
}
