/**
 * Model-based test: random command sequences run against the state machine and against a small
 * model of the lock service written here, from the rules alone. After every command the replies,
 * the answers to waiting requests and the visible state must agree.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { LockMode } from './commands.js';
import type { ApplyResult } from './facts.js';
import { LogDriver } from './log-driver.js';
import type { Reply } from './replies.js';

const MS = 1_000_000;
const LOCK_DELAY = 300 * MS;
const CONFIG = {
  epsilon: 0.25, // exact in binary, so the model's arithmetic is exact too
  lockDelayNs: LOCK_DELAY,
  tickSlackNs: 0,
  defaultSessionTtlNs: 1_000 * MS,
  minSessionTtlNs: 100 * MS,
  maxSessionTtlNs: 10_000 * MS,
  maxTtlLockMs: 5_000,
  endedSessionMemory: 100_000,
};
const LOCKS = ['/ls/a', '/ls/b'] as const;
const RESOURCES = ['r1', 'r2'] as const;
const OWNERS = ['o1', 'o2'] as const;
const KEYS = ['k1', 'k2'] as const;
const CLIENTS = ['c0', 'c1', 'c2'] as const;

// ---------------------------------------------------------------- the model

interface MSession {
  id: string;
  client: string;
  ttl: number;
  deadline: number;
  status: 'live' | 'expired' | 'closed';
  opened: Set<string>;
}

interface MLock {
  exists: boolean;
  holders: { session: string; token: number; mode: LockMode }[];
  queue: { session: string; mode: LockMode; request: number }[];
  delayUntil: number;
}

interface Model {
  index: number;
  clock: number;
  sessions: MSession[];
  locks: Map<string, MLock>;
  ttl: Map<string, { owner: string; token: number; deadline: number }>;
  ttlDelay: Map<string, number>;
  kv: Map<string, { value: number; version: number }>;
  clients: Map<string, { seq: number; lastOk: boolean }>;
  /** What the entry being applied must answer to earlier requests: token, or error code. */
  answers: Map<number, number | string>;
}

function newModel(): Model {
  return {
    index: 0,
    clock: 0,
    sessions: [],
    locks: new Map(LOCKS.map((path) => [path, { exists: false, holders: [], queue: [], delayUntil: 0 }])),
    ttl: new Map(),
    ttlDelay: new Map(),
    kv: new Map(),
    clients: new Map(),
    answers: new Map(),
  };
}

const leaseEnd = (m: Model, ttl: number): number => m.clock + ttl * 1.25;

function sessionProblem(s: MSession): string | null {
  if (s.status === 'expired') return 'session-expired';
  if (s.status === 'closed') return 'session-closed';
  return null;
}

function compatible(lock: MLock, mode: LockMode): boolean {
  return mode === 'exclusive' ? lock.holders.length === 0 : lock.holders.every((h) => h.mode === 'shared');
}

/** The session lets go of a lock: its grant ends, its wait is answered. */
function leave(m: Model, lock: MLock, session: string, why: 'closed' | 'session-closed' | 'expired'): void {
  const held = lock.holders.findIndex((h) => h.session === session);
  if (held >= 0) {
    lock.holders.splice(held, 1);
    if (why === 'expired') lock.delayUntil = Math.max(lock.delayUntil, m.clock + LOCK_DELAY);
  }
  const waiting = lock.queue.findIndex((w) => w.session === session);
  if (waiting >= 0) {
    const [w] = lock.queue.splice(waiting, 1);
    m.answers.set(w.request, why === 'expired' ? 'session-expired' : why === 'closed' ? 'not-open' : 'session-closed');
  }
}

/** Whoever may have a lock now gets it: the head of the queue, and readers right behind a reader. */
function settle(m: Model): void {
  for (const lock of m.locks.values()) {
    if (m.clock < lock.delayUntil) continue;
    while (lock.queue.length > 0 && compatible(lock, lock.queue[0].mode)) {
      const w = lock.queue.shift()!;
      lock.holders.push({ session: w.session, token: m.index, mode: w.mode });
      m.answers.set(w.request, m.index);
      if (w.mode === 'exclusive') break;
    }
  }
}

function nextSeq(m: Model, client: string): number {
  const entry = m.clients.get(client) ?? { seq: 0, lastOk: false };
  entry.seq += 1;
  m.clients.set(client, entry);
  return entry.seq;
}

