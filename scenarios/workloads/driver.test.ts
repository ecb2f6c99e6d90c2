import { describe, expect, it } from 'vitest';
import type { Op } from '../../checker/history.js';
import { MS, SEC } from '../../sim/time.js';
import { World } from '../../sim/world.js';
import { HistoryRecorder } from '../../sim/recorder.js';
import { eachClient, limit, repeat, untilTime } from './combinators.js';
import { runGenerator, type WorkloadClient } from './driver.js';
import { emit, GeneratorError, type Generator, type PlannedOp } from './generator.js';
import { lockApiClient } from './lock-api-client.js';
import { mutexWorkload } from './mutex.js';
import { runWorkload } from './workload.js';
import { clientScript, type ClientScript } from './script.js';
import { fakeCluster, type FakeCluster } from './testing/fake-cluster.js';
import { historyProblems } from './testing/well-formed.js';

const read: PlannedOp = { f: 'read', key: 'x', value: null };

function kvRun(cluster: FakeCluster, g: Generator) {
  const clients = new Map(cluster.clients.map((id) => [id, lockApiClient(id, cluster.apis.get(id)!, { store: 'kv' })] as const));
  return runGenerator(cluster.world, g, clients, cluster.recorder);
}

const invokesOf = (h: readonly Op[], node: string) => h.filter((o) => o.type === 'invoke' && o.node === node);

describe('the driver and client faults', () => {
  it('invokes nothing on a paused client, and carries on when it resumes', () => {
    const cluster = fakeCluster({ seed: 2, clients: 2 });
    kvRun(cluster, untilTime(1 * SEC, eachClient(repeat(read))));
    const { world } = cluster;
    world.at(200 * MS, 'pause', () => world.pause('c1'));
    world.at(600 * MS, 'resume', () => world.resume('c1'));
    world.runUntil(1.1 * SEC);
    const { history } = cluster.recorder.finish();
    expect(historyProblems(history)).toEqual([]);
    const c1 = invokesOf(history, 'c1').map((o) => o.time);
    expect(c1.filter((t) => t > 200 * MS && t < 600 * MS)).toEqual([]);
    expect(c1.filter((t) => t >= 600 * MS).length).toBeGreaterThan(10);
    expect(invokesOf(history, 'c2').filter((o) => o.time > 200 * MS && o.time < 600 * MS).length).toBeGreaterThan(10);
  });

  it('a crash ends the outstanding op info at the crash instant; after the restart the client runs as a new process', () => {
    const cluster = fakeCluster({ seed: 3, clients: 1 });
    const run = kvRun(cluster, untilTime(1 * SEC, repeat(read)));
    const { world } = cluster;
    world.at(300 * MS, 'crash', () => world.crash('c1'));
    world.at(500 * MS, 'restart', () => world.restart('c1'));
    world.runUntil(1.1 * SEC);
    const { history } = cluster.recorder.finish();
    expect(historyProblems(history)).toEqual([]);
    const crashed = history.filter((o) => o.error === 'crashed');
    expect(crashed).toEqual([expect.objectContaining({ type: 'info', time: 300 * MS, node: 'c1' })]);
    const after = invokesOf(history, 'c1').filter((o) => o.time > 300 * MS);
    expect(after[0]!.time).toBeGreaterThanOrEqual(500 * MS);
    expect(after[0]!.process).toBe((crashed[0]!.process as number) + 1);
    expect(run.stats.crashed).toBe(1);
  });

  it('a crash makes a client script start over, as a restarted application would', () => {
    type S = { n: number };
    const counting: ClientScript<S> = {
      start: () => ({ n: 0 }),
      next: (s, ctx) => (ctx.now >= 1 * SEC ? null : { op: { f: 'write', key: 'x', value: s.n }, state: s }),
      completed: (s) => ({ n: s.n + 1 }),
    };
    const cluster = fakeCluster({ seed: 4, clients: 1 });
    kvRun(cluster, clientScript(counting));
    const { world } = cluster;
    world.at(300 * MS, 'crash', () => world.crash('c1'));
    world.at(400 * MS, 'restart', () => world.restart('c1'));
    world.runUntil(1.1 * SEC);
    const values = invokesOf(cluster.recorder.finish().history, 'c1').map((o) => o.value as number);
    const restartAt = values.indexOf(0, 1);
    expect(restartAt).toBeGreaterThan(10);
    expect(values.slice(0, restartAt)).toEqual([...Array(restartAt).keys()]);
    expect(values.slice(restartAt, restartAt + 3)).toEqual([0, 1, 2]);
  });

  it('records a completion that comes inside the invoke call after its invoke', () => {
    const world = new World({ seed: 1 });
    const recorder = new HistoryRecorder({ now: () => world.now });
    const refusing: WorkloadClient = { invoke: (_op, done) => done('fail', null, 'refused-locally') };
    const run = runGenerator(world, limit(3, repeat(read)), new Map([['app', refusing]]), recorder);
    world.runFor(1 * SEC);
    expect(run.finished).toBe(true);
    const { history } = recorder.finish();
    expect(history.map((o) => o.type)).toEqual(['invoke', 'fail', 'invoke', 'fail', 'invoke', 'fail']);
    expect(historyProblems(history)).toEqual([]);
  });

  it('stop(0) starts nothing new, and the run finishes when what was outstanding completes', () => {
    const cluster = fakeCluster({ seed: 5, clients: 3 });
    let finishedAt = -1;
    const clients = new Map(cluster.clients.map((id) => [id, lockApiClient(id, cluster.apis.get(id)!, { store: 'kv' })] as const));
    const run = runGenerator(cluster.world, repeat(read), clients, cluster.recorder, { onFinish: () => (finishedAt = cluster.world.now) });
    cluster.world.at(100 * MS, 'stop', () => run.stop(0));
    cluster.world.runUntil(1 * SEC);
    const { history } = cluster.recorder.finish();
    expect(history.filter((o) => o.type === 'invoke').every((o) => o.time <= 100 * MS)).toBe(true);
    expect(history.filter((o) => o.error === 'run-end')).toEqual([]);
    expect(finishedAt).toBe(history.at(-1)!.time);
  });
});

