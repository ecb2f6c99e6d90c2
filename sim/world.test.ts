import { describe, expect, it } from 'vitest';
import type { Env, Process } from '../core/env.js';
import { EchoServer, Pinger } from './testing/echo.js';
import { MS, SEC } from './time.js';
import { World } from './world.js';

/** A process that only records when its timers fire, in true time. */
class TimerProbe implements Process {
  readonly firedAt: number[] = [];
  constructor(
    private readonly env: Env,
    private readonly world: World,
    private readonly delays: number[],
  ) {}
  start(): void {
    for (const d of this.delays) this.env.setTimer(d, 'probe');
  }
  onMessage(): void {}
  onTimer(): void {
    this.firedAt.push(this.world.now);
  }
}

function echoWorld(seed: number, fsync: 'always' | 'everysec' | 'no' = 'always'): World {
  const world = new World({ seed, network: { latency: { minNs: 1 * MS, meanNs: 2 * MS, tailProbability: 0, tailNs: 0 } } });
  world.addProcess('server', (env) => new EchoServer(env));
  world.addProcess('client', (env) => new Pinger(env, { peer: 'server', intervalNs: 100 * MS }), { fsync });
  return world;
}

describe('clocks', () => {
  it('a fast monotonic clock fires a timer early in true time, a slow one late', () => {
    const world = new World({ seed: 1 });
    world.addProcess('fast', (env) => new TimerProbe(env, world, [10 * SEC]), { clock: { driftPpm: 100_000 } });
    world.addProcess('slow', (env) => new TimerProbe(env, world, [10 * SEC]), { clock: { driftPpm: -100_000 } });
    world.addProcess('true', (env) => new TimerProbe(env, world, [10 * SEC]));
    world.runFor(20 * SEC);
    const at = (id: string) => world.process<TimerProbe>(id)!.firedAt[0]!;
    // 10 s of a clock running 10% fast pass in 10/1.1 s of true time; 10% slow, 10/0.9 s.
    expect(at('fast')).toBeCloseTo((10 * SEC) / 1.1, -3);
    expect(at('slow')).toBeCloseTo((10 * SEC) / 0.9, -3);
    expect(at('true')).toBe(10 * SEC);
  });

  it('changing the drift moves a pending timer', () => {
    const world = new World({ seed: 1 });
    world.addProcess('p', (env) => new TimerProbe(env, world, [10 * SEC]));
    world.runFor(5 * SEC);
    world.setDrift('p', -500_000); // half speed: the remaining 5 local seconds take 10 true seconds
    world.runFor(20 * SEC);
    expect(world.process<TimerProbe>('p')!.firedAt[0]).toBe(15 * SEC);
  });

  it('the monotonic clock never goes back while the wall clock jumps and strobes', () => {
    const world = new World({ seed: 1 });
    world.addProcess('p', (env) => new TimerProbe(env, world, []));
    const clock = world.clock('p');
    const mono0 = clock.mono(world.now);
    const wall0 = clock.wall(world.now);
    world.runFor(1 * SEC);
    world.jumpWall('p', -30 * SEC);
    expect(clock.wall(world.now)).toBe(wall0 + 1 * SEC - 30 * SEC);
    expect(clock.mono(world.now)).toBe(mono0 + 1 * SEC);
    world.strobeWall('p', 1 * SEC, 100 * MS, 5 * SEC);
    const first = clock.wall(world.now);
    world.runFor(100 * MS);
    expect(clock.wall(world.now) - first).toBe(100 * MS - 5 * SEC);
    world.resetClock('p');
    expect(clock.wall(world.now)).toBe(wall0 + world.now);
  });
});

