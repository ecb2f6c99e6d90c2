import { describe, expect, it } from 'vitest';
import { MS, SEC } from '../../sim/time.js';
import { World } from '../../sim/world.js';
import type { FsyncPolicy } from '../env.js';
import type { Reply } from '../lock/replies.js';
import { LockServer } from './node.js';
import type { LockServerOptions } from './options.js';
import { ScriptedClient } from './testing/scripted-client.js';

const SERVERS = ['n1', 'n2', 'n3'];

function cluster(seed: number, opts: Partial<LockServerOptions> = {}, fsync: FsyncPolicy = 'always') {
  const world = new World({ seed });
  for (const id of SERVERS) {
    world.addProcess(id, (env) => new LockServer(env, { id, peers: SERVERS, tickNs: 10 * MS, raft: { electionTicks: 10, heartbeatTicks: 2, preVote: true, checkQuorum: true }, ...opts }), { fsync });
  }
  world.addProcess('c1', (env) => new ScriptedClient(env, SERVERS));
  const leader = (): string | undefined => SERVERS.find((id) => world.status(id) === 'up' && world.process<LockServer>(id)?.isLeader);
  const client = (): ScriptedClient => world.process<ScriptedClient>('c1')!;
  return { world, leader, client };
}

function okReply<T extends Reply>(r: Reply | undefined): T {
  expect(r?.ok, JSON.stringify(r)).toBe(true);
  return r as T;
}

describe('a lock server cluster', () => {
  it('elects one leader and serves a session, a lock and a read', () => {
    const { world, leader, client } = cluster(1);
    world.runFor(2 * SEC);
    expect(leader()).toBeDefined();
    const c = client();
    c.send({ type: 'open-session', client: 'c1', ttlNs: 5 * SEC });
    c.send((last) => ({ type: 'open', session: (last as { session: string }).session, path: '/ls/lock1', mode: 'write', create: { kind: 'file' } }));
    world.runFor(1 * SEC);
    const session = (c.replies[0]!.reply as { session: string }).session;
    c.send({ type: 'acquire', session, path: '/ls/lock1', mode: 'exclusive', wait: true });
    c.send({ type: 'put', key: 'k', value: 7 });
    c.send({ type: 'get', key: 'k' });
    world.runFor(1 * SEC);
    const grant = okReply<Reply & { token: number; granted: boolean }>(c.replies[2]!.reply);
    expect(grant.granted).toBe(true);
    expect(grant.token).toBeGreaterThan(0);
    expect(okReply<Reply & { value: number }>(c.replies[4]!.reply).value).toBe(7);
    // Every replica applied the same log: one digest.
    world.runFor(1 * SEC);
    const digests = SERVERS.map((id) => world.process<LockServer>(id)!.stateMachine().digest());
    expect(new Set(digests).size).toBe(1);
  });

  it('keeps a grant across a leader crash: the new leader knows the holder, tokens keep rising', () => {
    const { world, leader, client } = cluster(2);
    world.runFor(2 * SEC);
    const c = client();
    c.send({ type: 'open-session', client: 'c1', ttlNs: 30 * SEC });
    c.send((last) => ({ type: 'open', session: (last as { session: string }).session, path: '/ls/L', mode: 'write', create: { kind: 'file' } }));
    world.runFor(1 * SEC);
    const session = (c.replies[0]!.reply as { session: string }).session;
    c.send({ type: 'acquire', session, path: '/ls/L', mode: 'exclusive', wait: true });
    world.runFor(1 * SEC);
    const first = (c.replies[2]!.reply as { token: number }).token;
    const old = leader()!;
    world.crash(old);
    world.runFor(3 * SEC);
    const next = leader();
    expect(next).toBeDefined();
    expect(next).not.toBe(old);
    expect(world.process<LockServer>(next!)!.stateMachine().summary().locks['/ls/L']?.[0]?.token).toBe(first);
    c.send({ type: 'release', session, path: '/ls/L', token: first });
    c.send({ type: 'acquire', session, path: '/ls/L', mode: 'exclusive', wait: true });
    world.runFor(2 * SEC);
    const second = (c.replies[c.replies.length - 1]!.reply as { token: number }).token;
    expect(second).toBeGreaterThan(first);
  });

  it('a crashed node restarts from its disk and catches up, through a snapshot when compacted', () => {
    const { world, leader, client } = cluster(3, { snapshotEntries: 20 });
    world.runFor(2 * SEC);
    const follower = SERVERS.find((id) => id !== leader())!;
    world.crash(follower);
    const c = client();
    for (let i = 0; i < 60; i++) c.send({ type: 'put', key: `k${i % 5}`, value: i });
    world.runFor(5 * SEC);
    world.restart(follower);
    world.runFor(3 * SEC);
    const digests = SERVERS.map((id) => world.process<LockServer>(id)!.stateMachine().digest());
    expect(new Set(digests).size).toBe(1);
    expect(world.trace.events.some((e) => e.kind === 'snapshot-installed' && e.node === follower)).toBe(true);
  });

  it('the same seed gives the same trace hash', () => {
    const run = (): string => {
      const { world, client } = cluster(9);
      world.runFor(1 * SEC);
      for (let i = 0; i < 20; i++) client().send({ type: 'put', key: 'k', value: i });
      world.runFor(3 * SEC);
      return world.traceHash();
    };
    expect(run()).toBe(run());
  });
});
