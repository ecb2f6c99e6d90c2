/**
 * The Raft paper's statements (Ongaro & Ousterhout, §5), each as a small scenario. PreVote and
 * CheckQuorum are off where a statement is about the basic algorithm.
 */
import { describe, expect, it } from 'vitest';
import type { AppendMessage } from './messages.js';
import { diskWithLog } from './testing/fixtures.js';
import { TestCluster } from './testing/cluster.js';

const three = ['n1', 'n2', 'n3'];
const basic = { preVote: false, checkQuorum: false };

describe('§5.1 terms', () => {
  it('a node that sees a higher term adopts it and becomes a follower', () => {
    const c = new TestCluster({ voters: three, raft: basic });
    c.elect('n1');
    c.node('n1').step({ type: 'heartbeat-resp', from: 'n2', to: 'n1', term: 7, round: 0, sentTick: 0 });
    expect(c.node('n1').status()).toMatchObject({ role: 'follower', term: 7, vote: null, leader: null });
  });

  it('a deposed leader learns the newer term from the answer to its stale append', () => {
    const c = new TestCluster({ voters: three, seed: 1 });
    c.elect('n1');
    c.isolate('n1');
    for (let i = 0; i < 20; i++) {
      c.tick('n2');
      c.tick('n3');
      c.stabilize();
    }
    const successor = c.leader();
    expect(successor === 'n2' || successor === 'n3').toBe(true);
    const newTerm = c.node(successor!).status().term;
    // n1 was not ticked (it was paused): it still believes it leads. Its next heartbeat meets
    // the newer term.
    expect(c.node('n1').status()).toMatchObject({ role: 'leader', term: 2 });
    c.heal();
    c.tick('n1');
    c.deliver((m) => m.from === 'n1');
    c.deliver((m) => m.to === 'n1');
    expect(c.node('n1').status()).toMatchObject({ role: 'follower', term: newTerm });
  });
});

describe('§5.2 leader election', () => {
  it('a follower that hears nothing for an election timeout stands for election', () => {
    const c = new TestCluster({ voters: three, raft: basic });
    c.processAll();
    c.tick('n1', 9);
    expect(c.node('n1').status().role).toBe('follower');
    c.tick('n1');
    expect(c.node('n1').status()).toMatchObject({ role: 'candidate', term: 2, vote: 'n1' });
    expect(c.sent('n1', 'vote').map((m) => [m.to, m.term])).toEqual([
      ['n2', 2],
      ['n3', 2],
    ]);
  });

  it('election timeouts are drawn from [electionTicks, 2·electionTicks)', () => {
    const late = new TestCluster({ voters: three, raft: basic, perNode: { n1: { random: () => 0.99 } } });
    late.processAll();
    late.tick('n1', 18);
    expect(late.node('n1').status().role).toBe('follower');
    late.tick('n1');
    expect(late.node('n1').status().role).toBe('candidate');
  });

  it('a candidate that wins a majority leads, and first appends an empty entry of its term', () => {
    const c = new TestCluster({ voters: three, raft: basic });
    expect(c.elect('n1')).toBe(true);
    const s = c.node('n1').status();
    expect(s).toMatchObject({ role: 'leader', term: 2, lastIndex: 2 });
    expect(c.node('n1').entries(2, 3)).toEqual([{ term: 2, index: 2, type: 'empty', data: null }]);
    expect(c.node('n2').status()).toMatchObject({ role: 'follower', leader: 'n1', lastIndex: 2, commit: 2 });
  });

  it('a node grants at most one vote in a term, first come first served', () => {
    const c = new TestCluster({ voters: three, raft: basic });
    c.processAll();
    const ask = (from: string) =>
      c.node('n2').step({ type: 'vote', from, to: 'n2', term: 2, lastIndex: 1, lastTerm: 1, transfer: false });
    ask('n1');
    ask('n3');
    c.process('n2');
    expect(c.sent('n2', 'vote-resp').map((m) => [m.to, m.reject])).toEqual([
      ['n1', false],
      ['n3', true],
    ]);
  });

  it('a candidate that hears from a leader of its term steps down', () => {
    const c = new TestCluster({ voters: three, raft: basic });
    c.processAll();
    c.node('n2').campaign();
    c.node('n2').step({ type: 'heartbeat', from: 'n3', to: 'n2', term: 2, commit: 1, round: 1, sentTick: 0 });
    expect(c.node('n2').status()).toMatchObject({ role: 'follower', term: 2, leader: 'n3' });
  });
});

