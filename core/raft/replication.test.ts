/** Replication mechanics: batching, flow control, probing, and repair after losses. */
import { describe, expect, it } from 'vitest';
import type { AppendMessage } from './messages.js';
import { TestCluster } from './testing/cluster.js';

const three = ['n1', 'n2', 'n3'];

function leaderOf(options: ConstructorParameters<typeof TestCluster>[0]['raft'] = {}) {
  const c = new TestCluster({ voters: three, raft: options });
  c.elect('n1');
  c.tickAll(1);
  return c;
}

const appendsTo = (c: TestCluster, to: string) =>
  c.sent('n1', 'append').filter((m: AppendMessage) => m.to === to && m.entries.length > 0);

describe('batching and flow control', () => {
  it('proposals made between two Ready batches travel together, one append per follower', () => {
    const c = leaderOf();
    for (const v of ['a', 'b', 'c', 'd', 'e']) c.node('n1').propose(v);
    c.process('n1');
    expect(appendsTo(c, 'n2').map((m) => m.entries.map((e) => e.data))).toEqual([['a', 'b', 'c', 'd', 'e']]);
    c.stabilize();
    c.tick('n1');
    c.stabilize();
    expect(c.appliedData('n3')).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('an append carries at most maxEntriesPerAppend entries, the rest follow pipelined', () => {
    const c = leaderOf({ maxEntriesPerAppend: 2 });
    for (const v of ['a', 'b', 'c', 'd', 'e']) c.node('n1').propose(v);
    c.process('n1');
    expect(appendsTo(c, 'n2').map((m) => m.entries.length)).toEqual([2, 2, 1]);
  });

  it('maxBytesPerAppend bounds an append by size, yet an oversized entry still goes alone', () => {
    const c = leaderOf({ maxBytesPerAppend: 25, entrySize: (d) => (d === 'big' ? 100 : 10) });
    for (const v of ['a', 'b', 'big', 'c']) c.node('n1').propose(v);
    c.process('n1');
    expect(appendsTo(c, 'n2').map((m) => m.entries.map((e) => e.data))).toEqual([['a', 'b'], ['big'], ['c']]);
  });

  it('at most maxInflightAppends unacknowledged appends go to one follower', () => {
    const c = leaderOf({ maxEntriesPerAppend: 1, maxInflightAppends: 2 });
    for (const v of ['a', 'b', 'c', 'd', 'e']) c.node('n1').propose(v);
    c.process('n1');
    expect(appendsTo(c, 'n2').length).toBe(2);
    c.drop((m) => m.to === 'n3');
    c.deliver((m) => m.to === 'n2');
    c.deliver((m) => m.from === 'n2');
    // Both answers freed the window: two more.
    expect(appendsTo(c, 'n2').map((m) => m.entries[0]!.data)).toEqual(['c', 'd']);
  });

  it('a follower whose state is unknown gets one append at a time until it answers', () => {
    const c = new TestCluster({ voters: three });
    c.elect('n1');
    c.drop();
    // After a rejection n2 is being probed.
    c.node('n1').step({ type: 'append-resp', from: 'n2', to: 'n1', term: 2, index: 2, reject: true, hintIndex: 1, hintTerm: 1 });
    c.process('n1');
    c.node('n1').propose('a');
    c.node('n1').propose('b');
    c.process('n1');
    expect(c.sent('n1', 'append').filter((m) => m.to === 'n2').length).toBe(1);
  });
});

describe('repair', () => {
  it('appends lost in the network are sent again after the next heartbeat answer', () => {
    const c = leaderOf();
    c.cutLink('n1', 'n2');
    c.propose('n1', 'a');
    c.stabilize();
    c.heal();
    expect(c.node('n1').status().commit).toBe(3);
    expect(c.appliedData('n2')).toEqual([]);
    c.tick('n1');
    c.stabilize();
    expect(c.appliedData('n2')).toEqual(['a']);
  });

  it('duplicated and reordered appends leave the follower’s log as the leader’s', () => {
    const c = leaderOf({ maxEntriesPerAppend: 1 });
    for (const v of ['a', 'b', 'c']) c.node('n1').propose(v);
    c.process('n1');
    const toN2 = c.queue.filter((m) => m.to === 'n2');
    c.drop((m) => m.to === 'n2');
    c.queue.push(...[...toN2].reverse(), ...toN2);
    c.stabilize();
    c.tickAll(2);
    expect(c.logOf('n2')).toEqual(c.logOf('n1'));
    expect(c.appliedData('n2')).toEqual(['a', 'b', 'c']);
  });
});
