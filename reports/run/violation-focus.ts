/**
 * Where a violation lives in a run: the lock or key it is about, the true-time window to zoom to,
 * and the beliefs, grants, resource writes and operations to highlight.
 *
 * Checkers describe violations in their own words; `detail` is free-form. The report reads the
 * hints below when present and falls back to the violation's ops and `at` otherwise:
 * - `lock` or `key`: the lock or key (string);
 * - `overlap`, `window` or `interval`: `{start, end}` or `[start, end]` in true ns (end null when
 *   the run ended inside it); or top-level `start`/`end`;
 * - anything whose name contains "token": a token or tokens; "client"/"holder"/"owner": names;
 * - `beliefs`, `writes`, `grants`: arrays of objects with `client`, `token`, `lock`;
 * - `linearizablePrefix`, `longestPrefix` or `prefix`: history indices of the longest
 *   linearizable prefix found.
 * These are the shapes checker/validators and checker/lin produce.
 */
import type { Belief, Grant, Op, ResourceWrite, RunRecord, Violation } from '../../checker/history.js';

export interface ViolationFocus {
  /** The lock or key the violation is about, when it can be told. */
  subject: string | null;
  /** True-time window to show (never empty). */
  start: number;
  end: number;
  /** Indices into the record's `beliefs`, `grants` and `resourceLog`. */
  beliefs: number[];
  grants: number[];
  writes: number[];
  /** History indices of the operations involved and of the longest linearizable prefix. */
  ops: number[];
  prefix: number[];
  /** The clients (as the lanes name them) and tokens the violation names or its operations ran on. */
  clients: string[];
  tokens: number[];
}

/** How many resource writes to highlight at most (the ones nearest the violation). */
const MAX_WRITES = 24;

/** Focuses already worked out, per record and violation: the page, its stories and its verdict each ask. */
const focusCache = new WeakMap<RunRecord, WeakMap<Violation, ViolationFocus>>();

export function focusViolation(v: Violation, record: RunRecord): ViolationFocus {
  let byViolation = focusCache.get(record);
  if (byViolation === undefined) {
    byViolation = new WeakMap();
    focusCache.set(record, byViolation);
  }
  let focus = byViolation.get(v);
  if (focus === undefined) {
    focus = computeFocus(v, record);
    byViolation.set(v, focus);
  }
  return focus;
}

function computeFocus(v: Violation, record: RunRecord): ViolationFocus {
  const detail = v.detail ?? {};
  const { byIndex: historyByIndex, positionOf } = indexHistory(record.history);
  const ops = v.ops.filter((i) => historyByIndex.has(i));
  const subject = subjectOf(detail, ops.map((i) => historyByIndex.get(i) as Op));
  const tokens = new Set<number>();
  const clients = new Set<string>();
  collectHints(detail, tokens, clients, 0);

  const explicit = windowOf(detail);
  const matches = <T extends { lock: string; client: string; token: number | null }>(x: T): boolean =>
    (subject === null || x.lock === subject) &&
    (tokens.size > 0 ? x.token !== null && tokens.has(x.token) : clients.size > 0 && clients.has(x.client));

  const beliefs = indicesWhere(record.beliefs ?? [], (b: Belief) => matches(b));
  const grants = indicesWhere(record.grants ?? [], (g: Grant) => matches(g));
  const writeIdx = indicesWhere(record.resourceLog ?? [], (w: ResourceWrite) => matches(w));
  const log = record.resourceLog ?? [];
  const writes = writeIdx
    .map((i) => ({ i, d: Math.abs((log[i] as ResourceWrite).time - v.at) }))
    .sort((a, b) => a.d - b.d || a.i - b.i)
    .slice(0, MAX_WRITES)
    .map((x) => x.i)
    .sort((a, b) => a - b);

  const prefix = numberArray(detail['linearizablePrefix'] ?? detail['longestPrefix'] ?? detail['prefix']).filter(
    (i) => historyByIndex.has(i),
  );

  const times: number[] = [v.at];
  for (const i of ops) {
    const op = historyByIndex.get(i) as Op;
    times.push(...opSpan(record.history, op, positionOf.get(op) as number));
  }
  for (const i of beliefs) {
    const b = (record.beliefs as Belief[])[i] as Belief;
    times.push(b.start);
    if (b.end !== null) times.push(b.end);
  }
  for (const i of writes) times.push((log[i] as ResourceWrite).time);
  // A stated window wins; an open one (the run ended inside it) ends where its items do.
  let start = explicit ? explicit[0] : Math.min(...times);
  let end = explicit && explicit[1] !== null ? explicit[1] : Math.max(...times);
  if (explicit && explicit[1] === null) end = Math.max(end, start);
  if (!(end > start)) {
    const pad = Math.max(1, Math.abs(start) * 0.001);
    start -= pad;
    end += pad;
  }
  for (const i of ops) {
    const node = (historyByIndex.get(i) as Op).node;
    if (node !== undefined) clients.add(node);
  }
  return { subject, start, end, beliefs, grants, writes, ops, prefix, clients: [...clients].sort(), tokens: [...tokens].sort((a, b) => a - b) };
}