describe('§5.4.1 election restriction', () => {
  it('a candidate whose log is less up to date loses', () => {
    const c = new TestCluster({
      voters: three,
      raft: basic,
      disks: { n1: diskWithLog(three, [2]), n2: diskWithLog(three, [2, 2]), n3: diskWithLog(three, [2, 2]) },
    });
    expect(c.elect('n1')).toBe(false);
    expect(c.elect('n3')).toBe(true);
  });
});

describe('§5.3 log replication', () => {
  it('a follower rejects an append whose previous entry it does not hold', () => {
    const c = new TestCluster({ voters: three, raft: basic, disks: { n2: diskWithLog(three, [2, 2]) } });
    c.processAll();
    const append: AppendMessage = {
      type: 'append',
      from: 'n1',
      to: 'n2',
      term: 3,
      prevIndex: 3,
      prevTerm: 3,
      entries: [{ term: 3, index: 4, type: 'normal', data: 'x' }],
      commit: 1,
    };
    c.node('n2').step(append);
    c.process('n2');
    expect(c.sent('n2', 'append-resp')).toMatchObject([{ reject: true, index: 3, hintIndex: 3, hintTerm: 2 }]);
    expect(c.logOf('n2')).toEqual(['2:2', '3:2']);
  });

  it('a follower deletes a conflicting entry and all that follow it', () => {
    const c = new TestCluster({ voters: three, raft: basic, disks: { n2: diskWithLog(three, [2, 2, 2]) } });
    c.processAll();
    c.node('n2').step({
      type: 'append',
      from: 'n1',
      to: 'n2',
      term: 3,
      prevIndex: 2,
      prevTerm: 2,
      entries: [{ term: 3, index: 3, type: 'normal', data: 'x' }],
      commit: 1,
    });
    expect(c.logOf('n2')).toEqual(['2:2', '3:3']);
  });

  it('a late duplicate of an old append erases nothing', () => {
    const c = new TestCluster({ voters: three, raft: basic, disks: { n2: diskWithLog(three, [2, 2, 2]) } });
    c.processAll();
    c.node('n2').step({
      type: 'append',
      from: 'n1',
      to: 'n2',
      term: 2,
      prevIndex: 1,
      prevTerm: 1,
      entries: [{ term: 2, index: 2, type: 'normal', data: 'e2t2' }],
      commit: 1,
    });
    expect(c.logOf('n2')).toEqual(['2:2', '3:2', '4:2']);
  });

  it('a leader never overwrites its own log; it repairs the followers’ instead', () => {
    const c = new TestCluster({
      voters: three,
      raft: basic,
      disks: {
        n1: diskWithLog(three, [2, 3, 3]),
        n2: diskWithLog(three, [2, 2, 2, 2]),
        n3: diskWithLog(three, [2]),
      },
    });
    expect(c.elect('n1')).toBe(true);
    c.tickAll(2);
    const leaderLog = ['2:2', '3:3', '4:3', '5:4'];
    expect(c.logOf('n1')).toEqual(leaderLog);
    expect(c.logOf('n2')).toEqual(leaderLog);
    expect(c.logOf('n3')).toEqual(leaderLog);
  });

  it('a leader skips a whole conflicting term in one round trip (reject hints)', () => {
    const old = [2, ...Array<number>(10).fill(3)];
    const c = new TestCluster({
      voters: three,
      raft: basic,
      disks: {
        n1: diskWithLog(three, [2, ...Array<number>(10).fill(4)]),
        n2: diskWithLog(three, old),
        n3: diskWithLog(three, [2, ...Array<number>(10).fill(4)]),
      },
    });
    let rejections = 0;
    c.onEvent((e) => {
      if (e.kind === 'ready' && e.node === 'n2') rejections += e.ready.messages.filter((m) => m.type === 'append-resp' && m.reject).length;
    });
    expect(c.elect('n1')).toBe(true);
    c.tickAll(2);
    expect(rejections).toBe(1);
    expect(c.logOf('n2')).toEqual(c.logOf('n1'));
  });

  it('a follower far behind is found in one round trip, not one per missing entry', () => {
    const long = Array<number>(30).fill(2);
    const c = new TestCluster({
      voters: three,
      raft: basic,
      disks: { n1: diskWithLog(three, long), n2: diskWithLog(three, [2, 2, 2]), n3: diskWithLog(three, long) },
    });
    let rejections = 0;
    c.onEvent((e) => {
      if (e.kind === 'ready' && e.node === 'n2') rejections += e.ready.messages.filter((m) => m.type === 'append-resp' && m.reject).length;
    });
    c.elect('n1');
    c.tickAll(3);
    expect(rejections).toBe(1);
    expect(c.node('n2').status().lastIndex).toBe(32);
  });
});

