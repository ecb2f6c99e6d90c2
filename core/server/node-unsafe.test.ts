/**
 * What the node host does for the unsafe lease designs: stamp ticks with the leader's wall clock
 * (wall-clock-jump, failover-lease-reset, client-stamped-expiry) and run each replica's own lease timers (replica-local-timers). Each test runs the same
 * cluster under the safe default beside the unsafe design.
 */
import { describe, expect, it } from 'vitest';
import { MS, SEC } from '../../sim/time.js';
import { World } from '../../sim/world.js';
import type { ClockConfig } from '../../sim/clock.js';
import type { LockServiceConfig } from '../lock/config.js';
import type { Entry } from '../raft/types.js';
import { LockServer } from './node.js';
import type { ServerObserver } from './observer.js';
import { ScriptedClient } from './testing/scripted-client.js';

const SERVERS = ['n1', 'n2', 'n3'];

/** Records every entry each node appended. */
function entryLog(): { observer: ServerObserver; entries: Entry[] } {
  const entries: Entry[] = [];
  const none = (): void => {};
  return { entries, observer: { role: none, hardState: none, apply: none, snapshot: none, boot: none, append: (_node, es) => entries.push(...es) } };
}

function cluster(seed: number, lock: Partial<LockServiceConfig>, clocks: Record<string, ClockConfig> = {}, observer?: ServerObserver) {
  const world = new World({ seed });
  for (const id of SERVERS) {
    world.addProcess(
      id,
      (env) => new LockServer(env, { id, peers: SERVERS, tickNs: 10 * MS, lock, raft: { electionTicks: 10, heartbeatTicks: 2, preVote: true, checkQuorum: true } }, observer),
      clocks[id] ? { clock: clocks[id] } : {},
    );
  }
  world.addProcess('c1', (env) => new ScriptedClient(env, SERVERS));
  const leader = (): string => SERVERS.find((id) => world.status(id) === 'up' && world.process<LockServer>(id)?.isLeader)!;
  const client = (): ScriptedClient => world.process<ScriptedClient>('c1')!;
  const server = (id: string): LockServer => world.process<LockServer>(id)!;
  return { world, leader, client, server };
}

/** Opens a session of `ttlMs`, opens /ls/L and acquires it; returns the session id. */
function holdLock(c: ReturnType<typeof cluster>, ttlMs: number): string {
  const { world, client } = c;
  client().send({ type: 'open-session', client: 'c1', ttlNs: ttlMs * MS });
  client().send((last) => ({ type: 'open', session: (last as { session: string }).session, path: '/ls/L', mode: 'write', create: { kind: 'file' } }));
  world.runFor(100 * MS);
  const session = (client().replies[0]!.reply as { session: string }).session;
  client().send({ type: 'acquire', session, path: '/ls/L', mode: 'exclusive', wait: true });
  world.runFor(100 * MS);
  expect(client().replies[2]?.reply).toMatchObject({ granted: true });
  return session;
}

const holderOn = (c: ReturnType<typeof cluster>, id: string) => c.server(id).stateMachine().summary().locks['/ls/L']?.[0]?.client;

describe('ticks stamped with the leader\'s wall clock (wall-clock-jump, failover-lease-reset, client-stamped-expiry)', () => {
  it('only a policy that reads wall time gets wall stamps; the safe ticks carry the elapsed time alone', () => {
    for (const [leasePolicy, stamped] of [['wall-clock', true], ['log-time', false]] as const) {
      const { observer, entries } = entryLog();
      const c = cluster(11, { leasePolicy }, {}, observer);
      c.world.runFor(2 * SEC);
      const ticks = entries.map((e) => e.data as { type?: string; wallNs?: number }).filter((d) => d?.type === 'tick');
      expect(ticks.length).toBeGreaterThan(0);
      expect(ticks.every((t) => (t.wallNs !== undefined) === stamped)).toBe(true);
    }
  });

  it('wall-clock: an NTP step forward on the leader frees a lock whose 10 s lease has just begun', () => {
    for (const [leasePolicy, freed] of [['wall-clock', true], ['log-time', false]] as const) {
      const c = cluster(12, { leasePolicy });
      c.world.runFor(2 * SEC);
      holdLock(c, 10_000);
      const leader = c.leader();
      expect(holderOn(c, leader)).toBe('c1');
      c.world.jumpWall(leader, 60 * SEC);
      c.world.runFor(500 * MS);
      expect(holderOn(c, leader) === undefined).toBe(freed);
    }
  });
});

