/**
 * The async facade's cost: one lock system written twice, in the callback style of core/ and in
 * async style (cli/system/fixtures), run on the same hazard and seeds; events per second of each.
 * Both run in the sandbox realm (every entry drains its microtasks); the difference is the
 * facade's promises and envelopes.
 */
import { join } from 'node:path';
import vm from 'node:vm';
import { performance } from 'node:perf_hooks';
import { loadSystemModule } from '../cli/system/load.js';
import { createSandbox } from '../cli/system/sandbox.js';
import { asyncProcess, type AsyncMain } from '../core/async/context.js';
import type { UserCodeError } from '../core/async/realm.js';
import type { Process } from '../core/env.js';
import { guardRealm } from '../scenarios/user/guarded-realm.js';
import { World } from '../sim/world.js';
import { findHazard } from '../scenarios/user/hazards.js';
import { runJudged } from '../cli/system/judged-run.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'cli', 'system', 'fixtures');

/** Each seed as a sweep runs it (runJudged: promise hooks on, one event-loop turn after the run). */
async function measure(file: string, system: string, seeds: number): Promise<{ events: number; wallMs: number; eventsPerSec: number }> {
  const module = loadSystemModule(join(FIXTURES, file));
  const hazard = findHazard('zk-session-jitter')!;
  let events = 0;
  const started = performance.now();
  for (let seed = 1; seed <= seeds; seed++) {
    const run = await runJudged(() => module.instantiate(system), hazard, { seed, traceLevel: 'none' });
    if (run.crash) throw new Error(`bench system crashed: ${run.crash.error}`);
    events += run.outcome.stats.events as number;
  }
  const wallMs = performance.now() - started;
  return { events, wallMs, eventsPerSec: events / (wallMs / 1000) };
}

export async function benchFacade(seeds = 20): Promise<string[]> {
  await measure('simple-lock-callback.ts', 'callback-lock', 2); // warm up
  await measure('simple-lock.ts', 'monotonic-lock', 2);
  const callback = await measure('simple-lock-callback.ts', 'callback-lock', seeds);
  const facade = await measure('simple-lock.ts', 'monotonic-lock', seeds);
  const line = (name: string, m: { events: number; wallMs: number; eventsPerSec: number }): string => `  ${name.padEnd(16)} ${m.events} events in ${m.wallMs.toFixed(0)} ms: ${Math.round(m.eventsPerSec).toLocaleString('en')} events/s`;
  return [
    `async facade vs callback style (one lock server, 3-5 clients, zk-session-jitter, seeds 1..${seeds})`,
    line('callback style', callback),
    line('async facade', facade),
    `  facade/callback throughput: ${(facade.eventsPerSec / callback.eventsPerSec).toFixed(2)}`,
  ];
}

/**
 * The same echo protocol three ways on a bare world (no workload, no checkers): callback-style
 * processes called directly (core/'s way), the same processes entered through the sandbox realm,
 * and async processes on the facade (`await ctx.call` in a loop). Events per second of each.
 */
export function benchFacadeEcho(pairs = 50, simMs = 2_000): string[] {
  const MS = 1_000_000;
  const run = (kind: 'direct' | 'realm' | 'async'): { events: number; wallMs: number } => {
    const sandbox = createSandbox();
    const realm = guardRealm(sandbox, () => sandbox.refused);
    const world = new World({ seed: 1, trace: 'none' });
    const echoAsync = vm.runInContext('(async (ctx) => { ctx.serve((from, m) => ({ type: "pong", n: m.n })); })', sandbox.context) as AsyncMain;
    const pingAsync = vm.runInContext('((peer) => async (ctx) => { for (let n = 0; ; n++) await ctx.call(peer, { type: "ping", n }, { timeoutMs: 50 }); })', sandbox.context) as (peer: string) => AsyncMain;
    for (let i = 0; i < pairs; i++) {
      const echo = `e${i}`;
      const ping = `p${i}`;
      if (kind === 'async') {
        const hooks = { realm, servers: [], fail: (e: UserCodeError) => realm.fail(e) };
        world.addProcess(echo, (env) => asyncProcess(env, echoAsync, hooks));
        world.addProcess(ping, (env) => asyncProcess(env, pingAsync(echo), hooks));
      } else {
        const wrap = (p: Process): Process =>
          kind === 'direct' ? p : { start: () => realm.enter(() => p.start()), onMessage: (f, m) => realm.enter(() => p.onMessage(f, m)), onTimer: (id, tag) => realm.enter(() => p.onTimer(id, tag)) };
        world.addProcess(echo, (env) => wrap({ start() {}, onTimer() {}, onMessage: (from, m) => env.send(from, { type: 'pong', n: (m as { n: number }).n }) }));
        world.addProcess(ping, (env) => {
          let n = 0;
          let timer = 0;
          const send = (): void => {
            timer = env.setTimer(50 * MS, 'timeout');
            env.send(echo, { type: 'ping', n: n++ });
          };
          return wrap({ start: send, onTimer: send, onMessage: () => (env.cancelTimer(timer), send()) });
        });
      }
    }
    const started = performance.now();
    world.runFor(simMs * MS);
    return { events: world.steps, wallMs: performance.now() - started };
  };
  run('direct');
  run('realm');
  run('async');
  const lines = [`echo pairs on a bare world (${pairs} pairs, ${simMs / 1000} s simulated, no checkers)`];
  const base = run('direct');
  for (const [name, m] of [['callback, direct', base], ['callback, in realm', run('realm')], ['async facade', run('async')]] as const) {
    const rate = m.events / (m.wallMs / 1000);
    lines.push(`  ${name.padEnd(18)} ${m.events} events in ${m.wallMs.toFixed(0)} ms: ${Math.round(rate).toLocaleString('en')} events/s (${(rate / (base.events / (base.wallMs / 1000))).toFixed(2)} of direct)`);
  }
  return lines;
}
