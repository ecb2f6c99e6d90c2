/**
 * The bare event loop: how many events per second the kernel handles, and how much simulated time
 * passes per wall second, with a light protocol (pingers and echo servers) and no tracing kept.
 */
import { performance } from 'node:perf_hooks';
import { EchoServer, Pinger } from '../sim/testing/echo.js';
import { MS, SEC } from '../sim/time.js';
import { World } from '../sim/world.js';

export interface LoopFigures {
  events: number;
  wallSeconds: number;
  eventsPerSecond: number;
  simSecondsPerWallSecond: number;
}

/**
 * The agenda alone: 100 self-rescheduling actions, no processes, no network, no trace. This is
 * the kernel's ceiling.
 */
export function benchBareAgenda(simSeconds = 1): LoopFigures {
  const world = new World({ seed: 1, trace: 'none' });
  let n = 0;
  for (let i = 0; i < 100; i++) {
    const again = (): void => {
      n++;
      world.after(1000 + (n % 7) * 100, 'tick', again);
    };
    world.after(i, 'tick', again);
  }
  const start = performance.now();
  world.runFor(simSeconds * SEC);
  const wallSeconds = (performance.now() - start) / 1000;
  return {
    events: world.steps,
    wallSeconds,
    eventsPerSecond: world.steps / wallSeconds,
    simSecondsPerWallSecond: simSeconds / wallSeconds,
  };
}

/** Pingers and echo servers over the simulated network, with disk writes and the trace hash. */
export function benchEventLoop(pairs = 50, simSeconds = 200): LoopFigures {
  const world = new World({ seed: 1, trace: 'none', network: { latency: { minNs: 100_000, meanNs: 500_000, tailProbability: 0, tailNs: 0 } } });
  for (let i = 0; i < pairs; i++) {
    world.addProcess(`s${i}`, (env) => new EchoServer(env));
    world.addProcess(`c${i}`, (env) => new Pinger(env, { peer: `s${i}`, intervalNs: 1 * MS }));
  }
  const start = performance.now();
  world.runFor(simSeconds * SEC);
  const wallSeconds = (performance.now() - start) / 1000;
  return {
    events: world.steps,
    wallSeconds,
    eventsPerSecond: world.steps / wallSeconds,
    simSecondsPerWallSecond: simSeconds / wallSeconds,
  };
}

export function formatLoopFigures(label: string, f: LoopFigures): string {
  return [
    `${label}: ${f.events.toLocaleString('en-US')} events in ${f.wallSeconds.toFixed(2)} s wall`,
    `  ${(f.eventsPerSecond / 1e6).toFixed(2)} M events/s, ${f.simSecondsPerWallSecond.toFixed(1)} simulated s per wall s`,
  ].join('\n');
}