describe('replica-local lease timers (replica-local-timers)', () => {
  /**
   * n3's monotonic clock runs 50 % fast; the client keeps its 1 s session alive every 700 ms, so
   * n3's timer (1.2 s of its clock, 0.8 s of true time) fires before the first keep-alive reaches it.
   */
  function keptAlive(leasePolicy: 'replica-local-timers' | 'log-time') {
    const c = cluster(13, { leasePolicy }, { n3: { driftPpm: 500_000 } });
    c.world.runFor(2 * SEC);
    const session = holdLock(c, 1_000);
    for (let i = 1; i <= 4; i++) c.world.after(i * 700 * MS, 'keep-alive', () => c.client().send({ type: 'keep-alive', session }));
    c.world.runFor(3 * SEC);
    return c;
  }

  it('unsafe: the fast replica\'s own timer ends the session between keep-alives; the others keep it, and they disagree', () => {
    const c = keptAlive('replica-local-timers');
    expect(c.leader()).not.toBe('n3');
    expect(holderOn(c, c.leader())).toBe('c1');
    expect(holderOn(c, 'n3')).toBeUndefined();
    expect(new Set(SERVERS.map((id) => c.server(id).stateMachine().digest())).size).toBeGreaterThan(1);
  });

  it('safe: only ticks in the log end leases, so every replica keeps the session and they agree', () => {
    const c = keptAlive('log-time');
    expect(SERVERS.map((id) => holderOn(c, id))).toEqual(['c1', 'c1', 'c1']);
    expect(new Set(SERVERS.map((id) => c.server(id).stateMachine().digest())).size).toBe(1);
  });
});

describe('a snapshot that leaves the token counter out (snapshot-token-reset)', () => {
  /** Ten grants, enough entries for a snapshot, a restart of the whole cell, one more grant. */
  function tokensAcrossRestart(lock: Partial<LockServiceConfig>): { before: number[]; after: number } {
    const world = new World({ seed: 14 });
    for (const id of SERVERS) {
      world.addProcess(id, (env) => new LockServer(env, { id, peers: SERVERS, tickNs: 10 * MS, lock, snapshotEntries: 20, raft: { electionTicks: 10, heartbeatTicks: 2, preVote: true, checkQuorum: true } }));
    }
    world.addProcess('c1', (env) => new ScriptedClient(env, SERVERS));
    const client = world.process<ScriptedClient>('c1')!;
    world.runFor(2 * SEC);
    client.send({ type: 'open-session', client: 'c1', ttlNs: 60 * SEC });
    client.send((last) => ({ type: 'open', session: (last as { session: string }).session, path: '/ls/L', mode: 'write', create: { kind: 'file' } }));
    world.runFor(200 * MS);
    const session = (client.replies[0]!.reply as { session: string }).session;
    const cycle = (): void => {
      client.send({ type: 'acquire', session, path: '/ls/L', mode: 'exclusive', wait: true });
      client.send((last) => ({ type: 'release', session, path: '/ls/L', token: (last as { token: number }).token }));
    };
    for (let i = 0; i < 10; i++) cycle();
    world.runFor(2 * SEC);
    for (const id of SERVERS) world.crash(id);
    for (const id of SERVERS) world.restart(id);
    world.runFor(2 * SEC);
    client.send({ type: 'acquire', session, path: '/ls/L', mode: 'exclusive', wait: true });
    world.runFor(1 * SEC);
    const tokens = client.replies.map((r) => r.reply).filter((r) => r.ok && r.type === 'acquire' && r.granted).map((r) => (r as { token: number }).token);
    expect(tokens).toHaveLength(11);
    return { before: tokens.slice(0, 10), after: tokens[10] };
  }

  it('unsafe: after the restart the cell hands out a token lower than ones it handed out before', () => {
    const { before, after } = tokensAcrossRestart({ tokenSource: 'counter', snapshotOmits: ['counter'] });
    expect(after).toBeLessThan(Math.max(...before));
  });

  it('safe: tokens are log indices and keep rising across the restart', () => {
    const { before, after } = tokensAcrossRestart({});
    expect(after).toBeGreaterThan(Math.max(...before));
  });
});
