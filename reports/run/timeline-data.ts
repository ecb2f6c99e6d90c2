/**
 * The timeline's data, as compact JSON for the page's script: lanes (faults, servers, clients,
 * and per lock the beliefs, the server's leases and the resource's writes) and the items drawn
 * in them, all in true time. Rows are tuples rather than objects to keep 10,000-operation
 * reports small; the field order of each tuple is named by the `*Row` types below.
 */
import type { Belief, FaultInterval, Grant, Op, ResourceWrite, RunRecord } from '../../checker/history.js';
import type { TraceEvent } from '../../checker/trace.js';
import { compareNatural } from '../html/format.js';
import { describeValue } from '../html/escape.js';
import type { RunResult } from '../types.js';
import { violationsInTimeOrder } from './verdict.js';
import { focusViolation } from './violation-focus.js';
import { kindName } from '../violation-kinds.js';
import { laneName, nameProcesses, processNames } from './process-names.js';
import { tellStories } from './story.js';

/**
 * `faults`: one class of injected faults (pause, partition, ...); `server`: a node with a role of
 * its own design (Raft leader/follower, a store's primary/replica, a sentinel); `process`: any
 * other non-client process (the resource); `client`: a client's operations, with its session.
 */
export type LaneKind = 'faults' | 'server' | 'process' | 'client' | 'belief' | 'grant' | 'writes';

export interface Lane {
  kind: LaneKind;
  /** Text in the label column ("n1", "c3", "/ls/lock1", "pause ×41"). */
  label: string;
  /** Heading of the group of lanes the lane belongs to. */
  group: string;
  /** The process the lane shows, for server, process and client lanes (faults target processes). */
  node?: string;
  /** Sub-rows of a fault lane (overlapping faults of one class stack, up to a cap). */
  rows?: number;
}

/** How an operation ended: ok, fail (did not happen), info (unknown), or never completed. */
export const OUTCOMES = ['ok', 'fail', 'info', 'pending'] as const;

/** [lane, start, end, outcome (index in OUTCOMES), invoke index, completion index or -1, f, key,
 *  argument, result, error, process]. */
export type OpRow = [number, number, number, number, number, number, string, string, string, string, string, string];

/**
 * Every role a lane can show: Raft's, an asynchronously replicated store's (a replica that a
 * failover made primary is "promoted"), a sentinel's, and the process states (down, up) any
 * design has.
 */
export const ROLES = ['follower', 'candidate', 'leader', 'down', 'up', 'pre-candidate', 'primary', 'replica', 'promoted', 'sentinel'] as const;
/** [lane, start, end, role (index in ROLES), term (Raft) or epoch (stores), -1 when unknown]. */
export type RoleRow = [number, number, number, number, number];

/** A client's lock-service session, as the client saw it (`client-session` trace events). */
export const SESSION_STATES = ['connected', 'suspended', 'lost'] as const;
/** [client lane, start, end, state (index in SESSION_STATES), session id]. */
export type SessionRow = [number, number, number, number, string];

/** [lane, start, end]: a process paused (frozen while its clocks run on). */
export type PauseRow = [number, number, number];

export const FAULT_CLASSES = ['partition', 'pause', 'clock', 'crash', 'network', 'other'] as const;
/** [fault lane, start, end, label, class (index in FAULT_CLASSES), targeted lanes, targets, params,
 *  1 when the run ended before the fault healed, sub-row in the fault lane, fault name]. */
export type FaultRow = [number, number, number, string, number, number[], string, string, number, number, string];

/** [lane, start, end, client, token, mode, end reason, 1 when still believed at run end,
 *  history index of the op that produced it or -1]. */
export type BeliefRow = [number, number, number, string, number, string, string, number, number];

/** [lane, granted at, server end, client, token, end reason, 1 when never ended]. */
export type GrantRow = [number, number, number, string, number, string, number];

/** [lane, time, 1 accepted / 0 refused, client, token or -1, reason, key, value]. */
export type WriteRow = [number, number, number, string, number, string, string, string];

