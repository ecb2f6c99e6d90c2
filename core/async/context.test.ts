import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createSandbox, type SandboxRealm } from '../../cli/system/sandbox.js';
import { guardRealm } from '../../scenarios/user/guarded-realm.js';
import { MS } from '../../sim/time.js';
import { World } from '../../sim/world.js';
import type { ClientNotice } from '../contract/events.js';
import { asyncProcess, type AsyncHooks, type Ctx } from './context.js';

/**
 * User code must be made in the user's realm (as the loader does with a module): a function
 * written in this test file would belong to the host realm, whose microtasks no entry drains.
 */
function inRealm<F>(sandbox: SandboxRealm, source: string): F {
  return vm.runInContext(source, sandbox.context) as F;
}

function setup(seed: number, servers: string[] = ['s']) {
  const sandbox = createSandbox();
  const realm = guardRealm(sandbox, () => sandbox.refused);
  const hooks: AsyncHooks = { realm, servers, fail: (e) => realm.fail(e) };
  return { sandbox, realm, hooks, world: new World({ seed, network: { loss: 0.1 } }) };
}

type Main = (ctx: Ctx) => Promise<void> | void;

/** A counter server and three clients that call it, sleep, and log what they saw. */
function counterRun(seed: number): { hash: string; log: string } {
  const { sandbox, hooks, world } = setup(seed);
  const log: string[] = [];
  const server = inRealm<Main>(sandbox, `(async (ctx) => {
    let n = 0;
    ctx.serve(async (from, m) => { await ctx.sleep(1 + ctx.random() * 3); n += m.add; return { n, from }; });
  })`);
  const client = inRealm<(log: string[]) => Main>(sandbox, `((log) => async (ctx) => {
    for (let i = 0; i < 20; i++) {
      const r = await ctx.call('s', { type: 'add', add: 1 }, { timeoutMs: 20 });
      log.push(ctx.id + ':' + (r ? r.n : 'timeout') + '@' + Math.round(ctx.monotonic()));
      await Promise.all([ctx.sleep(ctx.random() * 10), Promise.resolve().then(() => undefined)]);
    }
  })`);
  world.addProcess('s', (env) => asyncProcess(env, server, hooks));
  for (const id of ['a', 'b', 'c']) world.addProcess(id, (env) => asyncProcess(env, client(log), hooks));
  world.runFor(2_000 * MS);
  return { hash: world.traceHash(), log: log.join(' ') };
}

describe('the async facade', () => {
  it('gives the same trace and the same interleaving for the same seed', () => {
    const [one, again, other] = [1, 1, 2].map(counterRun);
    expect(one!.log.split(' ').length).toBe(60);
    expect(again).toEqual(one);
    expect(other!.log).not.toBe(one!.log);
  });

  it('runs every continuation a delivery woke before the next event', () => {
    const { sandbox, hooks, world } = setup(3);
    const seen: number[] = [];
    world.addProcess('s', (env) => asyncProcess(env, inRealm<Main>(sandbox, `((ctx) => ctx.serve(() => ({ pong: true })))`), hooks));
    const client = inRealm<(done: () => void) => Main>(sandbox, `((done) => async (ctx) => {
      await ctx.call('s', { type: 'ping' }, { timeoutMs: 50 });
      await null;
      await Promise.resolve();
      done();
    })`);
    world.addProcess('c', (env) => asyncProcess(env, client(() => seen.push(world.steps)), hooks));
    while (seen.length === 0 && world.step()) {
      // Each step delivers one message; the continuation must have run inside the step that delivered the reply.
    }
    expect(seen).toEqual([world.steps]);
    expect(world.steps).toBe(2);
  });

  it('answers a call that gets no reply with undefined after the timeout', () => {
    const { sandbox, hooks, world } = setup(4);
    const answers: unknown[] = [];
    world.addProcess('s', (env) => asyncProcess(env, () => undefined, hooks));
    const client = inRealm<(out: unknown[]) => Main>(sandbox, `((out) => async (ctx) => { out.push(await ctx.call('s', { type: 'ping' }, { timeoutMs: 30 })); })`);
    world.addProcess('c', (env) => asyncProcess(env, client(answers), hooks));
    world.runFor(29 * MS);
    expect(answers).toEqual([]);
    world.runFor(2 * MS);
    expect(answers).toEqual([undefined]);
  });

  it("stops a crashed process's code: its pending sleeps never wake", () => {
    const { sandbox, hooks, world } = setup(5, []);
    const woke: unknown[] = [];
    world.addProcess('p', (env) => asyncProcess(env, inRealm<(out: unknown[]) => Main>(sandbox, `((out) => async (ctx) => { await ctx.sleep(100); out.push('woke'); })`)(woke), hooks));
    world.runFor(50 * MS);
    world.crash('p');
    world.runFor(100 * MS);
    expect(woke).toEqual([]);
  });

  it('stops the run at user code that throws after an await, naming the process', () => {
    const { sandbox, hooks, world } = setup(6, []);
    world.addProcess('p', (env) => asyncProcess(env, inRealm<Main>(sandbox, `(async (ctx) => { await ctx.sleep(10); throw new TypeError('boom'); })`), hooks));
    expect(() => world.runFor(20 * MS)).toThrow(/p threw TypeError: boom/);
  });

  it('refuses the real clock inside a process, naming the call', () => {
    const { sandbox, hooks, world } = setup(7, []);
    world.addProcess('p', (env) => asyncProcess(env, inRealm<Main>(sandbox, `(async (ctx) => { await ctx.sleep(1); try { Date.now(); } catch {} })`), hooks));
    expect(() => world.runFor(5 * MS)).toThrow(/called Date\.now\(\)/);
  });

  it('a belief whose deadline passed while the process was paused ended at the deadline, however late its timer fires', () => {
    const { sandbox, hooks, world } = setup(8, []);
    const notices: ClientNotice[] = [];
    const main = inRealm<Main>(sandbox, `(async (ctx) => { ctx.believe('L', 1, { untilMs: ctx.monotonic() + 100 }); })`);
    world.addProcess('p', (env) => asyncProcess(env, main, { ...hooks, notify: (n) => notices.push(n) }));
    world.runFor(10 * MS);
    world.pause('p');
    world.runFor(990 * MS);
    world.resume('p');
    world.runFor(1 * MS);
    const end = notices.find((n) => n.type === 'belief' && !n.held);
    expect(end).toMatchObject({ reason: 'deadline' });
    // The belief began at the start with a deadline at 100 ms, and the timer fired at the resume,
    // 1000 ms: 900 ms late on the process's own clock (which does not drift here).
    expect((end as { endedAgoNs?: number }).endedAgoNs).toBe(900 * MS);
  });
});
