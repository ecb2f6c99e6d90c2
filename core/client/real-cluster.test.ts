import { describe, expect, it } from 'vitest';
import { MS, SEC } from '../../sim/time.js';
import { World } from '../../sim/world.js';
import { LockServer } from '../server/node.js';
import type { AcquireResult, CallResult, CasResult, GetResult, LockClientEvent } from './api.js';
import { ClientEvents } from './events.js';
import type { LockClient } from './lock-client.js';
import { LockClientProcess } from './process.js';
import { TEST_CLIENT, TEST_SERVICE } from './testing/client-world.js';

const SERVERS = ['n1', 'n2', 'n3'];

/** Three real lock servers (Raft and the lock state machine) and two clients running the library. */
function cluster(seed: number) {
  const world = new World({ seed });
  for (const id of SERVERS) {
    world.addProcess(
      id,
      (env) =>
        new LockServer(env, {
          id,
          peers: SERVERS,
          tickNs: 10 * MS,
          raft: { electionTicks: 10, heartbeatTicks: 2, preVote: true, checkQuorum: true },
          lock: TEST_SERVICE,
        }),
    );
  }
  const seen = new Map<string, LockClientEvent[]>();
  for (const id of ['c1', 'c2']) {
    const events = new ClientEvents();
    const mine: LockClientEvent[] = [];
    events.on((e) => mine.push(e));
    seen.set(id, mine);
    world.addProcess(id, (env) => new LockClientProcess(env, { ...TEST_CLIENT, servers: SERVERS, events }));
  }
  const lib = (id: string): LockClient => world.process<LockClientProcess>(id)!.client;
  const leader = (): string | undefined => SERVERS.find((id) => world.status(id) === 'up' && world.process<LockServer>(id)?.isLeader);
  const run = <R extends CallResult>(start: (cb: (r: R) => void) => void, limit = 5 * SEC): R => {
    let result: R | undefined;
    start((r) => (result = r));
    world.runUntilTrue(() => result !== undefined, world.now + limit);
    if (result === undefined) throw new Error('call did not finish');
    return result;
  };
  const states = (id: string): string[] => seen.get(id)!.flatMap((e) => (e.type === 'session' ? [e.state] : []));
  return { world, lib, leader, run, states };
}

describe('the library against a real lock cell', () => {
  it('a client frozen past its lease still believes, and says how long ago that belief ran out', () => {
    const { world, lib, run } = cluster(7);
    world.runFor(1 * SEC);
    const a = run<AcquireResult>((cb) => lib('c1').acquire('L', 'exclusive', cb));
    expect(a.ok).toBe(true);
    const c1 = world.process<LockClientProcess>('c1')!;
    expect(c1.overdueBeliefs()).toEqual([]);
    world.pause('c1');
    world.runFor(3 * SEC);
    // Its timers have not run, so nothing ended the belief; the lease (1 s) ran out about 2 s ago.
    const [overdue] = c1.overdueBeliefs();
    expect(overdue).toMatchObject({ lock: 'L', token: a.ok ? a.token : -1 });
    expect(overdue!.endedAgoNs).toBeGreaterThan(1.5 * SEC);
    expect(overdue!.endedAgoNs).toBeLessThan(3 * SEC);
  });

  it('queues, grants, releases and uses the key-value store', () => {
    const { world, lib, run } = cluster(7);
    world.runFor(1 * SEC);
    const a = run<AcquireResult>((cb) => lib('c1').acquire('L', 'exclusive', cb));
    expect(a.ok).toBe(true);
    let second: AcquireResult | undefined;
    lib('c2').acquire('L', 'exclusive', (r) => (second = r));
    world.runFor(300 * MS);
    expect(second).toBeUndefined();
    expect(run((cb) => lib('c1').release('L', a.ok ? a.token : -1, cb))).toEqual({ ok: true });
    world.runUntilTrue(() => second !== undefined, world.now + 2 * SEC);
    expect(second?.ok && a.ok && second.token > a.token).toBe(true);
    expect(lib('c2').holds('L').held).toBe(true);

    expect(run((cb) => lib('c1').put('k', 1, cb))).toEqual({ ok: true });
    expect(run<CasResult>((cb) => lib('c2').cas('k', 1, 2, cb))).toEqual({ ok: true, swapped: true, value: 2 });
    expect(run<CasResult>((cb) => lib('c1').cas('k', 1, 3, cb))).toEqual({ ok: true, swapped: false, value: 2 });
    expect(run<GetResult>((cb) => lib('c1').get('k', cb))).toEqual({ ok: true, value: 2 });
  });

  it('keeps its session and its lock across a failover, finding the new leader', () => {
    const { world, lib, leader, run, states } = cluster(11);
    world.runFor(1 * SEC);
    const a = run<AcquireResult>((cb) => lib('c1').acquire('L', 'exclusive', cb));
    expect(a.ok).toBe(true);
    const old = leader()!;
    world.crash(old);
    world.runFor(2 * SEC);
    const fresh = leader();
    expect(fresh).toBeDefined();
    expect(fresh).not.toBe(old);
    expect(run((cb) => lib('c1').put('after', 'failover', cb))).toEqual({ ok: true });
    expect(lib('c1').server).toBe(fresh);
    expect(states('c1')).not.toContain('lost');
    // The lock is still c1's on the new leader.
    expect(world.process<LockServer>(fresh!)!.stateMachine().checkSequencer('/ls/L', a.ok ? a.token : -1)).toBe(true);
  });
});