describe('§5.4.2 committing entries from previous terms', () => {
  // n1 and n2 hold index 2 from term 2; n3 lacks it. n1 wins term 3 and gets index 2 (alone,
  // one entry per append) onto n3: a majority now stores it, but it is of an earlier term.
  function oldEntryOnAMajority(commitRule: 'current-term' | 'count-any-term') {
    const c = new TestCluster({
      voters: three,
      raft: { ...basic, maxEntriesPerAppend: 1, commitRule },
      disks: { n1: diskWithLog(three, [2]), n2: diskWithLog(three, [2]), n3: diskWithLog(three, []) },
    });
    c.node('n1').campaign();
    c.process('n1');
    c.exchange((m) => m.type === 'vote' || m.type === 'vote-resp');
    expect(c.node('n1').status().role).toBe('leader');
    c.drop((m) => m.to === 'n2');
    c.deliver((m) => m.to === 'n3'); // probe prev (2,2) rejected by n3
    c.deliver((m) => m.to === 'n1'); // the rejection
    c.deliver((m) => m.to === 'n3'); // index 2 alone
    c.deliver((m) => m.to === 'n1' && m.type === 'append-resp'); // n3 holds index 2
    c.drop((m) => m.from === 'n1');
    return c;
  }

  it('a leader does not commit an old-term entry by counting replicas, only with one of its own', () => {
    const c = oldEntryOnAMajority('current-term');
    expect(c.node('n1').status().commit).toBe(1);
    // Once index 3 (term 3) reaches n3, index 3 commits, and index 2 with it.
    c.tick('n1');
    c.stabilize();
    expect(c.node('n1').status().commit).toBe(3);
    expect(c.appliedData('n1')).toEqual(['e2t2']);
  });

  it('the unsafe count-any-term rule commits it at once (the Figure 8 bug)', () => {
    const c = oldEntryOnAMajority('count-any-term');
    expect(c.node('n1').status().commit).toBe(2);
  });
});

describe('durability before counting', () => {
  it('a leader counts its own copy of an entry only after the host persisted it', () => {
    const c = new TestCluster({ voters: ['n1'] });
    c.processAll();
    const n1 = c.node('n1');
    n1.campaign();
    const first = n1.ready();
    expect(first.softState).toEqual({ role: 'leader', leader: 'n1' });
    expect(first.entries.map((e) => e.index)).toEqual([2]);
    expect(first.hardState?.commit).toBe(1);
    expect(first.committedEntries).toEqual([]);
    n1.advance();
    const second = n1.ready();
    expect(second.hardState?.commit).toBe(2);
    expect(second.committedEntries.map((e) => e.index)).toEqual([2]);
  });
});