export interface TimelineViolation {
  /** 1-based number shown on the page. */
  n: number;
  kind: string;
  title: string;
  explanation: string;
  at: number;
  start: number;
  end: number;
  /** Indices into the timeline's ops, beliefs, grants and writes. */
  ops: number[];
  beliefs: number[];
  grants: number[];
  writes: number[];
  prefix: number[];
  /** The story (root cause group) the violation belongs to. */
  story: number;
  /** The lock or key it is about, when it can be told. */
  subject: string | null;
}

/** A story as the timeline draws it: its violations, its window and its candidate faults. */
export interface TimelineStory {
  n: number;
  /** Violation numbers, the root first. */
  violations: number[];
  start: number;
  end: number;
  rootStart: number;
  rootEnd: number;
  /** Indices into the timeline's faults, ranked; `strong` are those on involved processes during the root. */
  faults: number[];
  strong: number[];
  processes: string[];
}

export interface TimelineData {
  t0: number;
  t1: number;
  lanes: Lane[];
  /** Client names, in lane order, for the colour of their beliefs. */
  clients: string[];
  /** Keys the client operations touched (a key selector appears when there are several). */
  keys: string[];
  ops: OpRow[];
  roles: RoleRow[];
  sessions: SessionRow[];
  pauses: PauseRow[];
  faults: FaultRow[];
  beliefs: BeliefRow[];
  grants: GrantRow[];
  writes: WriteRow[];
  violations: TimelineViolation[];
  stories: TimelineStory[];
}

/** Longest text kept for an op's argument, result or error (the tooltip shows it). */
const VALUE_CHARS = 80;

