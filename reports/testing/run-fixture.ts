/**
 * A realistic run for testing reports while the simulator is being built: 5 Raft servers and 10
 * clients contending for 3 locks, with a leader crash, a partition, a clock jump, message delays
 * and the `gc-pause-zombie` hazard: c3 is paused past its lease, the server expires it and grants
 * the lock to another client, and c3 wakes up, still believing, and writes with its stale token.
 *
 * It is a toy lock service (decisions are made whole, per client action), but its history,
 * beliefs, grants, resource log, faults and trace have the shapes and the proportions of a real
 * run, and its two violations are true of the data.
 */
import seedrandom from 'seedrandom';
import type { Belief, FaultInterval, Grant, Op, ResourceWrite, RunRecord, Violation } from '../../checker/history.js';
import { traceEventOf, type TraceEvent } from '../../checker/trace.js';
import { duration, instant } from '../../checker/validators/words.js';
import type { RunReportInput, RunResult } from '../types.js';

export interface RunFixtureOptions {
  /** Client operations to invoke (default 3000). */
  ops?: number;
  seed?: number;
  /** Put markup and script in keys, values, lock names and explanations. */
  hostile?: boolean;
}

const MS = 1_000_000;
const TTL = 300 * MS;
const SERVERS = ['n1', 'n2', 'n3', 'n4', 'n5'];
const CLIENTS = ['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9', 'c10'];
export const HOSTILE = '</script><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">';

interface Plan {
  duration: number;
  noLeader: [number, number][];
  slow: [number, number][];
  zombieAfter: number;
}

export function makeRunFixture(options: RunFixtureOptions = {}): RunReportInput {
  const ops = options.ops ?? 3000;
  const seed = options.seed ?? 7;
  // A dry run measures how long `ops` operations take, so faults land at fixed fractions of it.
  const dry = simulate(ops, seed, { duration: 0, noLeader: [], slow: [], zombieAfter: Infinity }, false);
  const T = dry.endAt;
  const plan: Plan = {
    duration: T,
    noLeader: [
      [0, 160 * MS],
      [0.25 * T, 0.25 * T + 340 * MS],
      [0.6 * T, 0.6 * T + 380 * MS],
    ],
    slow: [[0.75 * T, 0.75 * T + 800 * MS]],
    zombieAfter: 0.4 * T,
  };
  const run = simulate(ops, seed, plan, options.hostile ?? false);
  return finish(run, plan, seed, options.hostile ?? false);
}

type Event = Omit<Op, 'index'> & { index?: number };

interface Sim {
  history: Op[];
  beliefs: Belief[];
  grants: Grant[];
  writes: ResourceWrite[];
  endAt: number;
  zombie: { belief: Belief; grant: Grant; pause: [number, number]; write: ResourceWrite; acquireOk: number; writeOp: number } | null;
}