describe('network', () => {
  it('a partition drops messages already in flight', () => {
    const world = new World({ seed: 3, network: { latency: { minNs: 50 * MS, meanNs: 50 * MS, tailProbability: 0, tailNs: 0 } } });
    world.addProcess('server', (env) => new EchoServer(env));
    world.addProcess('client', (env) => new Pinger(env, { peer: 'server', intervalNs: 100 * MS, count: 1 }));
    world.runFor(120 * MS); // the ping left at 100 ms and is due at 150 ms
    world.partition([['client', 'server']]);
    world.runFor(1 * SEC);
    expect(world.process<EchoServer>('server')!.received).toEqual([]);
    expect(world.messages.get('ping')).toMatchObject({ sent: 1, delivered: 0, dropped: 1 });
  });

  it('a one-way partition drops only one direction', () => {
    const world = echoWorld(4);
    world.partition([['server', 'client']]);
    world.runFor(1 * SEC + 50 * MS);
    expect(world.process<EchoServer>('server')!.received.length).toBe(10);
    expect(world.process<Pinger>('client')!.pongs).toEqual([]);
  });

  it('a held link queues packets and releases them in order', () => {
    const world = echoWorld(5);
    world.holdLink('client', 'server');
    world.runFor(1 * SEC + 50 * MS);
    expect(world.process<EchoServer>('server')!.received).toEqual([]);
    world.releaseLink('client', 'server');
    world.runFor(1 * MS);
    expect(world.process<EchoServer>('server')!.received).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('clogging delays every packet by the clog', () => {
    const world = echoWorld(6);
    world.network.setLink('client', 'server', { clogNs: 5 * SEC });
    world.runFor(4 * SEC);
    expect(world.process<EchoServer>('server')!.received).toEqual([]);
    world.runFor(2 * SEC);
    expect(world.process<EchoServer>('server')!.received.length).toBeGreaterThan(0);
  });

  it('loss drops about the configured fraction', () => {
    const world = echoWorld(7);
    world.network.setLink('client', 'server', { loss: 0.5 });
    world.runFor(100 * SEC);
    const got = world.process<EchoServer>('server')!.received.length;
    expect(got).toBeGreaterThan(400);
    expect(got).toBeLessThan(600);
  });

  it('links are FIFO unless reordering is on', () => {
    const fifo = echoWorld(8);
    fifo.network.setLink('client', 'server', { latency: { minNs: 0, meanNs: 300 * MS, tailProbability: 0, tailNs: 0 } });
    fifo.runFor(20 * SEC);
    const got = fifo.process<EchoServer>('server')!.received;
    expect(got).toEqual([...got].sort((a, b) => a - b));
    const shuffled = echoWorld(8);
    shuffled.network.setLink('client', 'server', { reorder: 1, latency: { minNs: 0, meanNs: 300 * MS, tailProbability: 0, tailNs: 0 } });
    shuffled.runFor(20 * SEC);
    const got2 = shuffled.process<EchoServer>('server')!.received;
    expect(got2).not.toEqual([...got2].sort((a, b) => a - b));
  });

  it('duplication delivers some packets twice', () => {
    const world = echoWorld(9);
    world.network.setLink('client', 'server', { duplicate: 1 });
    world.runFor(1 * SEC + 50 * MS);
    expect(world.process<EchoServer>('server')!.received).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10]);
  });
});

