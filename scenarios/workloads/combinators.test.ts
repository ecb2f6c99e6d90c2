import { describe, expect, it } from 'vitest';
import type { Op } from '../../checker/history.js';
import { MS, SEC } from '../../sim/time.js';
import { cycle, delay, eachClient, limit, mix, once, onClients, phases, repeat, stagger, timeLimit, untilOk, untilTime } from './combinators.js';
import { runGenerator } from './driver.js';
import { gen, type GenContext, type Generator, type PlannedOp } from './generator.js';
import { lockApiClient } from './lock-api-client.js';
import { fakeCluster, LOCK_SERVER, type FakeCluster } from './testing/fake-cluster.js';
import { historyProblems } from './testing/well-formed.js';

const read: PlannedOp = { f: 'read', key: 'x', value: null };
const writeOf = (v: number): PlannedOp => ({ f: 'write', key: 'x', value: v });
let counter = 0;
const writes = (): PlannedOp => writeOf(counter++);

/**
 * Runs `g` on clients c1..cn of a fake single-node store (random network latency around 1 ms)
 * until it is done or `until`, and returns the history. `during` may schedule faults.
 */
function simulate(g: Generator, opts: { clients?: number; seed?: number; until?: number; during?: (c: FakeCluster) => void } = {}) {
  const cluster = fakeCluster({ seed: opts.seed ?? 1, clients: opts.clients ?? 3 });
  const clients = new Map(cluster.clients.map((id) => [id, lockApiClient(id, cluster.apis.get(id)!, { store: 'kv' })] as const));
  const run = runGenerator(cluster.world, g, clients, cluster.recorder);
  opts.during?.(cluster);
  cluster.world.runUntilTrue(() => run.finished, opts.until ?? 60 * SEC);
  const record = cluster.recorder.finish();
  expect(historyProblems(record.history)).toEqual([]);
  return { history: record.history, run, cluster };
}

const invokes = (h: readonly Op[]) => h.filter((o) => o.type === 'invoke');
const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]!);