export function buildTimeline(result: RunResult, record: RunRecord, trace: TraceEvent[]): TimelineData {
  const t1 = runEnd(result, record, trace);
  const paired = pairOperations(record.history);

  const clientNames = uniqueSorted(paired.map((p) => p.lane));
  const processes = processNodes(trace, new Set(clientNames));
  const locks = uniqueSorted([
    ...(record.beliefs ?? []).map((b) => b.lock),
    ...(record.grants ?? []).map((g) => g.lock),
    ...(record.resourceLog ?? []).map((w) => w.lock),
  ]);

  const lanes: Lane[] = [];
  const laneOfNode = new Map<string, number>();
  const faultIntervals = record.faults ?? faultsFromTrace(trace);
  const faultLayout = layOutFaults(faultIntervals, t1);
  const faultLaneOfClass = new Map<number, number>();
  for (const fl of faultLayout.lanes) {
    faultLaneOfClass.set(fl.cls, lanes.length);
    lanes.push({ kind: 'faults', label: fl.label, group: 'Faults injected, by kind', rows: fl.rows });
  }
  for (const { node, group } of processes.withRole) {
    laneOfNode.set(node, lanes.length);
    lanes.push({ kind: 'server', label: node, group, node });
  }
  for (const node of processes.others) {
    laneOfNode.set(node, lanes.length);
    lanes.push({ kind: 'process', label: node, group: 'Other processes: up, paused, crashed', node });
  }
  const sidecars = typeof result.params['sidecars'] === 'number';
  for (const node of clientNames) {
    laneOfNode.set(node, lanes.length);
    lanes.push({
      kind: 'client',
      label: node,
      group: sidecars ? 'Sidecars: operations, and the session each one holds' : 'Clients: operations (invocation to completion) and session',
      node,
    });
  }

  const beliefs: BeliefRow[] = [];
  const beliefRowOf = new Map<Belief, number>();
  const grants: GrantRow[] = [];
  const grantRowOf = new Map<Grant, number>();
  const writes: WriteRow[] = [];
  const writeRowOf = new Map<ResourceWrite, number>();
  for (const lock of locks) {
    const group = `Lock ${lock}`;
    const lockBeliefs = (record.beliefs ?? []).filter((b) => b.lock === lock);
    const packedBeliefs = pack(lockBeliefs, (b) => b.start, (b) => b.end ?? t1);
    const firstBeliefLane = lanes.length;
    for (let r = 0; r < Math.max(1, packedBeliefs.rows); r++) {
      lanes.push({ kind: 'belief', label: r === 0 ? 'believed held by' : '…at the same time', group });
    }
    lockBeliefs.forEach((b, i) => {
      beliefRowOf.set(b, beliefs.length);
      beliefs.push([
        firstBeliefLane + (packedBeliefs.rowOf[i] as number),
        b.start,
        b.end ?? t1,
        b.client,
        b.token,
        b.mode,
        b.endReason ?? '',
        b.end === null ? 1 : 0,
        b.op ?? -1,
      ]);
    });

    const lockGrants = (record.grants ?? []).filter((g) => g.lock === lock);
    if (lockGrants.length > 0) {
      const packedGrants = pack(lockGrants, (g) => g.at, (g) => g.serverEnd ?? t1);
      const firstGrantLane = lanes.length;
      for (let r = 0; r < packedGrants.rows; r++) {
        lanes.push({ kind: 'grant', label: r === 0 ? 'granted by server' : '…at the same time', group });
      }
      lockGrants.forEach((g, i) => {
        grantRowOf.set(g, grants.length);
        grants.push([
          firstGrantLane + (packedGrants.rowOf[i] as number),
          g.at,
          g.serverEnd ?? t1,
          g.client,
          g.token,
          g.endReason ?? '',
          g.serverEnd === null ? 1 : 0,
        ]);
      });
    }

    const lockWrites = (record.resourceLog ?? []).filter((w) => w.lock === lock);
    if (lockWrites.length > 0) {
      const lane = lanes.length;
      lanes.push({ kind: 'writes', label: 'resource writes', group });
      for (const w of lockWrites) {
        writeRowOf.set(w, writes.length);
        writes.push([
          lane,
          w.time,
          w.accepted ? 1 : 0,
          w.client,
          w.token ?? -1,
          w.reason ?? '',
          w.key ?? '',
          describeValue(w.value, VALUE_CHARS),
        ]);
      }
    }
  }

  const ops: OpRow[] = [];
  const opRowOfIndex = new Map<number, number>();
  for (const p of paired) {
    const row = ops.length;
    opRowOfIndex.set(p.invoke.index, row);
    if (p.complete) opRowOfIndex.set(p.complete.index, row);
    ops.push([
      laneOfNode.get(p.lane) as number,
      p.invoke.time,
      p.complete?.time ?? t1,
      p.complete ? OUTCOMES.indexOf(p.complete.type as 'ok' | 'fail' | 'info') : 3,
      p.invoke.index,
      p.complete?.index ?? -1,
      p.invoke.f,
      p.invoke.key ?? p.complete?.key ?? '',
      describeValue(p.invoke.value, VALUE_CHARS),
      p.complete ? describeValue(p.complete.value, VALUE_CHARS) : '',
      p.complete?.error ?? '',
      String(p.invoke.process),
    ]);
  }

  const { roles, pauses, sessions } = processStates(trace, laneOfNode, t1);
  const faults = faultRows(faultIntervals, faultLayout, faultLaneOfClass, laneOfNode, t1);

  const ordered = violationsInTimeOrder(result.violations);
  const stories = tellStories(ordered, record, faultIntervals, t1, (name) => laneOfNode.has(name));
  const storyOf = new Map<number, number>();
  for (const st of stories) for (const m of st.members) storyOf.set(m, st.n);
  const names = processNames(record.history);
  const violations: TimelineViolation[] = ordered.map((v, i) => {
    const focus = focusViolation(v, record);
    const rowsOf = <T>(indices: number[], xs: T[] | undefined, rowOf: Map<T, number>): number[] =>
      indices.map((j) => rowOf.get((xs ?? [])[j] as T)).filter((r): r is number => r !== undefined);
    return {
      n: i + 1,
      kind: v.kind,
      title: kindName(v.kind),
      explanation: nameProcesses(v.explanation, names),
      at: v.at,
      start: focus.start,
      end: focus.end,
      ops: uniqueNumbers(focus.ops.map((j) => opRowOfIndex.get(j))),
      beliefs: rowsOf(focus.beliefs, record.beliefs, beliefRowOf),
      grants: rowsOf(focus.grants, record.grants, grantRowOf),
      writes: rowsOf(focus.writes, record.resourceLog, writeRowOf),
      prefix: uniqueNumbers(focus.prefix.map((j) => opRowOfIndex.get(j))),
      story: storyOf.get(i) ?? 0,
      subject: focus.subject,
    };
  });
  const timelineStories: TimelineStory[] = stories.map((st) => ({
    n: st.n,
    violations: st.members.map((m) => m + 1),
    start: st.start,
    end: st.end,
    rootStart: st.rootStart,
    rootEnd: st.rootEnd,
    faults: st.candidates.map((c) => faults.rowOf[c.fault] as number),
    strong: st.candidates.filter((c) => c.targetsInvolved).map((c) => faults.rowOf[c.fault] as number),
    processes: st.processes,
  }));

  return {
    t0: 0,
    t1,
    lanes,
    clients: [...new Set([...clientNames, ...uniqueSorted((record.beliefs ?? []).map((b) => b.client))])],
    keys: uniqueSorted(ops.map((o) => o[7]).filter((k) => k !== '')),
    ops,
    roles,
    sessions,
    pauses,
    faults: faults.items,
    beliefs,
    grants,
    writes,
    violations,
    stories: timelineStories,
  };
}