function recordOutcome(m: Model, client: string, ok: boolean): void {
  m.clients.get(client)!.lastOk = ok;
}

// ---------------------------------------------------------------- the real thing

interface Real {
  log: LogDriver;
  /** Per client: the last request executed and the latest answer to it. */
  last: Map<string, { command: Record<string, unknown>; reply: Reply }>;
}

function send(r: Real, command: Record<string, unknown>): ApplyResult {
  const result = r.log.run(command);
  for (const fact of result.facts) {
    if (fact.kind === 'grant') expect(fact.token, 'a token is the index of the entry that granted it').toBe(r.log.index);
  }
  const clientId = command.clientId as string | undefined;
  if (clientId !== undefined && result.reply.ok) r.last.set(clientId, { command, reply: result.reply });
  for (const answer of result.answers) {
    const last = answer.request.clientId === undefined ? undefined : r.last.get(answer.request.clientId);
    if (last !== undefined && last.command.seq === answer.request.seq) last.reply = answer.reply;
  }
  return result;
}

function answersOf(result: ApplyResult): Map<number, number | string> {
  return new Map(
    result.answers.map((a) => [
      a.request.index,
      a.reply.ok ? (a.reply as { token: number }).token : a.reply.error.code,
    ]),
  );
}

function err(code: string): { ok: false; error: { code: string } } {
  return { ok: false, error: { code } };
}

/** Replies, answers and visible state of the real machine against the model. */
function agree(m: Model, r: Real, result: ApplyResult, expected: unknown): void {
  expect(result.reply).toMatchObject(expected as object);
  expect(answersOf(result)).toEqual(m.answers);
  const summary = r.log.machine.summary();
  const snapshot = r.log.machine.snapshot();
  expect(summary.clockNs).toBe(m.clock);
  expect(summary.liveSessions).toEqual(m.sessions.filter((s) => s.status === 'live').map((s) => s.id));
  for (const [path, lock] of m.locks) {
    const node = snapshot.nodes.find((n) => n.path === path);
    expect(node !== undefined).toBe(lock.exists);
    expect(node?.lock.holders.map((h) => [h.session, h.token, h.mode]) ?? []).toEqual(
      lock.holders.map((h) => [h.session, h.token, h.mode]),
    );
    expect(node?.lock.waiters.map((w) => [w.session, w.mode, w.request.index]) ?? []).toEqual(
      lock.queue.map((w) => [w.session, w.mode, w.request]),
    );
  }
  expect(summary.ttlLocks).toEqual(
    Object.fromEntries([...m.ttl].map(([resource, held]) => [resource, { owner: held.owner, token: held.token }])),
  );
  expect(snapshot.kv).toEqual([...m.kv]);
}

/** Starts the model's bookkeeping for one command of `entries` log entries. */
function begin(m: Model, entries = 1): void {
  m.index += entries;
  m.answers = new Map();
}

type Cmd = fc.Command<Model, Real>;

/** Mostly a live session (the interesting case), one time in four any session, dead or alive. */
function pick(m: Model, n: number): MSession {
  const live = m.sessions.filter((s) => s.status === 'live');
  const pool = live.length > 0 && n % 4 !== 0 ? live : m.sessions;
  return pool[Math.floor(n / 4) % pool.length];
}

// ---------------------------------------------------------------- commands

class OpenSession implements Cmd {
  constructor(readonly client: string, readonly ttlMs: number) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    begin(m);
    const id = `s${m.index}`;
    const ttl = this.ttlMs * MS;
    m.sessions.push({ id, client: this.client, ttl, deadline: leaseEnd(m, ttl), status: 'live', opened: new Set() });
    const result = send(r, { type: 'open-session', client: this.client, ttlNs: ttl });
    agree(m, r, result, { ok: true, type: 'open-session', session: id, leaseNs: ttl });
  }
  toString = (): string => `open-session(${this.client}, ${this.ttlMs}ms)`;
}

