/**
 * What the protected resource's log of fenced writes shows, judged in real-time order (an op
 * precedes another when it completed before the other was invoked, so no claim rests on the
 * order replies happened to arrive in):
 *
 * - stale-token writes: an accepted (`ok`) write whose token is below the token of a write the
 *   resource had already accepted (completed before it was invoked): the resource let a deposed
 *   holder through;
 * - lost updates on a fenced counter: holders read the counter and write it plus one, so two
 *   accepted writes of the same value to the same lock's resource mean one increment was lost.
 *
 * Writes whose outcome is unknown (`info`) may or may not have been accepted, so they are
 * evidence of neither.
 */
import type { Op } from '../history.js';
import { pairOps } from '../io/pairs.js';
import { showValue } from '../lin/values.js';
import { lockOf, tokenIn, writtenValue } from './lock-ops.js';

export interface StaleWrite {
  /** History index of the stale write's invoke, and of the earlier accepted write it lost to. */
  write: number;
  token: number | bigint;
  after: number;
  afterToken: number | bigint;
  lock: string;
}

export interface LostUpdate {
  lock: string;
  value: unknown;
  /** History indices (invokes) of the accepted writes that wrote the same value. */
  writes: number[];
}

interface Write {
  invoke: number;
  callPos: number;
  retPos: number;
  lock: string;
  token: number | bigint | null;
  value: unknown;
}

/** Accepted fenced writes, in invocation order, with their positions in the history. */
export function acceptedWrites(history: readonly Op[]): Write[] {
  const position = new Map<number, number>();
  history.forEach((op, i) => position.set(op.index, i));
  return pairOps([...history])
    .filter((p) => p.invoke.f === 'fenced-write' && p.complete?.type === 'ok')
    .map((p) => ({
      invoke: p.invoke.index,
      callPos: position.get(p.invoke.index)!,
      retPos: position.get(p.complete!.index)!,
      lock: lockOf(p.invoke),
      token: tokenIn(p.invoke.value),
      value: writtenValue(p.invoke.value),
    }))
    .sort((a, b) => a.callPos - b.callPos);
}

export function staleWrites(writes: readonly Write[]): StaleWrite[] {
  const stale: StaleWrite[] = [];
  const byLock = groupBy(writes.filter((w) => w.token !== null), (w) => w.lock);
  for (const [lock, ws] of byLock) {
    // Sweep in invocation order, folding in writes as they complete: `best` is the accepted write
    // with the highest token among those completed before the current one was invoked.
    const byReturn = [...ws].sort((a, b) => a.retPos - b.retPos);
    let r = 0;
    let best: Write | null = null;
    for (const w of ws) {
      while (r < byReturn.length && byReturn[r].retPos < w.callPos) {
        const done = byReturn[r++];
        if (best === null || done.token! > best.token!) best = done;
      }
      if (best !== null && w.token! < best.token!) stale.push({ write: w.invoke, token: w.token!, after: best.invoke, afterToken: best.token!, lock });
    }
  }
  return stale;
}

export function lostUpdates(writes: readonly Write[]): LostUpdate[] {
  const lost: LostUpdate[] = [];
  for (const [lock, ws] of groupBy(writes.filter((w) => w.value !== undefined), (w) => w.lock)) {
    for (const [, same] of groupBy(ws, (w) => showValue(w.value))) {
      if (same.length > 1) lost.push({ lock, value: same[0].value, writes: same.map((w) => w.invoke) });
    }
  }
  return lost;
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const t of items) {
    const k = key(t);
    const g = m.get(k);
    if (g) g.push(t);
    else m.set(k, [t]);
  }
  return m;
}