/** The true time the run ended: the latest of every time the run reports. */
export function runEnd(result: RunResult, record: RunRecord, trace: TraceEvent[]): number {
  let t = Math.max(0, result.simTimeNs || 0, record.endAt ?? 0);
  for (const op of record.history) t = Math.max(t, op.time);
  const last = trace[trace.length - 1];
  if (last) t = Math.max(t, last.t);
  for (const f of record.faults ?? []) t = Math.max(t, f.end ?? f.start);
  for (const b of record.beliefs ?? []) t = Math.max(t, b.end ?? b.start);
  for (const w of record.resourceLog ?? []) t = Math.max(t, w.time);
  return t > 0 ? t : 1;
}

interface PairedOp {
  lane: string;
  invoke: Op;
  complete: Op | null;
}

/** Client operations as invoke/completion pairs, in invocation order; nemesis ops are left out. */
function pairOperations(history: Op[]): PairedOp[] {
  const open = new Map<string, PairedOp>();
  const out: PairedOp[] = [];
  for (const op of history) {
    if (op.process === 'nemesis') continue;
    const proc = String(op.process);
    if (op.type === 'invoke') {
      const p: PairedOp = { lane: laneName(op), invoke: op, complete: null };
      open.set(proc, p);
      out.push(p);
    } else {
      const p = open.get(proc);
      if (p) {
        p.complete = op;
        open.delete(proc);
      }
    }
  }
  return out;
}

/** Roles that only Raft servers take, and those of an asynchronously replicated store. */
const RAFT_ROLES = new Set(['follower', 'candidate', 'pre-candidate', 'leader']);
const STORE_ROLES = new Set(['primary', 'replica']);

/** Trace events that announce a role: Raft's and a store's `role`, a store's start, a sentinel's start. */
function announcedRole(ev: TraceEvent): string | null {
  if (ev.kind === 'role' || ev.kind === 'store-start') {
    const role = ev.data?.['role'];
    return typeof role === 'string' ? role : ev.kind === 'role' ? 'up' : null;
  }
  if (ev.kind === 'sentinel-start') return 'sentinel';
  return null;
}

/**
 * Process lanes besides the clients': every node that announced a role (grouped by the design's
 * kind of role: Raft servers, replicated stores, sentinels), then every other process the trace
 * saw start, crash or pause (the resource, a kernel test's nodes).
 */
