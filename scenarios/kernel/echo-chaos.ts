/**
 * `echo-chaos`: the kernel on its own. Pingers and echo servers under loss, duplication,
 * reordering, partitions, pauses and crashes; after the final heal every pinger must hear an echo
 * again within a bound. It shows the simulator's faults and determinism without Raft or locks.
 */
import { keptEvents } from '../harness/trace-events.js';
import type { Violation } from '../../checker/history.js';
import { intBetween, pick } from '../../sim/random.js';
import { EchoServer, Pinger } from '../../sim/testing/echo.js';
import { MS, SEC } from '../../sim/time.js';
import { World } from '../../sim/world.js';
import type { RunOptions, RunOutcome, Scenario } from '../scenario.js';

function run(options: RunOptions): RunOutcome {
  const world = new World({ seed: options.seed, trace: options.traceLevel ?? 'protocol' });
  const rng = world.random.stream('scenario');
  const pairs = intBetween(rng, 2, 5);
  const loss = pick(rng, [0, 0.01, 0.1]);
  const reorder = pick(rng, [0, 0.2]);
  const faultSeconds = intBetween(rng, 5, 20);
  world.network.setDefaults({ loss, reorder, duplicate: loss / 2 });
  for (let i = 0; i < pairs; i++) {
    world.addProcess(`s${i}`, (env) => new EchoServer(env));
    world.addProcess(`c${i}`, (env) => new Pinger(env, { peer: `s${i}`, intervalNs: 50 * MS }), { fsync: 'everysec' });
  }
  const nemesis = world.random.stream('nemesis');
  for (let t = SEC; t < faultSeconds * SEC; t += intBetween(nemesis, 200, 2000) * MS) {
    const victim = `s${intBetween(nemesis, 0, pairs - 1)}`;
    const fault = pick(nemesis, ['pause', 'crash', 'partition'] as const);
    world.at(t, fault, () => {
      if (fault === 'pause') {
        world.pause(victim);
        world.after(300 * MS, 'resume', () => world.resume(victim));
      } else if (fault === 'crash') {
        world.crash(victim, 'lose-unsynced');
        world.after(500 * MS, 'restart', () => world.restart(victim));
      } else {
        world.partition([[victim, victim.replace('s', 'c')]]);
        world.after(700 * MS, 'heal', () => world.healPartition());
      }
    });
  }
  const healAt = faultSeconds * SEC + SEC;
  world.runUntil(healAt);
  // Final heal: every fault undone, then the liveness phase.
  world.healPartition();
  world.network.setDefaults({ loss: 0, reorder: 0, duplicate: 0 });
  for (let i = 0; i < pairs; i++) {
    world.resume(`s${i}`);
    world.restart(`s${i}`);
  }
  world.trace.record(world.now, 'heal', undefined, '');
  const before = new Map<string, number>();
  for (let i = 0; i < pairs; i++) before.set(`c${i}`, world.process<Pinger>(`c${i}`)!.pongs.length);
  const boundNs = 2 * SEC;
  world.runFor(boundNs);
  const violations: Violation[] = [];
  for (let i = 0; i < pairs; i++) {
    const got = world.process<Pinger>(`c${i}`)!.pongs.length - (before.get(`c${i}`) ?? 0);
    if (got === 0) {
      violations.push({
        kind: 'LV',
        checker: 'echo-liveness',
        explanation: `c${i} heard no echo within ${boundNs / SEC}s after the final heal at ${healAt / SEC}s`,
        ops: [],
        at: world.now,
      });
    }
  }
  return {
    valid: violations.length === 0,
    violations,
    params: { pairs, loss, reorder, duplicate: loss / 2, faultSeconds, livenessBoundNs: boundNs },
    stats: { events: world.steps, messages: Object.fromEntries(world.messages) },
    record: { history: [], healAt, endAt: world.now },
    trace: keptEvents(world),
    traceHash: world.traceHash(),
    simTimeNs: world.now,
  };
}

export const echoChaos: Scenario = {
  name: 'echo-chaos',
  title: 'the simulation kernel alone: pings and echoes under loss, partitions, pauses and crashes',
  source: 'issue: simulation kernel',
  designs: [{ name: 'safe', kind: 'safe', description: 'echo servers restart and answer again after every fault heals' }],
  run,
};
