/** Linearizable reads: ReadIndex (safe) and leader leases (lease-based, unsafe under drift). */
import { describe, expect, it } from 'vitest';
import { TestCluster } from './testing/cluster.js';

const three = ['n1', 'n2', 'n3'];

describe('ReadIndex', () => {
  it('a read on the leader is answered once a majority answered a heartbeat sent after it', () => {
    const c = new TestCluster({ voters: three });
    c.elect('n1');
    c.propose('n1', 'a');
    c.stabilize();
    expect(c.node('n1').readIndex('r1')).toEqual({ ok: true });
    c.process('n1');
    expect(c.readStates.get('n1')).toEqual([]);
    expect(c.sent('n1', 'heartbeat').map((m) => m.to)).toEqual(['n2', 'n3']);
    c.deliver((m) => m.to === 'n2');
    c.deliver((m) => m.from === 'n2');
    expect(c.readStates.get('n1')).toEqual([{ ctx: 'r1', index: 3 }]);
  });

  it('reads asked together share one heartbeat round', () => {
    const c = new TestCluster({ voters: three });
    c.elect('n1');
    c.node('n1').readIndex('r1');
    c.node('n1').readIndex('r2');
    c.process('n1');
    expect(c.sent('n1', 'heartbeat')).toHaveLength(2);
    c.stabilize();
    expect(c.readStates.get('n1')!.map((r) => r.ctx)).toEqual(['r1', 'r2']);
  });

  it('a new leader answers only once an entry of its own term is committed', () => {
    const c = new TestCluster({ voters: three });
    c.processAll();
    c.node('n1').campaign();
    c.process('n1');
    c.exchange((m) => m.type.includes('vote'));
    expect(c.node('n1').status()).toMatchObject({ role: 'leader', commit: 1 });
    c.node('n1').readIndex('r1');
    c.process('n1');
    expect(c.sent('n1', 'heartbeat')).toEqual([]);
    c.stabilize();
    expect(c.readStates.get('n1')).toEqual([{ ctx: 'r1', index: 2 }]);
  });

  it('a follower’s read goes through the leader', () => {
    const c = new TestCluster({ voters: three });
    c.elect('n1');
    c.propose('n1', 'a');
    c.stabilize();
    c.node('n2').readIndex('r2');
    c.stabilize();
    expect(c.readStates.get('n2')).toEqual([{ ctx: 'r2', index: 3 }]);
    expect(c.readStates.get('n1')).toEqual([]);
  });

  it('a node that knows no leader refuses a read', () => {
    const c = new TestCluster({ voters: three });
    c.processAll();
    expect(c.node('n2').readIndex('r')).toMatchObject({ ok: false, reason: 'not-leader', leader: null });
  });

  it('a leader cut off from the majority never completes a read, and steps down', () => {
    const c = new TestCluster({ voters: three, seed: 4 });
    c.elect('n1');
    c.isolate('n1');
    c.node('n1').readIndex('r1');
    c.tickAll(40);
    expect(c.readStates.get('n1')).toEqual([]);
    expect(c.node('n1').status().role).not.toBe('leader');
  });
});

describe('lease-based reads', () => {
  const lease = { readOnly: 'lease-based' as const };

  it('within its lease the leader answers at once, without a heartbeat round', () => {
    const c = new TestCluster({ voters: three, raft: lease });
    c.elect('n1');
    c.tickAll(1);
    c.node('n1').readIndex('r1');
    c.process('n1');
    expect(c.readStates.get('n1')).toEqual([{ ctx: 'r1', index: 2 }]);
  });

  it('a leader whose clock keeps pace lets its lease lapse before anyone else can win', () => {
    const c = new TestCluster({ voters: three, raft: lease, seed: 6 });
    c.elect('n1');
    c.tickAll(1);
    c.isolate('n1');
    let leaseEnded = -1;
    for (let tick = 1; tick <= 30 && c.leader() === 'n1'; tick++) {
      c.tickAll(1);
      c.node('n1').readIndex(`r${tick}`);
      c.process('n1');
      if (leaseEnded < 0 && c.readStates.get('n1')!.length < tick) leaseEnded = tick;
      const others = ['n2', 'n3'].filter((n) => c.node(n).status().role === 'leader');
      // Nobody else leads while n1 still answers from its lease.
      if (leaseEnded < 0) expect(others).toEqual([]);
    }
    expect(leaseEnded).toBeGreaterThan(0);
  });

  it('goes stale when the leader pauses: a new leader commits while the old one still answers', () => {
    const run = (readOnly: 'safe' | 'lease-based') => {
      const c = new TestCluster({ voters: three, raft: { readOnly }, seed: 6 });
      c.elect('n1');
      c.tickAll(1);
      // n1 pauses (no ticks, no messages); the others elect a new leader and commit a write.
      c.isolate('n1');
      for (let i = 0; i < 40 && !['n2', 'n3'].includes(c.leader() ?? ''); i++) {
        c.tick('n2');
        c.tick('n3');
        c.stabilize();
      }
      const successor = ['n2', 'n3'].find((n) => c.node(n).status().role === 'leader')!;
      const write = c.propose(successor, 'w');
      c.stabilize();
      expect(c.node(successor).status().commit).toBeGreaterThanOrEqual(write.ok ? write.index : Infinity);
      // n1 resumes: on its own clock no time has passed.
      c.node('n1').readIndex('after-w');
      c.process('n1');
      return { read: c.readStates.get('n1')!, write };
    };
    const lease = run('lease-based');
    expect(lease.read).toHaveLength(1);
    expect(lease.read[0]!.index).toBeLessThan(lease.write.ok ? lease.write.index : 0);
    expect(run('safe').read).toEqual([]);
  });
});
