/**
 * The async facade's cost: one lock system written twice, in the callback style of core/ and in
 * async style (cli/system/fixtures), run on the same hazard and seeds; events per second of each.
 * Both run in the sandbox realm (every entry drains its microtasks); the difference is the
 * facade's promises and envelopes.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadSystemModule } from '../cli/system/load.js';
import { findHazard } from '../scenarios/user/hazards.js';
import { runUserHazard } from '../scenarios/user/run.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'cli', 'system', 'fixtures');

function measure(file: string, system: string, seeds: number): { events: number; wallMs: number; eventsPerSec: number } {
  const module = loadSystemModule(join(FIXTURES, file));
  const hazard = findHazard('zk-session-jitter')!;
  let events = 0;
  const started = performance.now();
  for (let seed = 1; seed <= seeds; seed++) {
    const outcome = runUserHazard(() => module.instantiate(system), hazard, { seed, traceLevel: 'none' });
    events += outcome.stats.events as number;
  }
  const wallMs = performance.now() - started;
  return { events, wallMs, eventsPerSec: events / (wallMs / 1000) };
}

export function benchFacade(seeds = 20): string[] {
  measure('simple-lock-callback.ts', 'callback-lock', 2); // warm up
  measure('simple-lock.ts', 'monotonic-lock', 2);
  const callback = measure('simple-lock-callback.ts', 'callback-lock', seeds);
  const facade = measure('simple-lock.ts', 'monotonic-lock', seeds);
  const line = (name: string, m: typeof callback): string => `  ${name.padEnd(16)} ${m.events} events in ${m.wallMs.toFixed(0)} ms: ${Math.round(m.eventsPerSec).toLocaleString('en')} events/s`;
  return [
    `async facade vs callback style (one lock server, 3-5 clients, zk-session-jitter, seeds 1..${seeds})`,
    line('callback style', callback),
    line('async facade', facade),
    `  facade/callback throughput: ${(facade.eventsPerSec / callback.eventsPerSec).toFixed(2)}`,
  ];
}
