import { describe, expect, it } from 'vitest';
import type { Env, NodeId, Process } from '../env.js';
import { MS } from '../../sim/time.js';
import { World } from '../../sim/world.js';
import type { ResourceReply, ResourceWriteRequest } from './messages.js';
import { Resource, type ResourceMode, type SequencerChecker } from './resource.js';

/** A writer that sends a fixed list of (token, value) writes to the resource, one per 10 ms. */
class Writer implements Process {
  readonly replies: ResourceReply[] = [];
  private next = 0;
  constructor(
    private readonly env: Env,
    private readonly writes: Array<{ token: number | null; value: number }>,
  ) {}
  start(): void {
    this.env.setTimer(10 * MS, 'write');
  }
  onMessage(_from: NodeId, m: unknown): void {
    this.replies.push(m as ResourceReply);
  }
  onTimer(): void {
    const w = this.writes[this.next++];
    if (!w) return;
    const req: ResourceWriteRequest = { type: 'res-write', reqId: this.next, lock: 'L', key: 'x', value: w.value, token: w.token, client: this.env.id };
    this.env.send('resource', req);
    this.env.setTimer(10 * MS, 'write');
  }
}

function run(mode: ResourceMode, writes: Array<{ token: number | null; value: number }>, checker?: SequencerChecker) {
  const world = new World({ seed: 1 });
  const writes_: Array<Record<string, unknown>> = [];
  world.trace.listen((e) => {
    if (e.kind === 'resource-write') writes_.push(e.data ?? {});
  });
  world.addProcess('resource', (env) => new Resource(env, mode, checker));
  world.addProcess('c1', (env) => new Writer(env, writes));
  world.runFor(1000 * MS);
  return { world, log: writes_, resource: world.process<Resource>('resource')! };
}

describe('the protected resource', () => {
  const zombie = [
    { token: 5, value: 1 },
    { token: 7, value: 2 },
    { token: 5, value: 3 }, // the old holder wakes from its pause and writes
  ];

  it('in mode none, a zombie write with an old token lands', () => {
    const { log, resource } = run('none', zombie);
    expect(log.map((w) => w.accepted)).toEqual([true, true, true]);
    expect(resource.valueOf('x')).toBe(3);
  });

  it('in mode fenced, a write with a token lower than one accepted is refused', () => {
    const { log, resource } = run('fenced', zombie);
    expect(log.map((w) => w.accepted)).toEqual([true, true, false]);
    expect(log[2]).toMatchObject({ reason: 'stale-token', token: 5 });
    expect(resource.valueOf('x')).toBe(2);
  });

  it('in mode fenced, the same grant may write again and a write without a token is refused', () => {
    const { log } = run('fenced', [
      { token: 4, value: 1 },
      { token: 4, value: 2 },
      { token: null, value: 3 },
    ]);
    expect(log.map((w) => [w.accepted, w.reason])).toEqual([
      [true, undefined],
      [true, undefined],
      [false, 'no-token'],
    ]);
  });

  it('in mode check-sequencer, the answer decides, but only when it arrives', () => {
    const asked: number[] = [];
    // The lock service's current grant: 5, until the lock passes to the holder of 7.
    let current = 5;
    const checker: SequencerChecker = {
      check(_lock, token, answer) {
        asked.push(token);
        if (token === 7) current = 7;
        answer(token === current);
      },
    };
    const { log } = run('check-sequencer', zombie, checker);
    expect(asked).toEqual([5, 7, 5]);
    expect(log.map((w) => w.accepted)).toEqual([true, true, false]);
  });
});