function simulate(target: number, seed: number, plan: Plan, hostile: boolean): Sim {
  const rng = seedrandom(`fixture-${seed}`);
  const between = (a: number, b: number): number => a + Math.floor(rng() * (b - a + 1));
  const locks = ['/ls/lock1', '/ls/lock2', '/ls/lock3'];
  const busyUntil = new Map<string, number>(locks.map((l) => [l, 0]));
  const tokens = new Map<string, number>(locks.map((l) => [l, 0]));
  const counters = new Map<string, number>(locks.map((l) => [l, 0]));
  const clients = CLIENTS.map((name, i) => ({ name, process: i, next: between(0, 20) * MS }));
  const history: Event[] = [];
  const beliefs: Belief[] = [];
  const beliefOp = new Map<Belief, Event>();
  const grants: Grant[] = [];
  const writes: ResourceWrite[] = [];
  let invoked = 0;
  let zombie: { belief: Belief; grant: Grant; pause: [number, number]; write: ResourceWrite; acquireOk: Event; writeOp: Event } | null = null;
  const inWindow = (t: number, ws: [number, number][]): boolean => ws.some(([a, b]) => t >= a && t < b);
  const latency = (t: number): number => (inWindow(t, plan.slow) ? between(20, 80) : between(1, 9)) * MS + between(0, 999) * 1000;
  const emit = (op: Event): Event => {
    history.push(op);
    if (op.type === 'invoke') invoked++;
    return op;
  };

  while (invoked < target) {
    const c = clients.reduce((a, b) => (b.next < a.next ? b : a));
    let t = c.next;
    const lock = locks[between(0, locks.length - 1)] as string;
    const base = { process: c.process, node: c.name };
    emit({ ...base, type: 'invoke', f: 'acquire', value: null, key: lock, time: t });
    if (inWindow(t, plan.noLeader)) {
      if (rng() < 0.5) {
        emit({ ...base, type: 'fail', f: 'acquire', value: null, key: lock, time: t + 2 * MS, error: 'no-leader' });
        c.next = t + 2 * MS + between(10, 40) * MS;
      } else {
        emit({ ...base, type: 'info', f: 'acquire', value: null, key: lock, time: t + 500 * MS, error: 'timeout' });
        c.process += CLIENTS.length;
        c.next = t + 500 * MS + between(5, 20) * MS;
      }
      continue;
    }
    const done = t + latency(t);
    if ((busyUntil.get(lock) as number) > done) {
      emit({ ...base, type: 'fail', f: 'acquire', value: null, key: lock, time: done, error: 'held' });
      c.next = done + between(5, 40) * MS;
      continue;
    }
    const token = (tokens.get(lock) as number) + 1;
    tokens.set(lock, token);
    // The leader applies the grant while the reply is in flight, never before the lock was free.
    const grantAt = Math.max(busyUntil.get(lock) as number, done - Math.floor((done - t) / 2));
    const acquireOk = emit({ ...base, type: 'ok', f: 'acquire', value: token, key: lock, time: done });
    const grant: Grant = { lock, owner: `s-${c.name}-${c.process}`, client: c.name, token, mode: 'exclusive', at: grantAt, serverEnd: null };
    const belief: Belief = { client: c.name, lock, token, mode: 'exclusive', start: done, end: null };
    grants.push(grant);
    beliefs.push(belief);
    beliefOp.set(belief, acquireOk);
    t = done;

    const isZombie = zombie === null && c.name === 'c3' && lock === '/ls/lock1' && t >= plan.zombieAfter;
    let pause: [number, number] | null = null;
    if (isZombie) {
      pause = [t + 3 * MS, t + 3 * MS + Math.round(2.2 * TTL)];
      t = pause[1];
    }
    const nWrites = between(1, 3);
    let zombieWrite: { w: ResourceWrite; op: Event } | null = null;
    for (let k = 0; k < nWrites; k++) {
      t += between(1, 8) * MS;
      const value = (counters.get(lock) as number) + 1;
      const key = hostile && k === 0 && rng() < 0.02 ? HOSTILE : `${lock}/counter`;
      const inv = emit({ ...base, type: 'invoke', f: 'write', value: { token, value }, key, time: t });
      const lat = latency(t);
      const refused = !isZombie && rng() < 0.03;
      const w: ResourceWrite = { time: t + Math.floor(lat / 2), lock, client: c.name, token, accepted: !refused, key, value };
      if (refused) w.reason = 'resource-busy';
      else counters.set(lock, value);
      writes.push(w);
      t += lat;
      if (refused) emit({ ...base, type: 'fail', f: 'write', value: null, key, time: t, error: 'resource-busy' });
      else emit({ ...base, type: 'ok', f: 'write', value, key, time: t });
      if (isZombie && k === 0) zombieWrite = { w, op: inv };
    }
    t += between(1, 5) * MS;
    belief.end = t;
    belief.endReason = 'released';
    emit({ ...base, type: 'invoke', f: 'release', value: token, key: lock, time: t });
    const lat = latency(t);
    if (isZombie && pause && zombieWrite) {
      grant.serverEnd = grant.at + TTL;
      grant.endReason = 'expired';
      busyUntil.set(lock, grant.at + TTL);
      emit({ ...base, type: 'fail', f: 'release', value: null, key: lock, time: t + lat, error: 'not-held' });
      zombie = { belief, grant, pause, write: zombieWrite.w, acquireOk, writeOp: zombieWrite.op };
    } else {
      grant.serverEnd = t + Math.floor(lat / 2);
      grant.endReason = 'released';
      busyUntil.set(lock, grant.serverEnd);
      emit({ ...base, type: 'ok', f: 'release', value: null, key: lock, time: t + lat });
    }
    c.next = t + lat + between(1, 20) * MS;
  }

  // The run ends shortly after the last invocation: later completions never happen.
  let endAt = 0;
  for (const op of history) if (op.type === 'invoke') endAt = Math.max(endAt, op.time);
  endAt += 50 * MS;
  const kept = history.filter((op) => op.time <= endAt).sort((a, b) => a.time - b.time);
  kept.forEach((op, i) => (op.index = i));
  for (const b of beliefs) {
    const op = beliefOp.get(b);
    if (op?.index !== undefined) b.op = op.index;
    if (b.end !== null && b.end > endAt) {
      b.end = null;
      b.endReason = 'run-end';
    }
  }
  for (const g of grants) {
    if (g.serverEnd !== null && g.serverEnd > endAt) {
      g.serverEnd = null;
      delete g.endReason;
    }
  }
  return {
    history: kept as Op[],
    beliefs: beliefs.filter((b) => b.start <= endAt),
    grants: grants.filter((g) => g.at <= endAt),
    writes: writes.filter((w) => w.time <= endAt),
    endAt,
    zombie:
      zombie === null
        ? null
        : { ...zombie, acquireOk: zombie.acquireOk.index ?? -1, writeOp: zombie.writeOp.index ?? -1 },
  };
}

