/** The Ready/advance contract between RawNode and its host. */
import { describe, expect, it } from 'vitest';
import { RawNode } from './raw-node.js';
import { MemoryStorage } from './storage.js';

function fresh(peers = ['n1', 'n2', 'n3']) {
  const disk = new MemoryStorage();
  return { node: new RawNode({ id: 'n1', peers, random: () => 0 }, disk), disk };
}

describe('Ready and advance', () => {
  it('a brand new member first persists the bootstrap snapshot and hard state', () => {
    const { node } = fresh();
    expect(node.hasReady()).toBe(true);
    const rd = node.ready();
    expect(rd).toMatchObject({
      snapshot: { index: 1, term: 1, conf: { voters: ['n1', 'n2', 'n3'], learners: [] }, data: null },
      hardState: { term: 1, vote: null, commit: 1 },
      entries: [],
      committedEntries: [],
      messages: [],
      mustSync: true,
    });
    node.advance();
    expect(node.hasReady()).toBe(false);
  });

  it('each Ready must be advanced before the next, and advance needs a Ready', () => {
    const { node } = fresh();
    expect(() => node.advance()).toThrow(/without a ready/);
    node.ready();
    expect(node.hasReady()).toBe(false);
    expect(() => node.ready()).toThrow(/before advance/);
    node.advance();
  });

  it('hands out each message, entry and committed entry once', () => {
    const { node, disk } = fresh(['n1']);
    const drain = () => {
      const all = [];
      while (node.hasReady()) {
        const rd = node.ready();
        disk.save(rd);
        all.push(rd);
        node.advance();
      }
      return all;
    };
    drain();
    node.campaign();
    node.propose('x');
    const batches = drain();
    expect(batches.flatMap((b) => b.entries.map((e) => e.index))).toEqual([2, 3]);
    expect(batches.flatMap((b) => b.committedEntries.map((e) => e.index))).toEqual([2, 3]);
    expect(drain()).toEqual([]);
  });

  it('a commit-only change needs no sync; a vote does', () => {
    const { node, disk } = fresh(['n1', 'n2']);
    disk.save(node.ready());
    node.advance();
    node.step({ type: 'vote', from: 'n2', to: 'n1', term: 2, lastIndex: 1, lastTerm: 1, transfer: false });
    const voted = node.ready();
    expect(voted).toMatchObject({ hardState: { term: 2, vote: 'n2' }, mustSync: true });
    node.advance();
    node.step({
      type: 'append',
      from: 'n2',
      to: 'n1',
      term: 2,
      prevIndex: 1,
      prevTerm: 1,
      entries: [{ term: 2, index: 2, type: 'empty', data: null }],
      commit: 1,
    });
    expect(node.ready()).toMatchObject({ softState: { role: 'follower', leader: 'n2' }, mustSync: true });
    node.advance();
    node.step({ type: 'heartbeat', from: 'n2', to: 'n1', term: 2, commit: 2, round: 1, sentTick: 3 });
    const committed = node.ready();
    expect(committed).toMatchObject({ hardState: { term: 2, vote: 'n2', commit: 2 }, mustSync: false });
    expect(committed.committedEntries.map((e) => e.index)).toEqual([2]);
  });

  it('output produced between ready() and advance() waits for the next Ready', () => {
    const { node } = fresh();
    node.ready();
    node.step({ type: 'vote', from: 'n2', to: 'n1', term: 2, lastIndex: 1, lastTerm: 1, transfer: false });
    node.advance();
    const next = node.ready();
    expect(next.hardState).toMatchObject({ term: 2, vote: 'n2' });
    expect(next.messages).toMatchObject([{ type: 'vote-resp', to: 'n2', reject: false }]);
  });

  it('a node restarted from its disk resumes its term, vote and log', () => {
    const disk = new MemoryStorage();
    disk.installSnapshot({ index: 1, term: 1, conf: { voters: ['n1', 'n2'], learners: [] }, data: null });
    disk.append([
      { term: 2, index: 2, type: 'empty', data: null },
      { term: 2, index: 3, type: 'normal', data: 'x' },
      // A torn tail after a gap is ignored.
      { term: 2, index: 5, type: 'normal', data: 'y' },
    ]);
    disk.setHardState({ term: 3, vote: 'n2', commit: 3 });
    const node = new RawNode({ id: 'n1', peers: ['n1', 'n2'], random: () => 0 }, disk);
    expect(node.status()).toMatchObject({ term: 3, vote: 'n2', commit: 3, applied: 1, lastIndex: 3, role: 'follower' });
    expect(node.ready().committedEntries.map((e) => e.data)).toEqual([null, 'x']);
  });
});
