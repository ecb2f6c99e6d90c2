/**
 * A replica that restores a snapshot taken at entry k and applies the rest of the log must end
 * exactly where a replica that applied the whole log ends: same digest, same replies, same facts.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { AppliedCommand } from '../server/state-machine.js';
import type { ApplyResult } from './facts.js';
import { LogDriver } from './log-driver.js';
import { LockStateMachine } from './state-machine.js';

const MS = 1_000_000;
const CONFIG = { epsilon: 0.1, lockDelayNs: 200 * MS, defaultSessionTtlNs: 1_000 * MS };
const PATHS = ['/ls/a', '/ls/d', '/ls/d/x', '/ls/e'];

/** One step of a random workload; `n` picks among the sessions opened so far. */
type Step =
  | { op: 'open-session'; ttlMs: number }
  | { op: 'keep-alive' | 'close-session'; n: number }
  | { op: 'open'; n: number; path: number; kind: 'file' | 'directory'; ephemeral: boolean }
  | { op: 'close' | 'delete'; n: number; path: number }
  | { op: 'set'; n: number; path: number; content: string }
  | { op: 'acquire'; n: number; path: number; shared: boolean; wait: boolean }
  | { op: 'release'; n: number; path: number; stale: boolean }
  | { op: 'try-lock' | 'unlock'; owner: number; expireMs: number }
  | { op: 'put' | 'cas'; value: number }
  | { op: 'tick'; ms: number; newLeader: boolean }
  | { op: 'junk'; raw: unknown }
  | { op: 'retry'; back: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constant('open-session' as const), ttlMs: fc.constantFrom(300, 1_000, 5_000) }),
  fc.record({ op: fc.constantFrom('keep-alive' as const, 'close-session' as const), n: fc.nat() }),
  fc.record({
    op: fc.constant('open' as const),
    n: fc.nat(),
    path: fc.nat(PATHS.length - 1),
    kind: fc.constantFrom('file' as const, 'directory' as const),
    ephemeral: fc.boolean(),
  }),
  fc.record({ op: fc.constantFrom('close' as const, 'delete' as const), n: fc.nat(), path: fc.nat(PATHS.length - 1) }),
  fc.record({ op: fc.constant('set' as const), n: fc.nat(), path: fc.nat(PATHS.length - 1), content: fc.string({ maxLength: 4 }) }),
  fc.record({
    op: fc.constant('acquire' as const),
    n: fc.nat(),
    path: fc.nat(PATHS.length - 1),
    shared: fc.boolean(),
    wait: fc.boolean(),
  }),
  fc.record({ op: fc.constant('release' as const), n: fc.nat(), path: fc.nat(PATHS.length - 1), stale: fc.boolean() }),
  fc.record({ op: fc.constantFrom('try-lock' as const, 'unlock' as const), owner: fc.nat(2), expireMs: fc.constantFrom(100, 700) }),
  fc.record({ op: fc.constantFrom('put' as const, 'cas' as const), value: fc.nat(3) }),
  fc.record({ op: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 500 }), newLeader: fc.boolean() }),
  fc.record({ op: fc.constant('junk' as const), raw: fc.jsonValue({ maxDepth: 2 }) }),
  fc.record({ op: fc.constant('retry' as const), back: fc.nat(10) }),
);

/**
 * Turns steps into concrete commands by running them on a machine (session ids and tokens come
 * from its replies); returns the log it wrote.
 */
function writeLog(steps: Step[]): AppliedCommand[] {
  const log = new LogDriver(CONFIG);
  const sessions: string[] = [];
  let clientSeq = 0;
  const session = (n: number): string => (sessions.length === 0 ? 's0' : sessions[n % sessions.length]);
  for (const s of steps) {
    let command: unknown;
    switch (s.op) {
      case 'open-session':
        command = { type: 'open-session', client: `c${sessions.length % 3}`, ttlNs: s.ttlMs * MS };
        break;
      case 'keep-alive':
      case 'close-session':
        command = { type: s.op, session: session(s.n) };
        break;
      case 'open':
        command = {
          type: 'open',
          session: session(s.n),
          path: PATHS[s.path],
          mode: 'write',
          create: s.kind === 'file' ? { kind: 'file', ephemeral: s.ephemeral } : { kind: 'directory' },
        };
        break;
      case 'close':
      case 'delete':
        command = { type: s.op, session: session(s.n), path: PATHS[s.path] };
        break;
      case 'set':
        command = { type: 'set-contents', session: session(s.n), path: PATHS[s.path], content: s.content };
        break;
      case 'acquire':
        clientSeq += 1;
        command = {
          type: 'acquire',
          session: session(s.n),
          path: PATHS[s.path],
          mode: s.shared ? 'shared' : 'exclusive',
          wait: s.wait,
          clientId: 'w',
          seq: clientSeq,
        };
        break;
      case 'release': {
        const holders = log.machine.summary().locks[PATHS[s.path]] ?? [];
        const held = holders.find((h) => h.session === session(s.n));
        command = { type: 'release', session: session(s.n), path: PATHS[s.path], token: (held?.token ?? 1) - (s.stale ? 1 : 0) };
        break;
      }
      case 'try-lock':
        command = { type: 'try-lock', resourceId: 'r', owner: `o${s.owner}`, expireMs: s.expireMs };
        break;
      case 'unlock':
        command = { type: 'unlock', resourceId: 'r', owner: `o${s.owner}` };
        break;
      case 'put':
        clientSeq += 1;
        command = { type: 'put', key: 'k', value: s.value, clientId: 'w', seq: clientSeq };
        break;
      case 'cas':
        command = { type: 'cas', key: 'k', expectedValue: s.value, value: s.value + 1 };
        break;
      case 'tick':
        if (s.newLeader) log.term += 1;
        command = { type: 'tick', elapsedNs: s.ms * MS };
        break;
      case 'junk':
        command = s.raw;
        break;
      case 'retry':
        command = log.log.length === 0 ? { type: 'get', key: 'k' } : log.log[Math.max(0, log.log.length - 1 - s.back)].command;
        break;
    }
    const reply = log.reply(command);
    if (reply.ok && reply.type === 'open-session') sessions.push(reply.session);
  }
  return log.log;
}