function finish(run: Sim, plan: Plan, seed: number, hostile: boolean): RunReportInput {
  const T = run.endAt;
  const z = run.zombie;
  if (z === null) throw new Error('fixture: the zombie hazard was never planted; choose more ops');
  const rival = run.beliefs.find(
    (b) => b.lock === z.belief.lock && b.client !== 'c3' && b.start < (z.belief.end ?? T) && (b.end ?? T) > z.belief.start,
  );
  if (!rival) throw new Error('fixture: nobody took the lock from the zombie; choose another seed');
  const rivalWrite = run.writes.find((w) => w.lock === rival.lock && w.token === rival.token && w.accepted && w.time < z.write.time);
  const rivalAcquire = rival.op ?? -1;
  const lockName = hostile ? HOSTILE : z.belief.lock;
  if (hostile) {
    for (const b of run.beliefs) if (b.lock === z.belief.lock) b.lock = HOSTILE;
    for (const g of run.grants) if (g.lock === z.belief.lock) g.lock = HOSTILE;
    for (const w of run.writes) if (w.lock === z.belief.lock) w.lock = HOSTILE;
  }
  // Times as the checkers write them (checker/validators/words.ts).
  const fmt = (ns: number): string => instant(ns);
  const dur = (ns: number): string => duration(ns);
  const overlapStart = rival.start;
  const overlapEnd = Math.min(z.belief.end ?? T, rival.end ?? T);
  const violations: Violation[] = [
    {
      kind: 'ME-belief',
      explanation:
        `c3 and ${rival.client} both believed they held ${lockName} from ${fmt(overlapStart)} to ${fmt(overlapEnd)} ` +
        `(${dur(overlapEnd - overlapStart)}). c3 took it with token ${z.belief.token}, was paused for ` +
        `${dur(z.pause[1] - z.pause[0])} (longer than its ${dur(TTL)} lease), and the server expired its grant at ` +
        `${fmt(z.grant.serverEnd as number)} and gave the lock to ${rival.client} with token ${rival.token}; c3 woke up still believing it was the holder.`,
      ops: [z.acquireOk, rivalAcquire].filter((i) => i >= 0),
      at: overlapStart,
      checker: 'belief-overlap',
      detail: {
        lock: lockName,
        clients: ['c3', rival.client],
        tokens: [z.belief.token, rival.token],
        overlap: { start: overlapStart, end: overlapEnd },
      },
    },
  ];
  if (rivalWrite) {
    violations.push({
      kind: 'ME-effect',
      explanation:
        `The resource accepted c3's write with token ${z.belief.token} at ${fmt(z.write.time)}, after it had already accepted ` +
        `${rival.client}'s write with the newer token ${rival.token} at ${fmt(rivalWrite.time)}: the resource does not check ` +
        `fencing tokens, so the paused holder's late write overwrote the new holder's work.`,
      ops: [z.writeOp].filter((i) => i >= 0),
      at: z.write.time,
      checker: 'effect-overlap',
      detail: { lock: lockName, staleToken: z.belief.token, newerToken: rival.token, clients: ['c3', rival.client] },
    });
  }
  if (hostile) {
    (violations[0] as Violation).explanation += ` ${HOSTILE}`;
  }

  // Faults sit where the plan put them: at fractions of the dry run's length.
  const D = plan.duration;
  const faults: FaultInterval[] = [
    { fault: 'crash', targets: ['n1'], start: 0.25 * D, end: 0.25 * D + 2000 * MS },
    { fault: 'pause', targets: ['c3'], start: z.pause[0], end: z.pause[1], params: { reason: 'stop-the-world GC' } },
    { fault: 'clock-jump', targets: ['n4'], start: 0.5 * D, end: 0.58 * D, params: { deltaMs: 120 } },
    {
      fault: 'partition',
      targets: ['n3'],
      start: 0.6 * D,
      end: 0.6 * D + 1200 * MS,
      params: { isolated: ['n3'], from: ['n1', 'n2', 'n4', 'n5'] },
    },
    { fault: 'delay', targets: [...CLIENTS], start: plan.slow[0]?.[0] ?? 0, end: plan.slow[0]?.[1] ?? 0, params: { minMs: 20, maxMs: 80 } },
  ];
  const record: RunRecord = {
    history: run.history,
    beliefs: run.beliefs,
    resourceLog: run.writes,
    grants: run.grants,
    faults,
    healAt: 0.9 * D,
    endAt: T,
  };
  const trace = makeTrace(run, D, seed, z.pause, z.grant);
  const result: RunResult = {
    scenario: 'gc-pause-zombie',
    design: 'unsafe',
    seed,
    valid: false,
    violations,
    stats: {
      ops: run.history.filter((o) => o.type === 'invoke').length,
      grants: run.grants.length,
      elections: 3,
      messages: messageStats(run.history.length),
      worstLeaseGapNs: (z.belief.end ?? T) - (z.grant.serverEnd as number),
      events: 412_337,
    },
    traceHash: hashHex(seed, run.history.length),
    simTimeNs: T,
    wallMs: 842,
    repro: `npx lockstep run gc-pause-zombie --design unsafe --seed ${seed}`,
    params: {
      servers: 5,
      clients: 10,
      locks: 3,
      ttlMs: TTL / MS,
      lockDelayMs: 0,
      resourceChecksTokens: false,
      electionTimeoutMs: [150, 300],
      heartbeatMs: 50,
      networkDelayMs: [1, 9],
      faults: ['crash', 'pause', 'clock-jump', 'partition', 'delay'],
      fsync: 'always',
    },
    expectation: 'caught',
  };
  return { result, record, trace };
}