describe('the end of a run', () => {
  it('a stopped lock workload finishes the cycles under way: every holder releases, no new cycle starts', () => {
    const cluster = fakeCluster({ seed: 6, clients: 4 });
    const stopAt = 700 * MS;
    const workload = mutexWorkload({ lock: 'L', stopAt, thinkMeanNs: 20 * MS, retryMeanNs: 20 * MS, holdMeanNs: 300 * MS });
    const run = runWorkload(cluster.world, workload, cluster.apis, cluster.recorder);
    cluster.world.at(stopAt, 'stop', () => run.stop());
    cluster.world.runUntil(5 * SEC);
    expect(run.finished).toBe(true);
    const { history, beliefs } = cluster.recorder.finish();
    expect(historyProblems(history)).toEqual([]);
    expect(history.filter((o) => o.type === 'invoke' && o.f === 'acquire').every((o) => o.time < stopAt)).toBe(true);
    const acquired = history.filter((o) => o.type === 'ok' && o.f === 'acquire').length;
    const released = history.filter((o) => o.type === 'ok' && o.f === 'release').length;
    expect(acquired).toBeGreaterThan(2);
    expect(released).toBe(acquired);
    expect(history.filter((o) => o.type === 'invoke' && o.f === 'release').some((o) => o.time > stopAt)).toBe(true);
    expect(beliefs!.filter((b) => b.endReason === 'run-end')).toEqual([]);
  });
});

describe('generators the driver refuses', () => {
  const world = () => new World({ seed: 1 });

  it('a generator that picks a busy client', () => {
    const w = world();
    const stubborn: Generator = { op: () => emit({ ...read, client: 'a' }, stubborn), update: () => stubborn };
    const never: WorkloadClient = { invoke: () => {} };
    runGenerator(w, stubborn, new Map([['a', never]]), new HistoryRecorder({ now: () => w.now }));
    expect(() => w.runFor(1 * SEC)).toThrow(GeneratorError);
  });

  it('a generator that never stops starting ops at one instant', () => {
    const w = world();
    const instant: WorkloadClient = { invoke: (_op, done) => done('ok', null) };
    runGenerator(w, repeat(read), new Map([['a', instant]]), new HistoryRecorder({ now: () => w.now }), { maxOpsPerInstant: 50 });
    expect(() => w.runFor(1 * SEC)).toThrow(/more than 50 operations at one instant/);
  });
});
