import { describe, expect, it } from 'vitest';
import { finalHeal } from '../../../nemesis/heal.js';
import { HistoryRecorder } from '../../../sim/recorder.js';
import { MS, SEC } from '../../../sim/time.js';
import { World } from '../../../sim/world.js';
import { RESOURCE_ID } from '../cluster.js';
import type { AcquireResult, ReleaseResult } from '../../workloads/lock-api.js';
import { contractSystem, worldHost } from '../contract-system.js';
import { asyncReplicaSystem, configuredPrimary } from './async-replica.js';

const STORES = ['n1', 'n2', 'n3'];
const SENTINELS = ['s1', 's2', 's3'];
const CLIENTS = ['c1', 'c2'];

function setup(seed: number) {
  const world = new World({ seed, trace: 'none' });
  const recorder = new HistoryRecorder({ now: () => world.now, clients: CLIENTS, records: ['beliefs', 'grants', 'faults', 'resourceLog'] });
  const build = asyncReplicaSystem({
    stores: STORES,
    sentinels: SENTINELS,
    resource: 'fenced',
    sentinel: { downAfterNs: 200 * MS, pingEveryNs: 50 * MS, failoverTimeoutNs: 1 * SEC, electionJitterNs: 50 * MS },
    client: { lockTtlNs: 2 * SEC },
  });
  const setup = { world, recorder, clients: CLIENTS, resource: RESOURCE_ID };
  const system = contractSystem('async-replica', ['mutex', 'fenced-resource'], build)(setup);
  // A second host on the same world, only to read the sentinels' configuration as the system does.
  const host = worldHost(setup);
  const answer = <R>(start: (cb: (r: R) => void) => void): R => {
    const box: { r: R | null } = { r: null };
    start((r) => (box.r = r));
    world.runUntilTrue(() => box.r !== null, world.now + 5 * SEC);
    if (box.r === null) throw new Error('no answer');
    return box.r;
  };
  const api = (id: string) => system.apis.get(id)!;
  world.runFor(100 * MS);
  return { world, recorder, system, answer, api, host };
}

describe('the async primary/replica store as a lock system', () => {
  it('shows the nemesis the stores as servers and the primary as the leader, before and after a failover', () => {
    const { world, system, host } = setup(1);
    expect(system.nemesis.servers).toEqual(STORES);
    expect(system.nemesis.clients).toEqual(CLIENTS);
    expect(system.nemesis.leader()).toBe('n1');
    world.crash('n1');
    expect(system.nemesis.leader()).toBeNull();
    world.runFor(1 * SEC);
    const promoted = system.nemesis.leader();
    expect(promoted).not.toBeNull();
    expect(promoted).toBe(configuredPrimary(host, SENTINELS));
    // The old primary comes back calling itself primary; the newer epoch still names the leader.
    world.restart('n1');
    expect(system.nemesis.leader()).toBe(promoted);
  });

  it("records the primary's grants and their ends, and the resource's writes", () => {
    const { recorder, answer, api } = setup(2);
    expect(answer<AcquireResult>((cb) => api('c1').acquire('L', 'exclusive', cb))).toEqual({ ok: true, token: 1 });
    expect(answer((cb) => api('c1').write('x', 1, 1, 'L', cb))).toEqual({ ok: true });
    expect(answer<ReleaseResult>((cb) => api('c1').release('L', 1, cb))).toEqual({ ok: true });
    expect(answer<AcquireResult>((cb) => api('c2').acquire('L', 'exclusive', cb))).toEqual({ ok: true, token: 2 });
    const record = recorder.finish();
    expect(record.grants?.map((g) => [g.lock, g.client, g.token, g.endReason ?? null])).toEqual([
      ['L', 'c1', 1, 'unlocked'],
      ['L', 'c2', 2, null],
    ]);
    expect(record.resourceLog?.map((w) => [w.lock, w.client, w.token, w.accepted, w.value])).toEqual([['L', 'c1', 1, true, 1]]);
  });

  it('the final heal leaves a crashed primary down until the sentinels have replaced it, then restarts it as a replica', () => {
    const { world, system, host } = setup(3);
    world.crash('n1');
    world.crash('n3');
    finalHeal(world, system.nemesis);
    // n3 was a replica: back at once. n1 is still the configured primary: left down.
    expect(world.status('n3')).toBe('up');
    expect(world.status('n1')).toBe('down');
    world.runFor(1 * SEC);
    expect(configuredPrimary(host, SENTINELS)).toBe('n2');
    expect(world.status('n1')).toBe('up');
    world.runFor(500 * MS);
    expect(system.nemesis.leader()).toBe('n2');
  });
});