function processNodes(trace: TraceEvent[], clients: Set<string>): { withRole: { node: string; group: string }[]; others: string[] } {
  const rolesOf = new Map<string, Set<string>>();
  const others: string[] = [];
  for (const ev of trace) {
    const node = nodeOf(ev);
    if (node === undefined || clients.has(node)) continue;
    const role = announcedRole(ev);
    if (role !== null) {
      const set = rolesOf.get(node) ?? new Set<string>();
      set.add(role);
      rolesOf.set(node, set);
    } else if (['start', 'crash', 'restart', 'pause', 'resume'].includes(ev.kind)) others.push(node);
  }
  const groupOf = (roles: Set<string>): string => {
    if ([...roles].some((r) => RAFT_ROLES.has(r))) return 'Servers: Raft role and term';
    if ([...roles].some((r) => STORE_ROLES.has(r))) return 'Stores: primary, replica or promoted, and epoch';
    if (roles.has('sentinel')) return 'Sentinels: watch the stores, run failovers';
    return 'Servers: role';
  };
  const order = ['Servers: Raft role and term', 'Stores: primary, replica or promoted, and epoch', 'Sentinels: watch the stores, run failovers', 'Servers: role'];
  const withRole = uniqueSorted([...rolesOf.keys()])
    .map((node) => ({ node, group: groupOf(rolesOf.get(node) as Set<string>) }))
    .sort((x, y) => order.indexOf(x.group) - order.indexOf(y.group));
  const known = new Set(rolesOf.keys());
  return { withRole, others: uniqueSorted(others.filter((n) => !known.has(n))) };
}

function nodeOf(ev: TraceEvent): string | undefined {
  const fromData = ev.data?.['node'];
  return typeof fromData === 'string' ? fromData : ev.node;
}

/**
 * Role segments per process, pause intervals per process and session segments per client, from
 * the trace's role, store-start, sentinel-start, crash, restart, pause and client-session events.
 * A store that becomes primary on a sentinel's order (`by`) is drawn as "promoted": the replica a
 * failover chose, which is where acknowledged writes can go missing.
 */
function processStates(
  trace: TraceEvent[],
  laneOfNode: Map<string, number>,
  t1: number,
): { roles: RoleRow[]; pauses: PauseRow[]; sessions: SessionRow[] } {
  const roles: RoleRow[] = [];
  const pauses: PauseRow[] = [];
  const sessions: SessionRow[] = [];
  const current = new Map<number, { since: number; role: number; term: number }>();
  const pausedSince = new Map<number, number>();
  const sessionNow = new Map<number, { since: number; state: number; id: string }>();
  const switchTo = (lane: number, t: number, role: number, term: number): void => {
    const c = current.get(lane);
    if (c && c.role === role && c.term === term) return;
    if (c && t > c.since) roles.push([lane, c.since, t, c.role, c.term]);
    current.set(lane, { since: t, role, term });
  };
  const endSession = (lane: number, t: number): void => {
    const c = sessionNow.get(lane);
    if (c && t > c.since) sessions.push([lane, c.since, t, c.state, c.id]);
    sessionNow.delete(lane);
  };
  const roleIndex = (name: string): number => {
    const i = ROLES.indexOf(name as (typeof ROLES)[number]);
    return i < 0 ? ROLES.indexOf('up') : i;
  };
  for (const ev of trace) {
    const node = nodeOf(ev);
    const lane = node === undefined ? undefined : laneOfNode.get(node);
    if (lane === undefined) continue;
    const term = current.get(lane)?.term ?? -1;
    const role = announcedRole(ev);
    if (role !== null) {
      const t = ev.data?.['term'] ?? ev.data?.['epoch'];
      const promoted = role === 'primary' && ev.kind === 'role' && typeof ev.data?.['by'] === 'string';
      // A sentinel's epoch moves with votes it does not trace on its lane: show none rather than a stale one.
      const shown = role === 'sentinel' ? -1 : typeof t === 'number' ? t : term;
      switchTo(lane, ev.t, roleIndex(promoted ? 'promoted' : role), shown);
      continue;
    }
    switch (ev.kind) {
      case 'crash':
        switchTo(lane, ev.t, ROLES.indexOf('down'), term);
        endSession(lane, ev.t);
        break;
      case 'start':
        if (!current.has(lane)) switchTo(lane, ev.t, ROLES.indexOf('up'), term);
        break;
      case 'restart':
        switchTo(lane, ev.t, ROLES.indexOf('up'), term);
        break;
      case 'pause':
        if (!pausedSince.has(lane)) pausedSince.set(lane, ev.t);
        break;
      case 'resume': {
        const since = pausedSince.get(lane);
        if (since !== undefined) pauses.push([lane, since, ev.t]);
        pausedSince.delete(lane);
        break;
      }
      case 'client-session': {
        const raw = String(ev.data?.['state'] ?? '');
        const state = SESSION_STATES.indexOf((raw === 'reconnected' ? 'connected' : raw) as (typeof SESSION_STATES)[number]);
        if (state < 0) break;
        const id = String(ev.data?.['session'] ?? '');
        const c = sessionNow.get(lane);
        if (c && c.state === state && c.id === id) break;
        endSession(lane, ev.t);
        sessionNow.set(lane, { since: ev.t, state, id });
        break;
      }
    }
  }
  for (const [lane, c] of current) if (t1 > c.since) roles.push([lane, c.since, t1, c.role, c.term]);
  for (const [lane, since] of pausedSince) pauses.push([lane, since, t1]);
  for (const lane of [...sessionNow.keys()]) endSession(lane, t1);
  roles.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  pauses.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  sessions.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return { roles, pauses, sessions };
}