class KeepAlive implements Cmd {
  constructor(readonly n: number) {}
  check = (m: Readonly<Model>): boolean => m.sessions.length > 0;
  run(m: Model, r: Real): void {
    const s = pick(m, this.n);
    begin(m);
    const seq = nextSeq(m, s.client);
    const problem = sessionProblem(s);
    if (problem === null) s.deadline = leaseEnd(m, s.ttl);
    recordOutcome(m, s.client, problem === null);
    const result = send(r, { type: 'keep-alive', session: s.id, clientId: s.client, seq });
    agree(m, r, result, problem ? err(problem) : { ok: true, type: 'keep-alive', leaseNs: s.ttl });
  }
  toString = (): string => `keep-alive(#${this.n})`;
}

class CloseSession implements Cmd {
  constructor(readonly n: number) {}
  check = (m: Readonly<Model>): boolean => m.sessions.length > 0;
  run(m: Model, r: Real): void {
    const s = pick(m, this.n);
    begin(m);
    const problem = sessionProblem(s);
    if (problem === null) {
      s.status = 'closed';
      for (const lock of m.locks.values()) leave(m, lock, s.id, 'session-closed');
      settle(m);
    }
    const result = send(r, { type: 'close-session', session: s.id });
    agree(m, r, result, problem ? err(problem) : { ok: true, type: 'close-session' });
  }
  toString = (): string => `close-session(#${this.n})`;
}

class Acquire implements Cmd {
  constructor(readonly n: number, readonly path: string, readonly mode: LockMode, readonly wait: boolean) {}
  check = (m: Readonly<Model>): boolean => m.sessions.length > 0;
  run(m: Model, r: Real): void {
    const s = pick(m, this.n);
    const lock = m.locks.get(this.path)!;
    const problem = sessionProblem(s);

    begin(m);
    const created = problem === null && !lock.exists;
    if (problem === null) {
      lock.exists = true;
      s.opened.add(this.path);
    }
    const opened = send(r, { type: 'open', session: s.id, path: this.path, mode: 'write', create: { kind: 'file' } });
    agree(m, r, opened, problem ? err(problem) : { ok: true, type: 'open', created });

    begin(m);
    const seq = nextSeq(m, s.client);
    let expected: unknown;
    if (problem !== null) expected = err(problem);
    else if (lock.holders.some((h) => h.session === s.id)) expected = err('already-held');
    else if (lock.queue.some((w) => w.session === s.id)) expected = err('already-waiting');
    else {
      const blockedBy =
        m.clock < lock.delayUntil ? 'lock-delay' : lock.queue.length > 0 ? 'queue' : compatible(lock, this.mode) ? null : 'holder';
      if (blockedBy === null) {
        lock.holders.push({ session: s.id, token: m.index, mode: this.mode });
        expected = { ok: true, type: 'acquire', granted: true, token: m.index, mode: this.mode };
      } else if (!this.wait) {
        expected = { ok: true, type: 'acquire', granted: false, queued: false, blockedBy };
      } else {
        lock.queue.push({ session: s.id, mode: this.mode, request: m.index });
        expected = { ok: true, type: 'acquire', granted: false, queued: true, waitIndex: m.index, blockedBy };
      }
    }
    recordOutcome(m, s.client, (expected as { ok: boolean }).ok);
    const command = { type: 'acquire', session: s.id, path: this.path, mode: this.mode, wait: this.wait, clientId: s.client, seq };
    agree(m, r, send(r, command), expected);
  }
  toString = (): string => `acquire(#${this.n}, ${this.path}, ${this.mode}, wait=${this.wait})`;
}

class Release implements Cmd {
  constructor(readonly n: number, readonly path: string, readonly stale: boolean) {}
  check = (m: Readonly<Model>): boolean => m.sessions.length > 0;
  run(m: Model, r: Real): void {
    const s = pick(m, this.n);
    const lock = m.locks.get(this.path)!;
    begin(m);
    const seq = nextSeq(m, s.client);
    const held = lock.holders.find((h) => h.session === s.id);
    const token = held === undefined ? 1 : this.stale ? held.token - 1 : held.token;
    const problem = sessionProblem(s);
    let expected: unknown;
    if (problem !== null) expected = err(problem);
    else if (!lock.exists) expected = err('no-such-path');
    else if (held === undefined) expected = err('not-held');
    else if (this.stale) expected = err('stale-token');
    else {
      lock.holders.splice(lock.holders.indexOf(held), 1);
      settle(m);
      expected = { ok: true, type: 'release' };
    }
    recordOutcome(m, s.client, (expected as { ok: boolean }).ok);
    agree(m, r, send(r, { type: 'release', session: s.id, path: this.path, token, clientId: s.client, seq }), expected);
  }
  toString = (): string => `release(#${this.n}, ${this.path}${this.stale ? ', stale token' : ''})`;
}

