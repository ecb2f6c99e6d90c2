/**
 * The simulator's trace as data that leaves a run (`trace.jsonl`): what happened in the world and
 * inside the protocol, in true time. Checkers, reports and the harness read it; they never import
 * `sim/`, and the simulator never imports this file: it records raw events, and whoever reads them
 * parses them here, at the boundary, into one closed union (`TraceEvent`).
 *
 * Every kind lockstep itself emits (the world's, the nemesis's, the built-in designs', the
 * harness's and a live run's) is a member with its typed fields. Any other kind is the documented
 * `other` member, which keeps the original kind as `name`: a system under test logs kinds of its
 * own (`ctx.log`), and a trace written by a newer lockstep or another tool may carry kinds this one
 * does not know. The trace is evidence beside the history, not the thing judged, so a reader keeps
 * what it cannot interpret rather than refusing the whole file (as Jepsen's and Porcupine's readers
 * pass over operations they do not model). A known kind whose fields are wrong is an error naming
 * the kind and the field: that is a corrupt trace, not a foreign one.
 */
import { z } from 'zod';
import type { TrueTimeNs } from './history.js';

const str = z.string();
const num = z.number();
const strs = z.array(z.string());
const maybe = <T extends z.ZodType>(t: T) => t.optional();
/** A lock request as the lock service names it (the entry that carried it). */
const requestRef = z.looseObject({ index: num, clientId: maybe(str), seq: maybe(num) });
/** The fields every lock fact carries: the log index it was applied at. */
const fact = { index: num, logClockNs: maybe(num), replicaTimer: maybe(z.boolean()) };
const token = num;
const mode = z.enum(['exclusive', 'shared']);