/** Fault intervals told by the trace, for runs whose record carries none. */
export function faultsFromTrace(trace: TraceEvent[]): FaultInterval[] {
  const out: FaultInterval[] = [];
  const openByKey = new Map<string, FaultInterval>();
  const open = (key: string, f: FaultInterval): void => {
    if (openByKey.has(key)) return;
    openByKey.set(key, f);
    out.push(f);
  };
  const close = (key: string, t: number): void => {
    const f = openByKey.get(key);
    if (f) f.end = t;
    openByKey.delete(key);
  };
  for (const ev of trace) {
    const node = nodeOf(ev) ?? '';
    switch (ev.kind) {
      case 'pause':
        open(`pause:${node}`, { fault: 'pause', targets: [node], start: ev.t, end: null });
        break;
      case 'resume':
        close(`pause:${node}`, ev.t);
        break;
      case 'crash':
        open(`crash:${node}`, { fault: 'crash', targets: [node], start: ev.t, end: null });
        break;
      case 'restart':
        close(`crash:${node}`, ev.t);
        break;
      case 'partition': {
        close('partition', ev.t);
        const pairs = Array.isArray(ev.data?.['pairs']) ? (ev.data?.['pairs'] as unknown[]).map(String) : [];
        const targets = uniqueSorted(pairs.flatMap((p) => p.split('>')));
        open('partition', { fault: 'partition', targets, start: ev.t, end: null, params: { pairs } });
        break;
      }
      case 'heal-partition':
        close('partition', ev.t);
        break;
      case 'fault': {
        const name = String(ev.data?.['fault'] ?? 'fault');
        const targets = Array.isArray(ev.data?.['targets']) ? (ev.data?.['targets'] as unknown[]).map(String) : [];
        const params = ev.data?.['params'];
        const f: FaultInterval = { fault: name, targets, start: ev.t, end: null };
        if (params !== null && typeof params === 'object') f.params = params as Record<string, unknown>;
        open(`fault:${name}:${targets.join(',')}:${ev.seq}`, f);
        break;
      }
      case 'heal':
        for (const key of [...openByKey.keys()]) if (key.startsWith('fault:')) close(key, ev.t);
        break;
    }
  }
  return out;
}

export function faultClass(fault: string): (typeof FAULT_CLASSES)[number] {
  const f = fault.toLowerCase();
  if (/partition|isolat|split|grudge|bridge/.test(f)) return 'partition';
  if (/pause|gc|stop|freeze/.test(f)) return 'pause';
  if (/clock|skew|drift|jump|strobe|offset|ntp/.test(f)) return 'clock';
  if (/crash|kill|restart|failover|wipe|disk/.test(f)) return 'crash';
  if (/delay|loss|drop|jitter|hold|slow|dup|reorder/.test(f)) return 'network';
  return 'other';
}