function applyAll(machine: LockStateMachine, entries: AppliedCommand[]): ApplyResult[] {
  return entries.map((entry) => machine.apply(entry));
}

describe('snapshots', () => {
  test('restore(snapshot at k) and the rest of the log give the state of the whole log', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 150, size: 'max' }), fc.nat(), (steps, cut) => {
        const entries = writeLog(steps);
        const k = cut % (entries.length + 1);

        const whole = new LockStateMachine(CONFIG);
        const wholeResults = applyAll(whole, entries);

        const before = new LockStateMachine(CONFIG);
        applyAll(before, entries.slice(0, k));
        const snapshot = JSON.parse(JSON.stringify(before.snapshot())) as unknown;
        const restored = new LockStateMachine(CONFIG);
        restored.restore(snapshot);
        expect(restored.digest()).toBe(before.digest());
        const restoredResults = applyAll(restored, entries.slice(k));

        expect(restoredResults).toEqual(wholeResults.slice(k));
        expect(restored.canonicalText()).toBe(whole.canonicalText());
        expect(restored.digest()).toBe(whole.digest());
        expect(restored.snapshot()).toEqual(whole.snapshot());
      }),
      { numRuns: 150 },
    );
  });

  test('a snapshot is a copy: later commands do not change it, and it does not tie the restored state to it', () => {
    const log = new LogDriver(CONFIG);
    const s = log.openSession('c1');
    log.reply({ type: 'open', session: s, path: '/ls/l', mode: 'write', create: { kind: 'file' } });
    const snapshot = log.machine.snapshot();
    const frozen = JSON.stringify(snapshot);
    log.reply({ type: 'acquire', session: s, path: '/ls/l', mode: 'exclusive', wait: true });
    expect(JSON.stringify(snapshot)).toBe(frozen);

    const other = new LockStateMachine(CONFIG);
    other.restore(snapshot);
    snapshot.sessions.length = 0;
    expect(other.summary().liveSessions).toEqual([s]);
  });

  test('a restored replica keeps numbering tokens above every earlier grant', () => {
    const log = new LogDriver(CONFIG);
    const s = log.openSession('c1', 60_000);
    log.reply({ type: 'open', session: s, path: '/ls/l', mode: 'write', create: { kind: 'file' } });
    const first = log.reply({ type: 'acquire', session: s, path: '/ls/l', mode: 'exclusive', wait: true }) as { token: number };
    log.reply({ type: 'release', session: s, path: '/ls/l', token: first.token });

    const replica = new LockStateMachine(CONFIG);
    replica.restore(JSON.parse(JSON.stringify(log.machine.snapshot())));
    const after = new LogDriver(replica);
    const second = after.reply({ type: 'acquire', session: s, path: '/ls/l', mode: 'exclusive', wait: true }) as { token: number };
    expect(second.token).toBeGreaterThan(first.token);
  });

  test('restore refuses what is not a snapshot of this state machine', () => {
    const machine = new LockStateMachine();
    expect(() => machine.restore({ kv: [] })).toThrow(/not a lock service snapshot/);
    expect(() => machine.restore(null)).toThrow(/not a lock service snapshot/);
  });

  test('entries must apply once and in order', () => {
    const machine = new LockStateMachine();
    machine.apply({ index: 5, term: 1, command: { type: 'get', key: 'k' } });
    expect(() => machine.apply({ index: 5, term: 1, command: { type: 'get', key: 'k' } })).toThrow(RangeError);
  });
});
