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
import { kindName } from './violation-kinds.js';

/** `server`: a node with a Raft role; `process`: any other non-client process (resource, replica). */
export type LaneKind = 'server' | 'process' | 'client' | 'belief' | 'grant' | 'writes';

export interface Lane {
  kind: LaneKind;
  /** Text in the label column ("n1", "c3", "/ls/lock1"). */
  label: string;
  /** Heading of the group of lanes the lane belongs to. */
  group: string;
  /** The process the lane shows, for server, process and client lanes (faults target processes). */
  node?: string;
}

/** How an operation ended: ok, fail (did not happen), info (unknown), or never completed. */
export const OUTCOMES = ['ok', 'fail', 'info', 'pending'] as const;

/** [lane, start, end, outcome (index in OUTCOMES), invoke index, completion index or -1, f, key,
 *  argument, result, error, process]. */
export type OpRow = [number, number, number, number, number, number, string, string, string, string, string, string];

export const ROLES = ['follower', 'candidate', 'leader', 'down', 'up'] as const;
/** [lane, start, end, role (index in ROLES), term or -1 when unknown]. */
export type RoleRow = [number, number, number, number, number];

/** [lane, start, end]: a process paused (frozen while its clocks run on). */
export type PauseRow = [number, number, number];

export const FAULT_CLASSES = ['partition', 'pause', 'clock', 'crash', 'network', 'other'] as const;
/** [label row, start, end, label, class (index in FAULT_CLASSES), targeted lanes, targets, params,
 *  1 when the run ended before the fault healed]. */
export type FaultRow = [number, number, number, string, number, number[], string, string, number];

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
}

