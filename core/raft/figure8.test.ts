/**
 * The Raft paper's Figure 8, scripted on five nodes and watched by the Raft monitors of
 * checker/raft. A leader that commits an entry of an earlier term by counting replicas (the
 * unsafe `count-any-term` rule) loses a committed, acknowledged write; Raft's rule does not.
 * (This test imports the checker: the monitors judge the run.)
 */
import { describe, expect, it } from 'vitest';
import { RaftMonitor } from '../../checker/raft/index.js';
import type { CommitRule } from './config.js';
import type { Message } from './messages.js';
import { TestCluster } from './testing/cluster.js';
import { entryDigest, observationOf } from './testing/observe.js';

const five = ['s1', 's2', 's3', 's4', 's5'];
const votes = (m: Message) => m.type === 'vote' || m.type === 'vote-resp';
const between = (from: string, to: string) => (m: Message) => m.from === from && m.to === to;

function figure8(commitRule: CommitRule) {
  // Plain Raft (no PreVote, no CheckQuorum), one entry per append, as in the paper's figure.
  const c = new TestCluster({
    voters: five,
    raft: { preVote: false, checkQuorum: false, maxEntriesPerAppend: 1, commitRule },
  });
  const monitor = new RaftMonitor();
  let t = 0;
  let acked: { index: number; term: number } | null = null;
  c.onEvent((e) => {
    t += 1000;
    monitor.observe(observationOf(e, t));
    if (e.kind === 'ready' && e.node === 's1') {
      for (const entry of e.ready.committedEntries) {
        if (entry.data === 'x' && acked === null) {
          // s1 proposed x: applying it is when its client hears "done".
          acked = { index: entry.index, term: entry.term };
          monitor.ackedWrite({ t, index: entry.index, term: entry.term, digest: entryDigest(entry), node: 's1', op: 1 });
        }
      }
    }
  });
  const campaign = (id: string) => {
    c.node(id).campaign();
    c.process(id);
    c.exchange(votes);
    return c.node(id).status();
  };

  // (a) s1 leads term 2 and gets x (index 3) onto s2 only.
  c.elect('s1');
  c.propose('s1', 'x');
  c.deliver(between('s1', 's2'));
  c.deliver(between('s2', 's1'));
  c.drop();
  // (b) s1 crashes. s5 wins term 3 with s3 and s4, appends its empty entry at index 3, crashes.
  c.crash('s1');
  expect(campaign('s5')).toMatchObject({ role: 'leader', term: 3 });
  c.drop();
  c.crash('s5');
  // (c) s1 returns and wins term 4; it gets index 3 (term 2) onto s3, so a majority stores it,
  //     while its own term-4 entry reaches only s2.
  c.restart('s1');
  campaign('s1');
  expect(campaign('s1')).toMatchObject({ role: 'leader', term: 4 });
  c.deliver(between('s1', 's2'));
  c.deliver(between('s2', 's1'));
  c.deliver(between('s1', 's3')); // probe at index 3: s3 lacks it
  c.deliver(between('s3', 's1'));
  c.deliver((m) => between('s1', 's3')(m) && m.type === 'append' && m.entries[0]?.index === 3);
  c.deliver(between('s3', 's1'));
  const commitAtC = c.node('s1').status().commit;
  // (d) s1 crashes before its term-4 entry is on a majority.
  c.drop();
  c.crash('s1');
  // (e) s5 returns and wins term 5 with s3 and s4: its index 3 is of term 3, newer than theirs.
  c.restart('s5');
  campaign('s5');
  expect(campaign('s5')).toMatchObject({ role: 'leader', term: 5 });
  c.stabilize();
  // (f) s1 returns and is repaired; the run ends.
  c.restart('s1');
  c.stabilize();
  c.tickAll(3);
  monitor.finalState(t);
  return { c, commitAtC, acked, violations: monitor.violations() };
}

describe('Figure 8: committing an entry from an earlier term', () => {
  it('under the unsafe count-any-term rule, a committed and acknowledged write is lost', () => {
    const { c, commitAtC, acked, violations } = figure8('count-any-term');
    expect(commitAtC).toBe(3);
    expect(acked).toEqual({ index: 3, term: 2 });
    expect(c.appliedData('s5')).toEqual([]);
    expect(violations.map((v) => v.checker)).toEqual([
      'raft:leader-completeness',
      'raft:state-machine-safety',
      'raft:acked-write-lost',
    ]);
    expect(violations[0]!.explanation).toMatch(/^s5 is leader of term 5 without the entry at index 3 \(term 2\) that s1 saw committed in term 4/);
  });

  it('under Raft’s rule nothing committed is lost and the monitors stay quiet', () => {
    const { c, commitAtC, acked, violations } = figure8('current-term');
    expect(commitAtC).toBe(2);
    expect(acked).toBeNull();
    expect(violations).toEqual([]);
    for (const s of five) expect(c.logOf(s)).toEqual(c.logOf('s5'));
  });
});