/** The data of each kind: the fields a reader may rely on; further fields are kept as they are. */
const DATA = {
  // ---- the world (sim/world.ts) and a live run (live/) ----
  start: z.looseObject({ target: maybe(str), recipe: maybe(str) }),
  restart: z.looseObject({}),
  pause: z.looseObject({}),
  resume: z.looseObject({}),
  /** `mode` and `lostWrites` in the simulator; a live run names the node. */
  crash: z.looseObject({ mode: maybe(str), lostWrites: maybe(num) }),
  clock: z.looseObject({ driftPpm: maybe(num), wallOffsetNs: maybe(num) }),
  partition: z.looseObject({ pairs: strs }),
  'heal-partition': z.looseObject({}),
  hold: z.looseObject({}),
  /** Held packets of a link let go. */
  release: z.looseObject({ packets: maybe(num) }),
  drop: z.looseObject({ to: str, type: maybe(str), why: str }),
  send: z.looseObject({}),
  deliver: z.looseObject({}),
  timer: z.looseObject({}),
  // ---- the nemesis (nemesis/, live/nemesis.ts) ----
  /** A fault began: its index in the schedule, its name, its targets and parameters. */
  fault: z.looseObject({ index: maybe(num), fault: str, targets: maybe(strs) }),
  'fault-end': z.looseObject({ index: num, fault: str, healed: maybe(z.boolean()), supersededBy: maybe(num.nullable()) }),
  heal: z.looseObject({ resumed: maybe(strs), restarted: maybe(strs) }),
  // ---- roles and sessions: Raft servers, the async store, and the contract's RoleEvent ----
  /** Raft: `term` and `leader`; the async store: `following`, `epoch`, `offset`, `by`. */
  role: z.looseObject({ role: str, node: maybe(str), term: maybe(num), leader: maybe(str.nullable()), following: maybe(str.nullable()), epoch: maybe(num), by: maybe(str) }),
  session: z.looseObject({ client: str, state: str }),
  'client-session': z.looseObject({ session: str, state: str, leaseNs: maybe(num), reason: maybe(str) }),
  // ---- the Raft lock service (core/server, core/lock facts) ----
  membership: z.looseObject({ voters: strs, learners: strs }),
  'snapshot-installed': z.looseObject({ index: num, term: num }),
  'snapshot-taken': z.looseObject({ index: num, term: num }),
  'lock:session-opened': z.looseObject({ ...fact, session: str, client: str, leaseNs: num }),
  'lock:session-closed': z.looseObject({ ...fact, session: str, client: str }),
  'lock:session-expired': z.looseObject({ ...fact, session: str, client: str, atNs: num }),
  'lock:grant': z.looseObject({ ...fact, lockKind: str, lock: str, owner: str, client: str, token, mode, request: requestRef }),
  'lock:release': z.looseObject({ ...fact, lockKind: str, lock: str, owner: str, client: str, token, mode, reason: str }),
  'lock:waiter-dropped': z.looseObject({ ...fact, lock: str, session: str, client: str, request: requestRef, reason: str }),
  'lock:waiter-woken': z.looseObject({ ...fact, lock: str, session: str, client: str, request: requestRef }),
  'lock:lock-delay': z.looseObject({ ...fact, lockKind: str, lock: str, untilNs: num }),
  /** An ephemeral file removed with the session that made it. */
  'lock:ephemeral-deleted': z.looseObject({ ...fact, path: str }),
  // ---- the asynchronous primary/replica store and its sentinels (core/designs/async-replica) ----
  'store-start': z.looseObject({ role: str, following: str.nullable(), epoch: num }),
  'store-bad-command': z.looseObject({}),
  'store:grant': z.looseObject({ lock: str, owner: str, client: str.nullable(), token, ttlNs: maybe(num), epoch: maybe(num) }),
  'store:release': z.looseObject({ lock: str, owner: str, token, reason: str, epoch: maybe(num) }),
  'repl-full-sent': z.looseObject({ to: str }),
  'repl-full-sync': z.looseObject({ primary: str }),
  'repl-continue': z.looseObject({ primary: str }),
  'replica-lost': z.looseObject({ replica: str }),
  'primary-link-lost': z.looseObject({ primary: str.nullable() }),
  'replicaof-stale': z.looseObject({ sentinel: str, epoch: num }),
  'sentinel-start': z.looseObject({ primary: str.nullable(), epoch: num }),
  'sentinel-odown': z.looseObject({ primary: str, epoch: num }),
  'sentinel-candidate': z.looseObject({ epoch: num }),
  /** The sentinel that won the vote promoted `to` in place of `from`. */
  'sentinel-failover': z.looseObject({ from: str, to: str, epoch: num, offset: num.nullable(), votes: strs }),
  'sentinel-failover-abort': z.looseObject({ reason: str, epoch: num.nullable() }),
  'sentinel-order': z.looseObject({ store: str, epoch: num }),
  'sentinel-vote': z.looseObject({ candidate: str, epoch: num }),
  'sentinel-config': z.looseObject({ primary: str.nullable(), epoch: num }),
  'async-client-primary': z.looseObject({ primary: str.nullable(), epoch: num }),
  // ---- the protected resource (core/resource) ----
  'resource-write': z.looseObject({ lock: str, client: str, token: token.nullable(), accepted: z.boolean(), reason: maybe(str), key: maybe(str), value: z.unknown() }),
  'resource-read': z.looseObject({ lock: str, client: str, token: token.nullable(), accepted: z.boolean(), reason: maybe(str), key: maybe(str) }),
  // ---- the TTL-lock sidecar (core/designs/ttl-sidecar) ----
  'sidecar:delete-failed': z.looseObject({ resource: str, owner: str, token: token.nullable(), error: str }),
  'sidecar:delete-retry': z.looseObject({ resource: str, owner: str, token: token.nullable(), error: str }),
  // ---- the fake lock server the workloads' own tests run against (scenarios/workloads/testing) ----
  'fake-grant': z.looseObject({ lock: str, client: str, token }),
  'fake-session-expired': z.looseObject({ client: str, session: num }),
  // ---- a live run's clients ----
  'belief-start': z.looseObject({ client: str, lock: str, token, forMs: maybe(num.nullable()) }),
  'belief-end': z.looseObject({ client: str, lock: str, token, reason: maybe(str.nullable()) }),
};

/** Every kind lockstep emits. */
export type KnownTraceKind = keyof typeof DATA;

/** The typed fields of kind `K`. */
export type TraceData<K extends KnownTraceKind> = z.infer<(typeof DATA)[K]>;

interface Envelope {
  /** Sequence number in the run, 0-based. */
  seq: number;
  /** True time. */
  t: TrueTimeNs;
  /** The process the event belongs to, when it belongs to one. */
  node?: string;
}

/** Kinds that may come without data: world facts whose fields are all optional (a live run or another tool may leave them out). */
const BARE = ['start', 'restart', 'pause', 'resume', 'crash', 'clock', 'heal-partition', 'hold', 'release', 'send', 'deliver', 'timer', 'store-bad-command', 'heal'] as const;
type BareKind = (typeof BARE)[number];
const BARE_KINDS = new Set<string>(BARE);