describe('processes', () => {
  it('a paused process receives nothing until it resumes, then everything at once', () => {
    const world = echoWorld(10);
    world.runFor(1 * SEC + 50 * MS);
    world.pause('server');
    world.runFor(1 * SEC);
    const server = world.process<EchoServer>('server')!;
    expect(server.received.length).toBe(10);
    world.resume('server');
    // The ten pings sent during the pause arrive in one burst at the resume instant.
    expect(server.received.length).toBe(20);
  });

  it('a paused process fires its timers late, in a burst, while its clock ran on', () => {
    const world = echoWorld(11);
    world.runFor(1 * SEC + 50 * MS);
    world.pause('client');
    world.runFor(1 * SEC);
    const client = world.process<Pinger>('client')!;
    expect(client.firedAtLocal.length).toBe(10);
    world.resume('client');
    expect(client.firedAtLocal.length).toBe(11);
    // Due at 1.1 s, it fired at the resume (2.05 s): 1.05 s after the one before, by its own clock.
    expect(client.firedAtLocal[10]! - client.firedAtLocal[9]!).toBe(1 * SEC + 50 * MS);
  });

  it('a crash under everysec loses the unsynced tail; under always it loses nothing', () => {
    const lossy = echoWorld(12, 'everysec');
    lossy.runFor(5 * SEC + 500 * MS);
    const before = lossy.process<Pinger>('client')!.pongs.length;
    lossy.crash('client', 'lose-unsynced');
    lossy.restart('client');
    const after = lossy.process<Pinger>('client')!.pongs.length;
    expect(after).toBeLessThan(before);
    expect(before - after).toBeLessThanOrEqual(11); // at most one second of pongs

    const safe = echoWorld(12, 'always');
    safe.runFor(5 * SEC + 500 * MS);
    const kept = safe.process<Pinger>('client')!.pongs.length;
    safe.crash('client', 'lose-unsynced');
    safe.restart('client');
    expect(safe.process<Pinger>('client')!.pongs.length).toBe(kept);
  });

  it('a process kill keeps the page cache; a wipe forgets everything', () => {
    const world = echoWorld(13, 'no');
    world.runFor(2 * SEC);
    const before = world.process<Pinger>('client')!.pongs.length;
    world.crash('client', 'clean');
    world.restart('client');
    expect(world.process<Pinger>('client')!.pongs.length).toBe(before);
    world.wipeAndRestart('client');
    expect(world.process<Pinger>('client')!.pongs.length).toBe(0);
  });

  it('a torn write leaves a torn record that readers can see', () => {
    const world = echoWorld(14, 'no');
    world.runFor(2 * SEC);
    world.crash('client', 'torn');
    const records = world.disk('client').read('pongs');
    expect(records.at(-1)).toEqual({ torn: true });
  });

  it('a crashed process gets no messages or timers, and restarts from its disk', () => {
    const world = echoWorld(15);
    world.runFor(1 * SEC);
    world.crash('server');
    world.runFor(1 * SEC);
    expect(world.process('server')).toBeNull();
    expect(world.messages.get('ping')!.dropped).toBeGreaterThan(0);
    world.restart('server');
    world.runFor(1 * SEC);
    expect(world.process<EchoServer>('server')!.received.length).toBeGreaterThan(5);
  });

  it('the crash event lets an observer read the dead process object, and only then', () => {
    const world = echoWorld(16);
    world.runFor(1 * SEC);
    const alive = world.process<EchoServer>('server');
    const seen: Array<unknown> = [];
    world.trace.listen((e) => {
      if (e.kind === 'crash') seen.push(world.crashedProcess('server'), world.crashedProcess('client'));
    });
    world.crash('server');
    expect(seen).toEqual([alive, null]);
    expect(world.crashedProcess('server')).toBeNull();
  });
});

describe('determinism', () => {
  function chaoticRun(seed: number): string {
    const world = new World({ seed, network: { loss: 0.05, duplicate: 0.05, reorder: 0.2 } });
    world.addProcess('server', (env) => new EchoServer(env));
    world.addProcess('client', (env) => new Pinger(env, { peer: 'server', intervalNs: 10 * MS }), { fsync: 'everysec' });
    world.runFor(2 * SEC);
    world.pause('server');
    world.runFor(300 * MS);
    world.resume('server');
    world.crash('client', 'torn');
    world.restart('client');
    world.runFor(2 * SEC);
    return world.traceHash();
  }

  it('the same seed gives the same trace hash; another seed gives another', () => {
    expect(chaoticRun(42)).toBe(chaoticRun(42));
    expect(chaoticRun(42)).not.toBe(chaoticRun(43));
  });

  it('a draw on one random stream does not shift another', () => {
    const a = new World({ seed: 5 });
    const b = new World({ seed: 5 });
    b.random.stream('workload')();
    b.random.stream('workload')();
    expect(a.random.stream('network')()).toBe(b.random.stream('network')());
  });
});

describe('invalid configuration names the field', () => {
  it.each([
    [{ latency: { minNs: -1, meanNs: 1, tailProbability: 0, tailNs: 0 } }, 'network.latency.minNs'],
    [{ loss: 1.5 }, 'network.loss'],
    [{ duplicate: -0.1 }, 'network.duplicate'],
    [{ latency: { minNs: 5, meanNs: 1, tailProbability: 0, tailNs: 0 } }, 'network.latency.meanNs'],
  ])('network %j', (network, field) => {
    expect(() => new World({ seed: 1, network })).toThrow(field);
  });

  it('an unknown fsync policy', () => {
    const world = new World({ seed: 1 });
    expect(() => world.addProcess('n1', (env) => new EchoServer(env), { fsync: 'sometimes' as never })).toThrow('process n1.fsync');
  });

  it('a partition naming an unknown node', () => {
    const world = echoWorld(1);
    expect(() => world.partition([['client', 'n9']])).toThrow('partition[0][1] names an unknown node "n9"');
  });
});