interface HistoryIndex {
  /** The op of each history index. */
  byIndex: Map<number, Op>;
  /** Where each op stands in the history array (its first place). */
  positionOf: Map<Op, number>;
}

/** Built once per history: a run with many violations focuses each against the same history. */
const historyIndexes = new WeakMap<Op[], HistoryIndex>();

function indexHistory(history: Op[]): HistoryIndex {
  let index = historyIndexes.get(history);
  if (index === undefined) {
    index = { byIndex: new Map(), positionOf: new Map() };
    history.forEach((op, pos) => {
      index!.byIndex.set(op.index, op);
      if (!index!.positionOf.has(op)) index!.positionOf.set(op, pos);
    });
    historyIndexes.set(history, index);
  }
  return index;
}

/** The true-time span of the operation an event belongs to (its invoke and its completion); `pos` is its place in `history`. */
function opSpan(history: Op[], op: Op, pos: number): number[] {
  const times = [op.time];
  if (op.type === 'invoke') {
    for (let i = pos + 1; i < history.length; i++) {
      const h = history[i] as Op;
      if (h.process === op.process) {
        times.push(h.time);
        break;
      }
    }
  } else {
    for (let i = pos - 1; i >= 0; i--) {
      const h = history[i] as Op;
      if (h.process === op.process && h.type === 'invoke') {
        times.push(h.time);
        break;
      }
    }
  }
  return times;
}

function subjectOf(detail: Record<string, unknown>, ops: Op[]): string | null {
  for (const name of ['lock', 'key']) {
    const x = detail[name];
    if (typeof x === 'string' && x.length > 0) return x;
  }
  for (const op of ops) if (op.key !== undefined) return op.key;
  return null;
}

/** Tokens and client names anywhere in `detail` (two levels deep), by the names of their fields. */
function collectHints(x: unknown, tokens: Set<number>, clients: Set<string>, depth: number): void {
  if (depth > 2 || x === null || typeof x !== 'object') return;
  const entries: [string, unknown][] = Array.isArray(x) ? x.map((v) => ['', v]) : Object.entries(x);
  for (const [name, value] of entries) {
    if (/token/i.test(name)) for (const n of numberArray(value)) tokens.add(n);
    else if (/client|holder|owner/i.test(name)) for (const s of stringArray(value)) clients.add(s);
    else if (typeof value === 'object') collectHints(value, tokens, clients, depth + 1);
  }
}

/** [start, end] of the violation's stated window; end is null when the window was still open. */
function windowOf(detail: Record<string, unknown>): [number, number | null] | null {
  for (const name of ['overlap', 'window', 'interval']) {
    const w = interval(detail[name]);
    if (w) return w;
  }
  return interval({ start: detail['start'], end: detail['end'] });
}

function interval(x: unknown): [number, number | null] | null {
  if (Array.isArray(x) && typeof x[0] === 'number' && (typeof x[1] === 'number' || x[1] === null)) {
    return x[1] === null ? [x[0], null] : [Math.min(x[0], x[1]), Math.max(x[0], x[1])];
  }
  if (x !== null && typeof x === 'object') {
    const o = x as Record<string, unknown>;
    const s = 'start' in o ? o['start'] : o['from'];
    const e = 'end' in o ? o['end'] : o['to'];
    if (typeof s === 'number' && typeof e === 'number') return [Math.min(s, e), Math.max(s, e)];
    if (typeof s === 'number' && e === null) return [s, null];
  }
  return null;
}

function numberArray(x: unknown): number[] {
  if (typeof x === 'number' && Number.isFinite(x)) return [x];
  if (Array.isArray(x)) return x.filter((n): n is number => typeof n === 'number' && Number.isFinite(n));
  return [];
}

function stringArray(x: unknown): string[] {
  if (typeof x === 'string') return [x];
  if (Array.isArray(x)) return x.filter((s): s is string => typeof s === 'string');
  return [];
}

function indicesWhere<T>(xs: T[], pred: (x: T) => boolean): number[] {
  const out: number[] = [];
  xs.forEach((x, i) => {
    if (pred(x)) out.push(i);
  });
  return out;
}