/** An event of a kind lockstep emits, with that kind's typed fields in `data`. */
export type KnownTraceEvent = {
  [K in KnownTraceKind]: Envelope & { kind: K } & (K extends BareKind ? { data?: TraceData<K> } : { data: TraceData<K> });
}[KnownTraceKind];

/**
 * An event of a kind lockstep does not model: a system's own log line, or a kind from a newer
 * lockstep or another tool. `name` is the kind as it was recorded; `data` is kept as it was.
 */
export interface OtherTraceEvent extends Envelope {
  kind: 'other';
  name: string;
  data?: Record<string, unknown>;
}

/** One trace event: a closed union, discriminated by `kind`. */
export type TraceEvent = KnownTraceEvent | OtherTraceEvent;

/** The event of kind `K`. */
export type TraceEventOf<K extends TraceEvent['kind']> = Extract<TraceEvent, { kind: K }>;

/** A trace event that is not one: a known kind with a wrong field, or no seq, time or kind. */
export class TraceFormatError extends Error {}

const KINDS = new Set<string>(Object.keys(DATA));

/** Whether `kind` is one lockstep emits. */
export function isKnownTraceKind(kind: string): kind is KnownTraceKind {
  return KINDS.has(kind);
}

function problem(issue: z.core.$ZodIssue | undefined): string {
  if (issue === undefined) return 'is malformed';
  const path = issue.path.join('.');
  return path === '' ? issue.message : `field "${path}": ${issue.message}`;
}

/**
 * Reads one raw event (a parsed `trace.jsonl` line, or an event the simulator just recorded) into
 * the union. A kind lockstep does not know becomes `other` with its original name; a known kind
 * with a wrong field is a `TraceFormatError` naming both. A known event is returned as it came (not
 * a copy), so that writing it back gives the same line.
 */
export function traceEventOf(raw: unknown): TraceEvent {
  if (typeof raw !== 'object' || raw === null) throw new TraceFormatError('a trace event is not an object');
  const e = raw as { seq?: unknown; t?: unknown; kind?: unknown; node?: unknown; data?: unknown; name?: unknown };
  if (typeof e.seq !== 'number' || typeof e.t !== 'number' || typeof e.kind !== 'string') {
    throw new TraceFormatError('a trace event needs a number "seq", a number "t" and a string "kind"');
  }
  if (e.node !== undefined && typeof e.node !== 'string') throw new TraceFormatError(`trace event ${e.seq} (${e.kind}): "node" is not a string`);
  if (e.data !== undefined && (typeof e.data !== 'object' || e.data === null || Array.isArray(e.data))) {
    throw new TraceFormatError(`trace event ${e.seq} (${e.kind}): "data" is not an object`);
  }
  if (e.kind === 'other') {
    if (typeof e.name !== 'string') throw new TraceFormatError(`trace event ${e.seq} (other): "name" is not a string`);
    return raw as OtherTraceEvent;
  }
  if (!isKnownTraceKind(e.kind)) {
    const other: OtherTraceEvent = { seq: e.seq, t: e.t, kind: 'other', name: e.kind };
    if (e.node !== undefined) other.node = e.node;
    if (e.data !== undefined) other.data = e.data as Record<string, unknown>;
    return other;
  }
  if (e.data === undefined) {
    if (!BARE_KINDS.has(e.kind)) throw new TraceFormatError(`trace event ${e.seq} (${e.kind}) has no data`);
  } else {
    const checked = DATA[e.kind].safeParse(e.data);
    if (!checked.success) throw new TraceFormatError(`trace event ${e.seq} (${e.kind}): ${problem(checked.error.issues[0])}`);
  }
  return raw as KnownTraceEvent;
}

/** The typed fields of `data` as kind `kind` has them, or a `TraceFormatError` naming the field. */
export function traceDataOf<K extends KnownTraceKind>(kind: K, data: unknown): TraceData<K> {
  const checked = DATA[kind].safeParse(data);
  if (!checked.success) throw new TraceFormatError(`${kind} event: ${problem(checked.error.issues[0])}`);
  return data as TraceData<K>;
}

/** Reads a `trace.jsonl` text (one event a line) into the union; a bad line is an error naming it. */
export function parseTraceLines(text: string, source = 'trace'): TraceEvent[] {
  const events: TraceEvent[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      throw new TraceFormatError(`${source} line ${i + 1} is not valid JSON`);
    }
    try {
      events.push(traceEventOf(raw));
    } catch (err) {
      throw new TraceFormatError(`${source} line ${i + 1}: ${(err as Error).message}`);
    }
  }
  return events;
}
