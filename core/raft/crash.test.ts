/** Crashes at the worst moments of the host loop, and restarts from what the disk kept. */
import { describe, expect, it } from 'vitest';
import { TestCluster } from './testing/cluster.js';

const three = ['n1', 'n2', 'n3'];

describe('crash and restart', () => {
  it('a vote persisted but never sent still binds the voter after a restart', () => {
    const c = new TestCluster({ voters: three, raft: { preVote: false } });
    c.processAll();
    c.node('n1').campaign();
    c.process('n1');
    const [request] = c.drop((m) => m.to === 'n2');
    c.node('n2').step(request!);
    const rd = c.crashAfterPersist('n2');
    expect(rd?.hardState).toMatchObject({ term: 2, vote: 'n1' });
    expect(c.sent('n2')).toEqual([]);
    expect(c.restart('n2').status()).toMatchObject({ term: 2, vote: 'n1' });
    // n3 campaigns in the same term: n2 must refuse.
    c.drop();
    c.node('n3').campaign();
    c.process('n3');
    c.deliver((m) => m.to === 'n2');
    expect(c.sent('n2', 'vote-resp')).toMatchObject([{ to: 'n3', term: 2, reject: true }]);
  });

  it('a leader that crashes after persisting a proposal but before sending it keeps it in its log', () => {
    const c = new TestCluster({ voters: three, seed: 1 });
    c.elect('n1');
    c.tickAll(1);
    c.node('n1').propose('x');
    const rd = c.crashAfterPersist('n1');
    expect(rd?.entries.map((e) => e.data)).toEqual(['x']);
    expect(c.queue.some((m) => m.type === 'append' && m.entries.length > 0)).toBe(false);
    c.restart('n1');
    expect(c.logOf('n1')).toEqual(['2:2', '3:2']);
  });

  it('a single-node cluster applies an entry only once it is durable, and keeps it across a crash', () => {
    const c = new TestCluster({ voters: ['n1'] });
    c.elect('n1');
    c.node('n1').propose('x');
    const rd = c.crashAfterPersist('n1');
    expect(rd?.entries.map((e) => e.data)).toEqual(['x']);
    expect(rd?.committedEntries).toEqual([]);
    c.restart('n1');
    c.tick('n1', 20);
    expect(c.appliedData('n1')).toEqual(['x']);
  });

  it('a restarted node rebuilds its state machine from the committed log', () => {
    const c = new TestCluster({ voters: three, seed: 1 });
    c.elect('n1');
    for (const v of ['a', 'b', 'c']) c.propose('n1', v);
    c.stabilize();
    c.tickAll(1);
    c.crash('n2');
    c.restart('n2');
    expect(c.appliedData('n2')).toEqual(['a', 'b', 'c']);
  });

  it('a node whose disk lied about fsync comes back with less than it acknowledged', () => {
    const c = new TestCluster({ voters: three, seed: 1 });
    c.elect('n1');
    c.disks.get('n2')!.fsync = 'never';
    c.disks.get('n2')!.sync();
    for (const v of ['a', 'b']) c.propose('n1', v);
    c.stabilize();
    expect(c.node('n2').status().lastIndex).toBe(4);
    c.crash('n2');
    expect(c.restart('n2').status().lastIndex).toBe(2);
  });
});
