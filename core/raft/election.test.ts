/** PreVote, CheckQuorum and the leader lease they give followers. */
import { describe, expect, it } from 'vitest';
import { TestCluster } from './testing/cluster.js';

const three = ['n1', 'n2', 'n3'];

describe('PreVote', () => {
  it('a node cut off for a long time rejoins without inflating the term or deposing the leader', () => {
    const c = new TestCluster({ voters: three, seed: 3 });
    c.elect('n1');
    c.isolate('n3');
    c.tickAll(60);
    // n3 rehearsed elections over and over, but nobody answered, so it never bumped its term.
    expect(c.node('n3').status().term).toBe(2);
    c.heal();
    c.tickAll(5);
    expect(c.leader()).toBe('n1');
    expect(c.node('n1').status().term).toBe(2);
    expect(c.node('n3').status()).toMatchObject({ role: 'follower', leader: 'n1' });
  });

  it('without PreVote, the same rejoining node inflates the term and deposes the leader', () => {
    const c = new TestCluster({ voters: three, seed: 3, raft: { preVote: false, checkQuorum: false } });
    c.elect('n1');
    c.isolate('n3');
    c.tickAll(60);
    const inflated = c.node('n3').status().term;
    expect(inflated).toBeGreaterThan(5);
    c.heal();
    c.tickAll(5);
    expect(c.node('n1').status().term).toBeGreaterThanOrEqual(inflated);
  });

  it('a PreVote that would win starts a real election in the next term', () => {
    const c = new TestCluster({ voters: three });
    c.processAll();
    c.node('n1').campaign();
    c.process('n1');
    expect(c.node('n1').status()).toMatchObject({ role: 'pre-candidate', term: 1 });
    expect(c.sent('n1', 'pre-vote').map((m) => m.term)).toEqual([2, 2]);
    c.stabilize();
    expect(c.node('n1').status()).toMatchObject({ role: 'leader', term: 2 });
  });
});

describe('CheckQuorum', () => {
  it('a leader cut off from the majority steps down within two election timeouts', () => {
    const c = new TestCluster({ voters: three, seed: 1 });
    c.elect('n1');
    c.isolate('n1');
    c.tick('n1', 10);
    // The first check still counts the contact it had on taking office.
    expect(c.node('n1').status().role).toBe('leader');
    c.tick('n1', 10);
    expect(c.node('n1').status()).toMatchObject({ role: 'follower', leader: null, term: 2 });
  });

  it('without CheckQuorum a cut-off leader goes on believing it leads', () => {
    const c = new TestCluster({ voters: three, seed: 1, raft: { checkQuorum: false } });
    c.elect('n1');
    c.isolate('n1');
    c.tick('n1', 100);
    expect(c.node('n1').status().role).toBe('leader');
  });

  it('a follower that hears from its leader ignores vote requests, but not a transfer', () => {
    const c = new TestCluster({ voters: three });
    c.elect('n1');
    const ask = (transfer: boolean) =>
      c.node('n2').step({ type: 'vote', from: 'n3', to: 'n2', term: 5, lastIndex: 9, lastTerm: 4, transfer });
    ask(false);
    c.process('n2');
    expect(c.node('n2').status()).toMatchObject({ term: 2, leader: 'n1' });
    expect(c.sent('n2', 'vote-resp')).toEqual([]);
    ask(true);
    c.process('n2');
    expect(c.node('n2').status()).toMatchObject({ term: 5, vote: 'n3' });
    expect(c.sent('n2', 'vote-resp')).toMatchObject([{ to: 'n3', reject: false }]);
  });
});
