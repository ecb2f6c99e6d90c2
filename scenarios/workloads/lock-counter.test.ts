import { describe, expect, it } from 'vitest';
import type { ResourceMode } from '../../core/resource/resource.js';
import { MS, SEC } from '../../sim/time.js';
import { lockCounterWorkload } from './lock-counter.js';
import { fakeCluster } from './testing/fake-cluster.js';
import { onFirstGrant, overlappingBeliefs, runOn } from './testing/run.js';
import { historyProblems, pairs } from './testing/well-formed.js';

const counter = (stopAt: number) =>
  lockCounterWorkload({ lock: 'L', key: 'counter', stopAt, thinkMeanNs: 20 * MS, retryMeanNs: 20 * MS, workMeanNs: 30 * MS });

describe('lock-counter', () => {
  it('with mutual exclusion, every acknowledged increment is in the counter', () => {
    const cluster = fakeCluster({ seed: 11, clients: 3 });
    const { record, run } = runOn(cluster, counter(3 * SEC), 10 * SEC);
    expect(run.finished).toBe(true);
    expect(historyProblems(record.history)).toEqual([]);
    const okWrites = record.history.filter((o) => o.f === 'write' && o.type === 'ok');
    expect(okWrites.length).toBeGreaterThan(20);
    expect(cluster.resource().valueOf('counter')).toBe(okWrites.length);
    expect(record.resourceLog!.map((w) => w.value)).toEqual(okWrites.map((_, i) => i + 1));
    expect(overlappingBeliefs(record.beliefs!, record.endAt!)).toEqual([]);
    // Clients stop between cycles: nothing is left held.
    expect(cluster.server().holderOf('L')).toBeNull();
  });

  it('records one op per call: acquire, read, write with the token, release', () => {
    const cluster = fakeCluster({ seed: 12, clients: 1 });
    const { record } = runOn(cluster, counter(200 * MS), 5 * SEC);
    const cycle = pairs(record.history).slice(0, 4);
    expect(cycle.map(({ invoke, done }) => [invoke.f, invoke.key, invoke.value, done?.type, done?.value])).toEqual([
      ['acquire', 'L', { owner: 'c1', mode: 'exclusive' }, 'ok', { token: 1, mode: 'exclusive' }],
      ['read', 'counter', null, 'ok', null],
      ['write', 'counter', 1, 'ok', 1],
      ['release', 'L', { owner: 'c1', token: 1 }, 'ok', { owner: 'c1', token: 1 }],
    ]);
    expect(record.resourceLog![0]).toMatchObject({ lock: 'L', client: 'c1', token: 1, accepted: true, value: 1 });
    expect(record.beliefs![0]).toMatchObject({ client: 'c1', lock: 'L', token: 1, op: 0, endReason: 'released' });
  });

  /** The first holder pauses inside its critical section for longer than its session lives. */
  function zombie(mode: ResourceMode) {
    const cluster = fakeCluster({ seed: 13, clients: 2, resourceMode: mode, sessionTtlNs: 500 * MS });
    onFirstGrant(cluster, (client) => {
      cluster.world.after(5 * MS, 'pause', () => cluster.world.pause(client));
      cluster.world.after(2 * SEC, 'resume', () => cluster.world.resume(client));
    });
    const { record } = runOn(cluster, counter(3 * SEC), 10 * SEC);
    expect(historyProblems(record.history)).toEqual([]);
    const okWrites = record.history.filter((o) => o.f === 'write' && o.type === 'ok').length;
    return { record, okWrites, counter: cluster.resource().valueOf('counter') as number };
  }

  it('a holder paused past its lease loses an update when the resource does not check tokens', () => {
    const { record, okWrites, counter: value } = zombie('none');
    expect(value).toBeLessThan(okWrites);
    // Its library dated the end of its belief at the lease deadline, inside the pause, so no two
    // beliefs overlap: the harm is the zombie's write, sent after its belief had ended.
    expect(overlappingBeliefs(record.beliefs!, record.endAt!)).toEqual([]);
    const zombieTerm = record.beliefs![0]!;
    const lateWrite = record.history.find((o) => o.f === 'write' && o.type === 'invoke' && o.node === zombieTerm.client && o.time > zombieTerm.end!);
    expect(lateWrite).toBeDefined();
  });

  it('the same pause loses nothing when the resource fences stale tokens', () => {
    const { record, okWrites, counter: value } = zombie('fenced');
    expect(value).toBe(okWrites);
    const refused = record.history.filter((o) => o.f === 'write' && o.type === 'fail');
    expect(refused.map((o) => o.error)).toEqual(['stale-token']);
  });
});