describe('generators as values', () => {
  const ctx = (free: string[]): GenContext => ({ now: 0, clients: ['c1', 'c2'], free, busy: [], random: () => 0.5 });

  it('are immutable: asking twice gives the same answer', () => {
    const g = limit(2, read);
    const a = g.op(ctx(['c1', 'c2']));
    const b = g.op(ctx(['c1', 'c2']));
    expect(a).toEqual(b);
    expect(a?.kind === 'op' && a.op).toEqual({ ...read, client: 'c1' });
  });

  it('a single op waits while no client is free, and names its client when it can run', () => {
    const g = gen({ ...read, client: 'c2' });
    expect(g.op(ctx(['c1']))).toMatchObject({ kind: 'pending', wakeAt: null });
    expect(g.op(ctx(['c1', 'c2']))).toMatchObject({ kind: 'op', op: { client: 'c2' } });
  });

  it('an op naming a client outside the generator is a workload bug', () => {
    expect(() => gen({ ...read, client: 'c9' }).op(ctx(['c1']))).toThrow(/not among this generator's clients/);
  });
});

describe('combinators driven in simulated time', () => {
  it('once emits one op, limit n, and an op maker is asked afresh for each op', () => {
    expect(invokes(simulate(once(read)).history)).toHaveLength(1);
    const { history } = simulate(limit(5, writes));
    const values = invokes(history).map((o) => o.value as number);
    expect(values).toHaveLength(5);
    expect(new Set(values).size).toBe(5);
  });

  it('stagger spaces ops by random gaps averaging the mean, over all clients', () => {
    const { history } = simulate(limit(400, stagger(10 * MS, repeat(read))), { clients: 4 });
    const g = gaps(invokes(history).map((o) => o.time));
    const mean = g.reduce((a, b) => a + b, 0) / g.length;
    expect(mean).toBeGreaterThan(8.5 * MS);
    expect(mean).toBeLessThan(11.5 * MS);
    expect(Math.max(...g)).toBeLessThan(20 * MS + 5 * MS);
    expect(new Set(invokes(history).map((o) => o.node)).size).toBeGreaterThan(1);
  });

  it('delay spaces ops exactly, when a client is free in time', () => {
    const { history } = simulate(limit(20, delay(50 * MS, repeat(read))));
    const times = invokes(history).map((o) => o.time);
    expect(times).toHaveLength(20);
    expect(new Set(gaps(times))).toEqual(new Set([50 * MS]));
  });

  it('timeLimit stops invoking after its duration; what was invoked still completes', () => {
    const { history } = simulate(timeLimit(1 * SEC, stagger(20 * MS, repeat(read))));
    const last = invokes(history).at(-1)!;
    expect(last.time).toBeLessThan(1 * SEC);
    expect(history.at(-1)!.type).toBe('ok');
    expect(invokes(history).length).toBeGreaterThan(30);
  });

  it('untilTime stops at an absolute time', () => {
    const { history } = simulate(untilTime(300 * MS, delay(100 * MS, repeat(read))));
    expect(invokes(history).map((o) => o.time)).toEqual([0, 100 * MS, 200 * MS]);
  });

  it('mix chooses at random among generators, and an exhausted one drops out', () => {
    const { history } = simulate(limit(300, mix([limit(5, repeat(read)), writes])));
    const fs = invokes(history).map((o) => o.f);
    expect(fs.filter((f) => f === 'read')).toHaveLength(5);
    expect(fs.filter((f) => f === 'write')).toHaveLength(295);
    // The reads are spread among the first ops, not all first or all last.
    expect(fs.indexOf('read')).toBeLessThan(20);
    const even = simulate(limit(400, mix([repeat(read), writes])));
    const reads = invokes(even.history).filter((o) => o.f === 'read').length;
    expect(reads).toBeGreaterThan(160);
    expect(reads).toBeLessThan(240);
  });

  it('phases start a phase only when every op of the one before has completed', () => {
    const { history } = simulate(phases(limit(9, writes), once(read), limit(3, writes)), { clients: 3 });
    const readAt = history.findIndex((o) => o.f === 'read' && o.type === 'invoke');
    expect(readAt).toBeGreaterThan(0);
    const before = history.slice(0, readAt);
    expect(before.filter((o) => o.type === 'invoke')).toHaveLength(9);
    expect(before.filter((o) => o.type === 'ok')).toHaveLength(9);
    const readDone = history.findIndex((o) => o.f === 'read' && o.type === 'ok');
    expect(history.slice(readAt + 1, readDone).some((o) => o.type === 'invoke')).toBe(false);
  });

  it('eachClient gives every client its own copy', () => {
    const { history } = simulate(eachClient(limit(2, repeat(read))), { clients: 4 });
    const byClient = new Map<string, number>();
    for (const o of invokes(history)) byClient.set(o.node!, (byClient.get(o.node!) ?? 0) + 1);
    expect([...byClient]).toEqual([
      ['c1', 2],
      ['c2', 2],
      ['c3', 2],
      ['c4', 2],
    ]);
  });

  it('onClients confines a generator to some clients', () => {
    const { history } = simulate(limit(10, onClients(['c2', 'c3'], repeat(read))), { clients: 4 });
    expect(new Set(invokes(history).map((o) => o.node))).toEqual(new Set(['c2', 'c3']));
  });

  it('a plain op is emitted once, as in Jepsen; repeat asks the same generator again; cycle runs a whole sequence again', () => {
    expect(invokes(simulate(limit(5, read)).history)).toHaveLength(1);
    expect(invokes(simulate(repeat(writeOf(7), 3)).history).map((o) => o.value)).toEqual([7, 7, 7]);
    const { history } = simulate(cycle(phases(once(writeOf(1)), once(read)), 2));
    expect(invokes(history).map((o) => o.f)).toEqual(['write', 'read', 'write', 'read']);
  });

  it('untilOk retries through timeouts until an op succeeds, each retry on a fresh process', () => {
    const { history } = simulate(onClients(['c1'], untilOk(repeat(writeOf(1)))), {
      clients: 1,
      during: ({ world }) => {
        world.partition([['c1', LOCK_SERVER]]);
        world.at(350 * MS, 'heal', () => world.healPartition());
      },
    });
    const types = history.filter((o) => o.type !== 'invoke').map((o) => o.type);
    // Requests time out after 100 ms: four unknown writes, then one that gets through.
    expect(types).toEqual(['info', 'info', 'info', 'info', 'ok']);
    expect(invokes(history).map((o) => o.process)).toEqual([0, 1, 2, 3, 4]);
  });

  it('the same seed gives the same history; another seed another', () => {
    const g = () => limit(50, stagger(5 * MS, mix([repeat(read), writes])));
    const strip = (h: readonly Op[]) => h.map((o) => [o.type, o.f, o.node, o.time]);
    counter = 0;
    const a = strip(simulate(g(), { seed: 7 }).history);
    counter = 0;
    const b = strip(simulate(g(), { seed: 7 }).history);
    counter = 0;
    const c = strip(simulate(g(), { seed: 8 }).history);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });
});