class CloseFile implements Cmd {
  constructor(readonly n: number, readonly path: string) {}
  check = (m: Readonly<Model>): boolean => m.sessions.length > 0;
  run(m: Model, r: Real): void {
    const s = pick(m, this.n);
    begin(m);
    const problem = sessionProblem(s) ?? (s.opened.has(this.path) ? null : 'not-open');
    if (problem === null) {
      s.opened.delete(this.path);
      leave(m, m.locks.get(this.path)!, s.id, 'closed');
      settle(m);
    }
    agree(m, r, send(r, { type: 'close', session: s.id, path: this.path }), problem ? err(problem) : { ok: true, type: 'close' });
  }
  toString = (): string => `close(#${this.n}, ${this.path})`;
}

class Tick implements Cmd {
  constructor(readonly ms: number, readonly newLeader: boolean) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    begin(m);
    m.clock += this.ms * MS;
    const expiring = m.sessions.filter((s) => s.status === 'live' && s.deadline <= m.clock);
    for (const s of expiring) s.status = 'expired';
    for (const s of expiring) for (const lock of m.locks.values()) leave(m, lock, s.id, 'expired');
    for (const [resource, held] of m.ttl) {
      if (held.deadline <= m.clock) {
        m.ttl.delete(resource);
        m.ttlDelay.set(resource, m.clock + LOCK_DELAY);
      }
    }
    settle(m);
    if (this.newLeader) r.log.term += 1;
    agree(m, r, send(r, { type: 'tick', elapsedNs: this.ms * MS }), { ok: true, type: 'tick', clockNs: m.clock });
  }
  toString = (): string => `tick(${this.ms}ms${this.newLeader ? ', new leader' : ''})`;
}

class TryLock implements Cmd {
  constructor(readonly resource: string, readonly owner: string, readonly expireMs: number) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    begin(m);
    const free = !m.ttl.has(this.resource) && m.clock >= (m.ttlDelay.get(this.resource) ?? 0);
    if (free) m.ttl.set(this.resource, { owner: this.owner, token: m.index, deadline: leaseEnd(m, this.expireMs * MS) });
    const result = send(r, { type: 'try-lock', resourceId: this.resource, owner: this.owner, expireMs: this.expireMs });
    agree(m, r, result, free ? { ok: true, acquired: true, token: m.index } : { ok: true, acquired: false });
  }
  toString = (): string => `try-lock(${this.resource}, ${this.owner}, ${this.expireMs}ms)`;
}

class Unlock implements Cmd {
  constructor(readonly resource: string, readonly owner: string) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    begin(m);
    const held = m.ttl.get(this.resource);
    const status = held === undefined ? 'not-held' : held.owner === this.owner ? 'ok' : 'held-by-other';
    if (status === 'ok') m.ttl.delete(this.resource);
    agree(m, r, send(r, { type: 'unlock', resourceId: this.resource, owner: this.owner }), { ok: true, status });
  }
  toString = (): string => `unlock(${this.resource}, ${this.owner})`;
}

class Put implements Cmd {
  constructor(readonly client: string, readonly key: string, readonly value: number) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    begin(m);
    const seq = nextSeq(m, this.client);
    const version = (m.kv.get(this.key)?.version ?? 0) + 1;
    m.kv.set(this.key, { value: this.value, version });
    recordOutcome(m, this.client, true);
    const command = { type: 'put', key: this.key, value: this.value, clientId: this.client, seq };
    agree(m, r, send(r, command), { ok: true, type: 'put', version });
  }
  toString = (): string => `put(${this.client}, ${this.key}=${this.value})`;
}

class Cas implements Cmd {
  constructor(readonly key: string, readonly expected: number | null, readonly value: number) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    begin(m);
    const current = m.kv.get(this.key);
    const swapped = (current?.value ?? null) === this.expected;
    if (swapped) m.kv.set(this.key, { value: this.value, version: (current?.version ?? 0) + 1 });
    const after = m.kv.get(this.key);
    const command = { type: 'cas', key: this.key, expectedValue: this.expected, value: this.value };
    agree(m, r, send(r, command), { ok: true, swapped, value: after?.value ?? null, version: after?.version ?? 0 });
  }
  toString = (): string => `cas(${this.key}: ${this.expected} -> ${this.value})`;
}