export interface TimelineData {
  t0: number;
  t1: number;
  lanes: Lane[];
  /** Client names, in lane order, for the colour of their beliefs. */
  clients: string[];
  faultRows: number;
  ops: OpRow[];
  roles: RoleRow[];
  pauses: PauseRow[];
  faults: FaultRow[];
  beliefs: BeliefRow[];
  grants: GrantRow[];
  writes: WriteRow[];
  violations: TimelineViolation[];
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
  for (const node of processes.withRole) {
    laneOfNode.set(node, lanes.length);
    lanes.push({ kind: 'server', label: node, group: 'Servers: Raft role and term', node });
  }
  for (const node of processes.others) {
    laneOfNode.set(node, lanes.length);
    lanes.push({ kind: 'process', label: node, group: 'Other processes: up, paused, crashed', node });
  }
  for (const node of clientNames) {
    laneOfNode.set(node, lanes.length);
    lanes.push({ kind: 'client', label: node, group: 'Clients: operations (invocation to completion)', node });
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

  const { roles, pauses } = processStates(trace, laneOfNode, t1);
  const faultIntervals = record.faults ?? faultsFromTrace(trace);
  const faults = faultRows(faultIntervals, laneOfNode, t1);

  const violations: TimelineViolation[] = violationsInTimeOrder(result.violations).map((v, i) => {
    const focus = focusViolation(v, record);
    const rowsOf = <T>(indices: number[], xs: T[] | undefined, rowOf: Map<T, number>): number[] =>
      indices.map((j) => rowOf.get((xs ?? [])[j] as T)).filter((r): r is number => r !== undefined);
    return {
      n: i + 1,
      kind: v.kind,
      title: kindName(v.kind),
      explanation: v.explanation,
      at: v.at,
      start: focus.start,
      end: focus.end,
      ops: uniqueNumbers(focus.ops.map((j) => opRowOfIndex.get(j))),
      beliefs: rowsOf(focus.beliefs, record.beliefs, beliefRowOf),
      grants: rowsOf(focus.grants, record.grants, grantRowOf),
      writes: rowsOf(focus.writes, record.resourceLog, writeRowOf),
      prefix: uniqueNumbers(focus.prefix.map((j) => opRowOfIndex.get(j))),
    };
  });

  return {
    t0: 0,
    t1,
    lanes,
    clients: [...new Set([...clientNames, ...uniqueSorted((record.beliefs ?? []).map((b) => b.client))])],
    faultRows: faults.rows,
    ops,
    roles,
    pauses,
    faults: faults.items,
    beliefs,
    grants,
    writes,
    violations,
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
      const p: PairedOp = { lane: op.node ?? `process ${proc}`, invoke: op, complete: null };
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

/**
 * Process lanes besides the clients': every node with a Raft role, then every other process the
 * trace saw start, crash or pause (the resource, a primary/replica store, a kernel test's nodes).
 */
function processNodes(trace: TraceEvent[], clients: Set<string>): { withRole: string[]; others: string[] } {
  const withRole: string[] = [];
  const others: string[] = [];
  for (const ev of trace) {
    const node = nodeOf(ev);
    if (node === undefined || clients.has(node)) continue;
    if (ev.kind === 'role') withRole.push(node);
    else if (['start', 'crash', 'restart', 'pause', 'resume'].includes(ev.kind)) others.push(node);
  }
  const servers = uniqueSorted(withRole);
  const known = new Set(servers);
  return { withRole: servers, others: uniqueSorted(others.filter((n) => !known.has(n))) };
}

function nodeOf(ev: TraceEvent): string | undefined {
  const fromData = ev.data?.['node'];
  return typeof fromData === 'string' ? fromData : ev.node;
}

/** Role segments per server and pause intervals per process, from role/crash/restart/pause events. */
function processStates(
  trace: TraceEvent[],
  laneOfNode: Map<string, number>,
  t1: number,
): { roles: RoleRow[]; pauses: PauseRow[] } {
  const roles: RoleRow[] = [];
  const pauses: PauseRow[] = [];
  const current = new Map<number, { since: number; role: number; term: number }>();
  const pausedSince = new Map<number, number>();
  const switchTo = (lane: number, t: number, role: number, term: number): void => {
    const c = current.get(lane);
    if (c && c.role === role && c.term === term) return;
    if (c && t > c.since) roles.push([lane, c.since, t, c.role, c.term]);
    current.set(lane, { since: t, role, term });
  };
  for (const ev of trace) {
    const node = nodeOf(ev);
    const lane = node === undefined ? undefined : laneOfNode.get(node);
    if (lane === undefined) continue;
    const term = current.get(lane)?.term ?? -1;
    switch (ev.kind) {
      case 'role': {
        const role = ROLES.indexOf(String(ev.data?.['role']) as (typeof ROLES)[number]);
        const t = ev.data?.['term'];
        switchTo(lane, ev.t, role < 0 ? ROLES.indexOf('up') : role, typeof t === 'number' ? t : term);
        break;
      }
      case 'crash':
        switchTo(lane, ev.t, ROLES.indexOf('down'), term);
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
    }
  }
  for (const [lane, c] of current) if (t1 > c.since) roles.push([lane, c.since, t1, c.role, c.term]);
  for (const [lane, since] of pausedSince) pauses.push([lane, since, t1]);
  roles.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  pauses.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return { roles, pauses };
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

function faultRows(
  faults: FaultInterval[],
  laneOfNode: Map<string, number>,
  t1: number,
): { rows: number; items: FaultRow[] } {
  const sorted = faults.map((f, i) => ({ f, i })).sort((a, b) => a.f.start - b.f.start || a.i - b.i);
  const packed = pack(sorted, (x) => x.f.start, (x) => x.f.end ?? t1);
  const items: FaultRow[] = sorted.map(({ f }, i) => {
    const targets = f.targets ?? [];
    const lanes = targets.map((t) => laneOfNode.get(t)).filter((l): l is number => l !== undefined);
    const label = targets.length > 0 ? `${f.fault} ${targets.join(' ')}` : f.fault;
    return [
      packed.rowOf[i] as number,
      f.start,
      f.end ?? t1,
      label,
      FAULT_CLASSES.indexOf(faultClass(f.fault)),
      lanes,
      targets.join(', '),
      f.params ? describeValue(f.params, 200) : '',
      f.end === null ? 1 : 0,
    ];
  });
  return { rows: packed.rows, items };
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