/** Overlapping faults of one kind stack in at most this many sub-rows; more share the last one. */
const MAX_FAULT_SUBROWS = 4;

interface FaultLayout {
  /** One lane per fault class present, in FAULT_CLASSES order. */
  lanes: { cls: number; label: string; rows: number }[];
  /** Per fault interval (input order): its class and sub-row. */
  cls: number[];
  sub: number[];
}

/** One lane per kind of fault, its overlapping faults packed into a few thin sub-rows. */
function layOutFaults(faults: FaultInterval[], t1: number): FaultLayout {
  const cls = faults.map((f) => FAULT_CLASSES.indexOf(faultClass(f.fault)));
  const sub = new Array<number>(faults.length).fill(0);
  const lanes: FaultLayout['lanes'] = [];
  FAULT_CLASSES.forEach((name, c) => {
    const members = faults.map((f, i) => ({ f, i })).filter((x) => cls[x.i] === c);
    if (members.length === 0) return;
    const packed = pack(members, (x) => x.f.start, (x) => x.f.end ?? t1);
    members.forEach((x, k) => {
      sub[x.i] = Math.min(MAX_FAULT_SUBROWS - 1, packed.rowOf[k] as number);
    });
    const names = uniqueSorted(members.map((x) => x.f.fault));
    const label = `${names.length === 1 ? (names[0] as string) : name} ×${members.length}`;
    lanes.push({ cls: c, label, rows: Math.min(MAX_FAULT_SUBROWS, packed.rows) });
  });
  return { lanes, cls, sub };
}

function faultRows(
  faults: FaultInterval[],
  layout: FaultLayout,
  laneOfClass: Map<number, number>,
  laneOfNode: Map<string, number>,
  t1: number,
): { items: FaultRow[]; rowOf: number[] } {
  const order = faults.map((f, i) => ({ f, i })).sort((a, b) => a.f.start - b.f.start || a.i - b.i);
  const rowOf = new Array<number>(faults.length).fill(-1);
  const items: FaultRow[] = order.map(({ f, i }, k) => {
    rowOf[i] = k;
    const targets = f.targets ?? [];
    const lanes = targets.map((t) => laneOfNode.get(t)).filter((l): l is number => l !== undefined);
    const c = layout.cls[i] as number;
    return [
      laneOfClass.get(c) as number,
      f.start,
      f.end ?? t1,
      targets.length > 0 ? targets.join(' ') : f.fault,
      c,
      lanes,
      targets.join(', '),
      f.params && Object.keys(f.params).length > 0 ? describeValue(f.params, 200) : '',
      f.end === null ? 1 : 0,
      layout.sub[i] as number,
      f.fault,
    ];
  });
  return { items, rowOf };
}

/**
 * Greedy interval packing: each item goes to the first row whose last item ended before it
 * starts, so overlapping intervals (the interesting ones) land on separate rows.
 */
function pack<T>(items: T[], start: (x: T) => number, end: (x: T) => number): { rows: number; rowOf: number[] } {
  const order = items.map((x, i) => i).sort((a, b) => start(items[a] as T) - start(items[b] as T) || a - b);
  const rowEnds: number[] = [];
  const rowOf = new Array<number>(items.length).fill(0);
  for (const i of order) {
    const x = items[i] as T;
    let r = rowEnds.findIndex((e) => e <= start(x));
    if (r < 0) {
      r = rowEnds.length;
      rowEnds.push(0);
    }
    rowEnds[r] = Math.max(end(x), start(x));
    rowOf[i] = r;
  }
  return { rows: rowEnds.length, rowOf };
}

function uniqueSorted(xs: string[]): string[] {
  return [...new Set(xs)].sort(compareNatural);
}

function uniqueNumbers(xs: (number | undefined)[]): number[] {
  return [...new Set(xs.filter((x): x is number => x !== undefined))].sort((a, b) => a - b);
}
