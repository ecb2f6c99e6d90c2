/** Leadership transfer: catch the target up, then TimeoutNow. */
import { describe, expect, it } from 'vitest';
import { TestCluster } from './testing/cluster.js';

const three = ['n1', 'n2', 'n3'];

function withLeader() {
  const c = new TestCluster({ voters: three, seed: 1 });
  c.elect('n1');
  c.tickAll(1);
  return c;
}

describe('leadership transfer', () => {
  it('moves leadership to an up-to-date follower at once, past the followers’ lease', () => {
    const c = withLeader();
    expect(c.node('n1').transferLeadership('n2')).toEqual({ ok: true });
    c.process('n1');
    expect(c.sent('n1', 'timeout-now').map((m) => m.to)).toEqual(['n2']);
    c.stabilize();
    expect(c.leader()).toBe('n2');
    expect(c.node('n2').status().term).toBe(3);
    expect(c.node('n1').status()).toMatchObject({ role: 'follower', leader: 'n2' });
  });

  it('catches a lagging target up before telling it to campaign', () => {
    const c = withLeader();
    c.isolate('n3');
    for (const v of ['a', 'b']) c.propose('n1', v);
    c.stabilize();
    c.heal();
    const toN3: string[] = [];
    c.onEvent((e) => {
      if (e.kind === 'ready' && e.node === 'n1') for (const m of e.ready.messages) if (m.to === 'n3') toN3.push(m.type);
    });
    c.node('n1').transferLeadership('n3');
    c.process('n1');
    c.stabilize();
    expect(toN3.indexOf('append')).toBeLessThan(toN3.indexOf('timeout-now'));
    expect(c.leader()).toBe('n3');
    expect(c.appliedData('n3')).toEqual(['a', 'b']);
  });

  it('refuses proposals while a transfer is under way, and gives up after an election timeout', () => {
    const c = withLeader();
    c.isolate('n3');
    c.node('n1').transferLeadership('n3');
    expect(c.node('n1').propose('x')).toEqual({ ok: false, reason: 'transferring', leader: 'n1' });
    c.tick('n1', 10);
    expect(c.node('n1').status()).toMatchObject({ role: 'leader', transferee: null });
    expect(c.node('n1').propose('x')).toMatchObject({ ok: true });
  });

  it('only a voter can take over', () => {
    const c = withLeader();
    expect(c.node('n1').transferLeadership('n9')).toMatchObject({ ok: false, reason: 'invalid-target' });
    expect(c.node('n2').transferLeadership('n3')).toMatchObject({ ok: false, reason: 'not-leader', leader: 'n1' });
    expect(c.node('n1').transferLeadership('n1')).toEqual({ ok: true });
  });
});
