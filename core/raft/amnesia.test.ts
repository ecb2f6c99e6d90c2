/**
 * The persistence contract makes a lying disk visible: a voter whose vote record never reached
 * the platter votes again in the same term, and the monitors see two leaders. (Scenario 9 of the
 * catalogue, `amnesia-restart`; the fsync policy itself lives in the simulator's disk.)
 */
import { describe, expect, it } from 'vitest';
import { RaftMonitor } from '../../checker/raft/index.js';
import { TestCluster } from './testing/cluster.js';
import { observationOf } from './testing/observe.js';

function doubleVote(fsync: 'always' | 'never') {
  const c = new TestCluster({ voters: ['n1', 'n2', 'n3'], raft: { preVote: false, checkQuorum: false } });
  const monitor = new RaftMonitor();
  let t = 0;
  c.onEvent((e) => monitor.observe(observationOf(e, (t += 1000))));
  c.processAll();
  c.disks.get('n2')!.fsync = fsync;
  c.disks.get('n2')!.sync();
  // n1 wins term 2 with n2's vote; n3 hears nothing.
  c.node('n1').campaign();
  c.process('n1');
  c.exchange((m) => (m.type === 'vote' || m.type === 'vote-resp') && m.to !== 'n3' && m.from !== 'n3');
  c.drop();
  // n2 crashes and restarts; then n3 asks it for a vote in term 2.
  c.crash('n2');
  c.restart('n2');
  c.node('n3').campaign();
  c.process('n3');
  c.exchange((m) => (m.type === 'vote' || m.type === 'vote-resp') && m.to !== 'n1' && m.from !== 'n1');
  return { c, violations: monitor.violations() };
}

describe('a vote record lost to a lying fsync', () => {
  it('lets a node vote twice in a term: two leaders, which the monitors report', () => {
    const { c, violations } = doubleVote('never');
    expect(c.node('n1').status()).toMatchObject({ role: 'leader', term: 2 });
    expect(c.node('n3').status()).toMatchObject({ role: 'leader', term: 2 });
    expect(violations).toMatchObject([{ checker: 'raft:election-safety', detail: { term: 2, leaders: ['n1', 'n3'] } }]);
  });

  it('with every write durable the vote holds and n3 loses', () => {
    const { c, violations } = doubleVote('always');
    expect(c.node('n3').status().role).toBe('candidate');
    expect(violations).toEqual([]);
  });
});