function makeTrace(run: Sim, D: number, seed: number, pause: [number, number], zombieGrant: Grant): TraceEvent[] {
  const rng = seedrandom(`fixture-trace-${seed}`);
  const events: { t: number; kind: string; node?: string; data?: Record<string, unknown> }[] = [];
  const role = (t: number, node: string, r: string, term: number): void => {
    events.push({ t, kind: 'role', node, data: { role: r, term } });
  };
  for (const n of [...SERVERS, ...CLIENTS]) {
    const driftPpm = Math.round((rng() * 2 - 1) * 80);
    events.push({ t: 0, kind: 'clock', node: n, data: { driftPpm, wallOffsetNs: Math.round((rng() * 2 - 1) * 2 * MS) } });
  }
  for (const n of SERVERS) role(0, n, 'follower', 0);
  role(150 * MS, 'n1', 'candidate', 1);
  role(160 * MS, 'n1', 'leader', 1);
  for (const n of SERVERS.slice(1)) role(158 * MS, n, 'follower', 1);
  // Leader n1 crashes; n3 and n5 stand for term 2; n3 wins.
  const crash = 0.25 * D;
  events.push({ t: crash, kind: 'crash', node: 'n1', data: { mode: 'kill', lostWrites: 0 } });
  events.push({ t: crash, kind: 'fault', data: { fault: 'crash', targets: ['n1'] } });
  role(crash + 300 * MS, 'n3', 'candidate', 2);
  role(crash + 305 * MS, 'n5', 'candidate', 2);
  role(crash + 318 * MS, 'n5', 'follower', 2);
  for (const n of ['n2', 'n4']) role(crash + 320 * MS, n, 'follower', 2);
  role(crash + 340 * MS, 'n3', 'leader', 2);
  events.push({ t: crash + 2000 * MS, kind: 'restart', node: 'n1' });
  role(crash + 2010 * MS, 'n1', 'follower', 2);
  // c3's stop-the-world pause, and the server expiring its lease meanwhile.
  events.push({ t: pause[0], kind: 'pause', node: 'c3' });
  events.push({ t: zombieGrant.at + TTL, kind: 'expire', node: 'n3', data: { session: zombieGrant.owner, lock: zombieGrant.lock } });
  events.push({ t: pause[1], kind: 'resume', node: 'c3' });
  // n4's wall clock steps forward 120 ms, then is reset.
  events.push({ t: 0.5 * D, kind: 'clock', node: 'n4', data: { driftPpm: 40, wallOffsetNs: 120 * MS } });
  events.push({ t: 0.58 * D, kind: 'clock', node: 'n4', data: { driftPpm: 40, wallOffsetNs: 1 * MS } });
  events.push({ t: 0.3 * D, kind: 'clock', node: 'c5', data: { driftPpm: 400, wallOffsetNs: -3 * MS } });
  // n3 (leader) is cut off; n2 wins term 3; n3 learns of it when the partition heals.
  const part = 0.6 * D;
  events.push({ t: part, kind: 'partition', data: { pairs: ['n3>n1', 'n1>n3', 'n3>n2', 'n2>n3', 'n3>n4', 'n4>n3', 'n3>n5', 'n5>n3'] } });
  for (let k = 0; k < 24; k++) {
    events.push({ t: part + k * 50 * MS, kind: 'drop', node: 'n3', data: { to: SERVERS[1 + (k % 4)], type: 'AppendEntries', why: 'partition' } });
  }
  role(part + 350 * MS, 'n2', 'candidate', 3);
  for (const n of ['n1', 'n4', 'n5']) role(part + 360 * MS, n, 'follower', 3);
  role(part + 380 * MS, 'n2', 'leader', 3);
  events.push({ t: part + 1200 * MS, kind: 'heal-partition' });
  role(part + 1210 * MS, 'n3', 'follower', 3);
  events.push({ t: 0.75 * D, kind: 'fault', data: { fault: 'delay', targets: CLIENTS } });
  events.push({ t: 0.75 * D + 800 * MS, kind: 'heal' });
  // Grants as the leader of the moment applied them.
  const leaderAt = (t: number): string => (t < crash ? 'n1' : t < part + 380 * MS ? 'n3' : 'n2');
  for (const g of run.grants) events.push({ t: g.at, kind: 'grant', node: leaderAt(g.at), data: { lock: g.lock, owner: g.owner, token: g.token } });
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.t - b.e.t || a.i - b.i)
    .map(({ e }, seq) => traceEventOf({ seq, ...e }));
}

function messageStats(historyEvents: number): Record<string, { sent: number; delivered: number; dropped: number }> {
  const requests = Math.round(historyEvents / 2);
  return {
    AppendEntries: { sent: requests * 4 + 9200, delivered: requests * 4 + 9011, dropped: 189 },
    AppendEntriesReply: { sent: requests * 4 + 9011, delivered: requests * 4 + 8902, dropped: 109 },
    ClientRequest: { sent: requests, delivered: requests - 37, dropped: 37 },
    ClientReply: { sent: requests - 37, delivered: requests - 52, dropped: 15 },
    KeepAlive: { sent: 2410, delivered: 2371, dropped: 39 },
    RequestVote: { sent: 12, delivered: 10, dropped: 2 },
    RequestVoteReply: { sent: 10, delivered: 10, dropped: 0 },
  };
}

function hashHex(seed: number, n: number): string {
  let h = 0x811c9dc5 ^ seed;
  h = Math.imul(h ^ n, 0x01000193) >>> 0;
  const h2 = Math.imul(h ^ 0x5bd1e995, 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}
