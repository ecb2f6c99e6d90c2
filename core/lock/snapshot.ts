/**
 * The snapshot: the whole state as plain JSON data, every map as an array of its entries in
 * iteration order, so a restored replica walks its maps in the same order as the one that wrote it
 * and reaches the same decisions from then on. Derived indexes (open counts, children) are
 * rebuilt on restore rather than stored.
 */
import type { DurationNs, LocalNs } from '../env.js';
import type { SnapshotPart } from './config.js';
import type { LogIndex, Term } from '../server/state-machine.js';
import type { KvValue, NodeKind, OpenMode, Path, SessionId } from './commands.js';
import type { LogNs } from './lease-policy.js';
import { parentOf, ROOT } from './paths.js';
import type { DedupEntry, FileLock, KvEntry, LockServiceState, SessionEnd, TtlLock } from './state.js';

export const SNAPSHOT_FORMAT = 'lockstep.lock-service/1';

export interface SessionSnapshot {
  id: SessionId;
  client: string;
  ttlNs: DurationNs;
  expiresAtNs: LogNs;
  opens: [Path, OpenMode][];
}

export interface NodeSnapshot {
  path: Path;
  kind: NodeKind;
  ephemeral: boolean;
  content: string;
  version: number;
  instance: LogIndex;
  lock: FileLock;
}

export interface LockServiceSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  appliedIndex: LogIndex;
  clockNs: LogNs;
  tickTerm: Term;
  tickWallNs?: LocalNs;
  tokenCounter?: number;
  sessions: SessionSnapshot[];
  endedSessions: [SessionId, SessionEnd][];
  /** Parents before children (creation order guarantees it). */
  nodes: NodeSnapshot[];
  lockDelays: [Path, LogNs][];
  ttlLocks: TtlLock[];
  kv: [string, KvEntry][];
  dedup: [string, DedupEntry][];
}

/**
 * A deep copy of plain JSON data, equal to `JSON.parse(JSON.stringify(value))`: keys in the same
 * order, undefined members left out of objects and null in arrays, non-finite numbers null, -0 as
 * 0. Walked by hand because the snapshot copies many small locks, where the text round trip cost
 * a measurable share of a run; anything that is not a plain object or array takes the round trip.
 */
function copy<T>(value: T): T {
  return copyJson(value, false) as T;
}

function copyJson(value: unknown, inArray: boolean): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return Number.isFinite(value) ? (value === 0 ? 0 : value) : null;
    case 'object': {
      if (value === null) return null;
      if (Array.isArray(value)) {
        const out: unknown[] = new Array<unknown>(value.length);
        for (let i = 0; i < value.length; i++) out[i] = copyJson(value[i], true);
        return out;
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) return JSON.parse(JSON.stringify(value)) as unknown;
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(value)) {
        const v = copyJson((value as Record<string, unknown>)[key], false);
        if (v !== undefined) out[key] = v;
      }
      return out;
    }
    case 'bigint':
      throw new TypeError('a snapshot holds plain JSON data, not a BigInt');
    default:
      // undefined, functions and symbols: left out of an object, null in an array.
      return inArray ? null : undefined;
  }
}

export function toSnapshot(state: LockServiceState): LockServiceSnapshot {
  return {
    format: SNAPSHOT_FORMAT,
    appliedIndex: state.appliedIndex,
    clockNs: state.clockNs,
    tickTerm: state.tickTerm,
    ...(state.tickWallNs !== undefined ? { tickWallNs: state.tickWallNs } : {}),
    ...(state.tokenCounter !== undefined ? { tokenCounter: state.tokenCounter } : {}),
    sessions: [...state.sessions.values()].map((s) => ({
      id: s.id,
      client: s.client,
      ttlNs: s.ttlNs,
      expiresAtNs: s.expiresAtNs,
      opens: [...s.opens.entries()],
    })),
    endedSessions: [...state.endedSessions.entries()],
    nodes: [...state.nodes.values()].map((n) => ({
      path: n.path,
      kind: n.kind,
      ephemeral: n.ephemeral,
      content: n.content,
      version: n.version,
      instance: n.instance,
      lock: copy(n.lock),
    })),
    lockDelays: [...state.lockDelays.entries()],
    ttlLocks: copy([...state.ttlLocks.values()]),
    kv: [...state.kv.entries()].map(([key, entry]) => [key, { ...entry }]),
    dedup: copy([...state.dedup.entries()]),
  };
}

/**
 * `snapshot-token-reset`: the snapshot as a design that leaves parts out writes it. A
 * replica restored from it restarts the token counter, or sees every lock free, while the replicas
 * that replayed the log still know better.
 */
export function leaveOut(snapshot: LockServiceSnapshot, parts: readonly SnapshotPart[]): LockServiceSnapshot {
  if (parts.length === 0) return snapshot;
  const partial: LockServiceSnapshot = { ...snapshot };
  if (parts.includes('counter')) delete partial.tokenCounter;
  if (parts.includes('locks')) {
    partial.nodes = snapshot.nodes.map((n) => ({ ...n, lock: { holders: [], waiters: [] } }));
    partial.lockDelays = [];
    partial.ttlLocks = [];
  }
  return partial;
}

function isSnapshot(raw: unknown): raw is LockServiceSnapshot {
  return typeof raw === 'object' && raw !== null && (raw as { format?: unknown }).format === SNAPSHOT_FORMAT;
}

export function fromSnapshot(raw: unknown): LockServiceState {
  if (!isSnapshot(raw)) throw new TypeError(`not a lock service snapshot (expected format ${SNAPSHOT_FORMAT})`);
  const snapshot = copy(raw);
  const state: LockServiceState = {
    appliedIndex: snapshot.appliedIndex,
    clockNs: snapshot.clockNs,
    tickTerm: snapshot.tickTerm,
    ...(snapshot.tickWallNs !== undefined ? { tickWallNs: snapshot.tickWallNs } : {}),
    ...(snapshot.tokenCounter !== undefined ? { tokenCounter: snapshot.tokenCounter } : {}),
    sessions: new Map(snapshot.sessions.map((s) => [s.id, { ...s, opens: new Map(s.opens) }])),
    endedSessions: new Map(snapshot.endedSessions),
    nodes: new Map(snapshot.nodes.map((n) => [n.path, { ...n, openers: 0, children: new Set<Path>() }])),
    lockDelays: new Map(snapshot.lockDelays),
    // A snapshot written before holders named their client: the owner string stands in for it.
    ttlLocks: new Map(snapshot.ttlLocks.map((t) => [t.resourceId, t.holder === null ? t : { ...t, holder: { ...t.holder, client: t.holder.client ?? t.holder.owner } }])),
    kv: new Map(snapshot.kv.map(([key, entry]): [string, KvEntry] => [key, { value: entry.value as KvValue, version: entry.version }])),
    dedup: new Map(snapshot.dedup),
  };
  for (const node of state.nodes.values()) {
    if (node.path !== ROOT) state.nodes.get(parentOf(node.path))?.children.add(node.path);
  }
  for (const session of state.sessions.values()) {
    for (const path of session.opens.keys()) {
      const node = state.nodes.get(path);
      if (node !== undefined) node.openers += 1;
    }
  }
  return state;
}
