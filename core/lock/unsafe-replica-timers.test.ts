/**
 * `replica-local-timers`: two replicas apply the same log, each with its own clock. Under
 * the safe policy only ticks in the log end leases, so they agree whatever their clocks do; with
 * replica-local timers each ends leases when its own clock says so, and they drift apart.
 */
import { describe, expect, test } from 'vitest';
import type { LockServiceConfig } from './config.js';
import type { LeasePolicyName } from './lease-policy.js';
import { LogDriver } from './log-driver.js';
import { LockStateMachine } from './state-machine.js';

const MS = 1_000_000;
const LOCK = '/ls/lock';

/** A replica with a clock the test moves by hand. */
class Replica {
  nowNs = 0;
  readonly machine: LockStateMachine;
  constructor(config: Partial<LockServiceConfig>) {
    this.machine = new LockStateMachine(config, { replicaClock: () => this.nowNs });
  }
}

function config(leasePolicy: LeasePolicyName): Partial<LockServiceConfig> {
  return { epsilon: 0.1, lockDelayNs: 0, tickSlackNs: 0, leasePolicy };
}

/**
 * The leader and a follower whose clock runs 30 % fast. a holds the lock with a 1 s lease and b
 * waits; both replicas apply each entry at the same instant. At 0.9 s the follower's clock reads
 * 1.17 s, its timer for a's session (1.1 s) has fired, the leader's has not; then a's keep-alive
 * arrives and applies on both.
 */
function keepAliveRace(leasePolicy: LeasePolicyName): { leader: Replica; follower: Replica } {
  const leader = new Replica(config(leasePolicy));
  const follower = new Replica(config(leasePolicy));
  const log = new LogDriver(leader.machine);
  const applied = () => follower.machine.apply(log.log[log.log.length - 1]);
  const run = (command: unknown) => {
    const result = log.run(command);
    applied();
    return result;
  };
  run({ type: 'tick', elapsedNs: 0 });
  const a = (run({ type: 'open-session', client: 'a', ttlNs: 1_000 * MS }).reply as { session: string }).session;
  const b = (run({ type: 'open-session', client: 'b', ttlNs: 60_000 * MS }).reply as { session: string }).session;
  for (const s of [a, b]) run({ type: 'open', session: s, path: LOCK, mode: 'write', create: { kind: 'file' } });
  for (const s of [a, b]) run({ type: 'acquire', session: s, path: LOCK, mode: 'exclusive', wait: true });

  leader.nowNs = 900 * MS;
  follower.nowNs = 1_170 * MS;
  leader.machine.fireReplicaTimers();
  follower.machine.fireReplicaTimers();
  run({ type: 'tick', elapsedNs: 900 * MS });
  run({ type: 'keep-alive', session: a });
  return { leader, follower };
}

const holderOf = (replica: Replica) => replica.machine.summary().locks[LOCK]?.[0]?.client;

describe('replica-local-timers: each replica ends leases on its own clock', () => {
  test('unsafe: the fast follower frees a\'s lock and grants it to b; the leader keeps a; the replicas diverge', () => {
    const { leader, follower } = keepAliveRace('replica-local-timers');
    expect(holderOf(leader)).toBe('a');
    expect(holderOf(follower)).toBe('b');
    expect(follower.machine.digest()).not.toBe(leader.machine.digest());
  });

  test('safe: no clock but the log ends a lease, so both replicas keep a and agree', () => {
    const { leader, follower } = keepAliveRace('log-time');
    expect(holderOf(leader)).toBe('a');
    expect(holderOf(follower)).toBe('a');
    expect(follower.machine.digest()).toBe(leader.machine.digest());
  });

  test('unsafe: a tick never ends a lease; only the replica\'s timer does', () => {
    const replica = new Replica(config('replica-local-timers'));
    const log = new LogDriver(replica.machine);
    log.tickMs(0);
    const a = log.openSession('a', 1_000);
    log.tickMs(5_000);
    expect(replica.machine.summary().liveSessions).toEqual([a]);
    replica.nowNs = 1_100 * MS;
    const fired = replica.machine.fireReplicaTimers();
    expect(fired.facts).toEqual([{ kind: 'session-expired', session: a, client: 'a', atNs: 5_000 * MS }]);
    expect(replica.machine.summary().liveSessions).toEqual([]);
  });

  test('unsafe: a restored replica restarts every timer from scratch, so it ends leases late', () => {
    const source = new Replica(config('replica-local-timers'));
    const log = new LogDriver(source.machine);
    log.tickMs(0);
    log.reply({ type: 'try-lock', resourceId: 'r', owner: 'a', expireMs: 1_000 });
    source.nowNs = 1_000 * MS;
    const restarted = new Replica(config('replica-local-timers'));
    restarted.nowNs = 1_000 * MS;
    restarted.machine.restore(source.machine.snapshot());
    source.nowNs = restarted.nowNs = 1_100 * MS;
    source.machine.fireReplicaTimers();
    restarted.machine.fireReplicaTimers();
    expect(source.machine.summary().ttlLocks).toEqual({});
    expect(restarted.machine.summary().ttlLocks).toEqual({ r: { owner: 'a', token: 2 } });
  });

  test('the policy cannot run without the replica\'s clock', () => {
    expect(() => new LockStateMachine(config('replica-local-timers'))).toThrow(/needs the replica's clock/);
  });
});