class Get implements Cmd {
  constructor(readonly key: string) {}
  check = (): boolean => true;
  run(m: Model, r: Real): void {
    begin(m);
    const current = m.kv.get(this.key);
    agree(m, r, send(r, { type: 'get', key: this.key }), { ok: true, value: current?.value ?? null, version: current?.version ?? 0 });
  }
  toString = (): string => `get(${this.key})`;
}

/** A client sends its last request again (its reply was lost): same answer, nothing changes. */
class Retry implements Cmd {
  constructor(readonly client: string) {}
  check = (m: Readonly<Model>): boolean => m.clients.get(this.client)?.lastOk === true;
  run(m: Model, r: Real): void {
    begin(m);
    const last = r.last.get(this.client)!;
    const before = r.log.machine.canonicalText();
    const result = r.log.run(last.command);
    expect(result.reply).toEqual(last.reply);
    expect(result.facts).toEqual([]);
    expect(result.answers).toEqual([]);
    expect(r.log.machine.canonicalText()).toBe(before);
  }
  toString = (): string => `retry(${this.client})`;
}

// ---------------------------------------------------------------- the property

function weighted<T>(weight: number, arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T>[] {
  return Array.from({ length: weight }, () => arbitrary);
}


const lockMode = fc.constantFrom<LockMode>('exclusive', 'shared');

/** Lock traffic weighs most; the rest keeps time, sessions and the other APIs moving. */
const commands = [
  ...weighted(2, fc.record({ client: fc.constantFrom(...CLIENTS), ttl: fc.constantFrom(300, 1_000, 3_000) }).map(({ client, ttl }) => new OpenSession(client, ttl))),
  ...weighted(3, fc.nat().map((n) => new KeepAlive(n))),
  ...weighted(1, fc.nat().map((n) => new CloseSession(n))),
  ...weighted(6, fc.tuple(fc.nat(), fc.constantFrom(...LOCKS), lockMode, fc.boolean()).map(([n, path, mode, wait]) => new Acquire(n, path, mode, wait))),
  ...weighted(4, fc.tuple(fc.nat(), fc.constantFrom(...LOCKS), fc.nat(4)).map(([n, path, k]) => new Release(n, path, k === 0))),
  ...weighted(1, fc.tuple(fc.nat(), fc.constantFrom(...LOCKS)).map(([n, path]) => new CloseFile(n, path))),
  ...weighted(3, fc.tuple(fc.integer({ min: 0, max: 400 }), fc.nat(5)).map(([ms, k]) => new Tick(ms, k === 0))),
  ...weighted(1, fc.tuple(fc.constantFrom(...RESOURCES), fc.constantFrom(...OWNERS), fc.constantFrom(200, 1_000)).map(([resource, owner, ms]) => new TryLock(resource, owner, ms))),
  ...weighted(1, fc.tuple(fc.constantFrom(...RESOURCES), fc.constantFrom(...OWNERS)).map(([resource, owner]) => new Unlock(resource, owner))),
  ...weighted(1, fc.tuple(fc.constantFrom(...CLIENTS), fc.constantFrom(...KEYS), fc.nat(3)).map(([client, key, value]) => new Put(client, key, value))),
  ...weighted(1, fc.tuple(fc.constantFrom(...KEYS), fc.option(fc.nat(3)), fc.nat(3)).map(([key, expected, value]) => new Cas(key, expected, value))),
  ...weighted(1, fc.constantFrom(...KEYS).map((key) => new Get(key))),
  ...weighted(2, fc.constantFrom(...CLIENTS).map((client) => new Retry(client))),
];

describe('the state machine against its model', () => {
  test('replies, answers and state agree on random command sequences', () => {
    fc.assert(
      fc.property(fc.commands(commands, { maxCommands: 80, size: 'max' }), (cmds) => {
        fc.modelRun(() => ({ model: newModel(), real: { log: new LogDriver(CONFIG), last: new Map() } }), cmds);
      }),
      { numRuns: 250 },
    );
  });
});
