/**
 * Each Raft monitor, fed by hand: a planted violation it must report (with nodes, terms, indices
 * and the time of the event that caused it) and a clean history it must accept.
 */
import { describe, expect, it } from 'vitest';
import { checkRaftEvents, RaftMonitor } from './monitor.js';
import type { EntryRef, RaftObservation } from './observations.js';

const e = (index: number, term: number, digest?: string): EntryRef =>
  digest === undefined ? { index, term } : { index, term, digest };

/** A node's report: `t`, `node`, term, role, commit, then what it wrote and applied. */
function obs(
  t: number,
  node: string,
  term: number,
  role: string,
  commitIndex: number,
  more: Partial<RaftObservation> = {},
): RaftObservation {
  return { t, node, term, role, commitIndex, ...more };
}

function feed(...observations: RaftObservation[]): RaftMonitor {
  const m = new RaftMonitor();
  for (const o of observations) m.observe(o);
  return m;
}

const checkers = (m: RaftMonitor) => m.violations().map((v) => v.checker);

describe('election safety', () => {
  it('reports two leaders in one term', () => {
    const m = feed(obs(10, 'n1', 2, 'leader', 0), obs(20, 'n2', 2, 'follower', 0), obs(30, 'n2', 2, 'leader', 0));
    expect(m.violations()).toMatchObject([
      {
        kind: 'RAFT',
        checker: 'raft:election-safety',
        at: 30,
        detail: { term: 2, leaders: ['n1', 'n2'] },
      },
    ]);
    expect(m.violations()[0]!.explanation).toMatch(/n1 and n2 were both leader in term 2/);
  });

  it('accepts one leader per term, the same node again after a restart', () => {
    const m = feed(
      obs(10, 'n1', 2, 'leader', 0),
      obs(20, 'n1', 2, 'follower', 0, { restarted: true }),
      obs(30, 'n1', 2, 'leader', 0),
      obs(40, 'n2', 3, 'leader', 0),
    );
    expect(m.violations()).toEqual([]);
  });
});

describe('leader append-only', () => {
  it('reports a leader overwriting its own entry', () => {
    const m = feed(
      obs(10, 'n1', 2, 'leader', 0, { appended: [e(1, 2, 'a'), e(2, 2, 'b')] }),
      obs(20, 'n1', 2, 'leader', 0, { appended: [e(2, 2, 'c')] }),
    );
    expect(m.violations()).toMatchObject([{ checker: 'raft:leader-append-only', at: 20, detail: { node: 'n1', index: 2 } }]);
    expect(m.violations()[0]!.explanation).toMatch(/n1, leader of term 2, overwrote its own entry at index 2/);
  });

  it('reports a leader whose log shrinks', () => {
    const m = feed(
      obs(10, 'n1', 2, 'leader', 0, { appended: [e(1, 2), e(2, 2)] }),
      obs(20, 'n1', 2, 'leader', 0, { lastIndex: 1 }),
    );
    expect(checkers(m)).toEqual(['raft:leader-append-only']);
  });

  it('accepts a follower being overwritten, and a leader appending', () => {
    const m = feed(
      obs(10, 'n1', 2, 'follower', 0, { appended: [e(1, 2), e(2, 2)] }),
      obs(20, 'n1', 3, 'follower', 0, { appended: [e(2, 3)] }),
      obs(30, 'n1', 4, 'leader', 0, { appended: [e(3, 4)] }),
      obs(40, 'n1', 4, 'leader', 0, { appended: [e(4, 4)] }),
    );
    expect(m.violations()).toEqual([]);
  });
});

describe('log matching', () => {
  it('reports two logs that agree on an entry but not on what precedes it', () => {
    const m = feed(
      obs(10, 'n1', 3, 'follower', 0, { appended: [e(1, 1, 'a'), e(2, 2, 'b'), e(3, 3, 'c')] }),
      obs(20, 'n2', 3, 'follower', 0, { appended: [e(1, 1, 'a'), e(2, 2, 'X'), e(3, 3, 'c')] }),
    );
    expect(m.violations()).toMatchObject([
      { checker: 'raft:log-matching', at: 20, detail: { index: 2, term: 2, nodes: ['n1', 'n2'], firstDifference: 2 } },
    ]);
    expect(m.violations()[0]!.explanation).toBe(
      'n1 and n2 both hold an entry of term 2 at index 2, with different commands.',
    );
  });

  it('names the first index where the prefixes part', () => {
    const m = feed(
      obs(10, 'n1', 3, 'follower', 0, { appended: [e(1, 1, 'a'), e(2, 1, 'b'), e(3, 3, 'c')] }),
      obs(20, 'n2', 3, 'follower', 0, { appended: [e(1, 1, 'a'), e(2, 2, 'b'), e(3, 3, 'c')] }),
    );
    expect(m.violations()).toMatchObject([{ detail: { index: 3, firstDifference: 2 } }]);
    expect(m.violations()[0]!.explanation).toMatch(/n1 and n2 both hold an entry of term 3 at index 3/);
  });

  it('accepts logs that share prefixes, written in any order and in pieces', () => {
    const m = feed(
      obs(10, 'n1', 2, 'leader', 0, { appended: [e(1, 1, 'a'), e(2, 2, 'b'), e(3, 2, 'c')] }),
      obs(20, 'n2', 2, 'follower', 0, { appended: [e(1, 1, 'a')] }),
      obs(30, 'n2', 2, 'follower', 0, { appended: [e(2, 2, 'b'), e(3, 2, 'c')] }),
      obs(40, 'n3', 2, 'follower', 0, { snapshot: { index: 2, term: 2 }, appended: [e(3, 2, 'c')] }),
    );
    expect(m.violations()).toEqual([]);
  });
});

describe('leader completeness', () => {
  it('reports a leader elected without an entry committed in an earlier term', () => {
    const m = feed(
      obs(10, 'n1', 2, 'leader', 0, { appended: [e(1, 2), e(2, 2)] }),
      obs(20, 'n1', 2, 'leader', 2),
      obs(30, 'n2', 3, 'leader', 0, { appended: [e(1, 2)] }),
    );
    expect(m.violations()).toMatchObject([
      {
        checker: 'raft:leader-completeness',
        at: 30,
        detail: { leader: 'n2', term: 3, index: 2, committedTerm: 2, committedBy: 'n1', leaderHas: null },
      },
    ]);
    expect(m.violations()[0]!.explanation).toMatch(/n2 is leader of term 3 without the entry at index 2 \(term 2\)/);
  });

  it('reports a sitting leader once a late report shows it lacks an older commit', () => {
    const m = feed(
      obs(10, 'n1', 2, 'follower', 0, { appended: [e(1, 2), e(2, 2)] }),
      obs(20, 'n2', 3, 'leader', 0, { appended: [e(1, 2), e(2, 3)] }),
      obs(30, 'n1', 2, 'follower', 2),
    );
    expect(checkers(m)).toEqual(['raft:leader-completeness']);
    expect(m.violations()[0]!.at).toBe(30);
  });

  it('accepts a new leader that holds every earlier commit', () => {
    const m = feed(
      obs(10, 'n1', 2, 'leader', 2, { appended: [e(1, 2), e(2, 2)] }),
      obs(20, 'n2', 3, 'leader', 0, { appended: [e(1, 2), e(2, 2), e(3, 3)] }),
    );
    expect(m.violations()).toEqual([]);
  });
});

describe('state-machine safety', () => {
  it('reports two nodes applying different entries at one index', () => {
    const m = feed(
      obs(10, 'n1', 2, 'leader', 1, { applied: [e(1, 2, 'put x=1')] }),
      obs(20, 'n2', 3, 'leader', 1, { applied: [e(1, 3, 'put x=2')] }),
    );
    expect(m.violations()).toMatchObject([
      { checker: 'raft:state-machine-safety', at: 20, detail: { index: 1, nodes: ['n1', 'n2'], terms: [2, 3] } },
    ]);
  });

  it('reports different commands applied under the same term', () => {
    const m = feed(
      obs(10, 'n1', 2, 'follower', 1, { applied: [e(1, 2, 'a')] }),
      obs(20, 'n2', 2, 'follower', 1, { applied: [e(1, 2, 'b')] }),
    );
    expect(m.violations()[0]!.explanation).toMatch(/command a at index 1.*command b/);
  });

  it('reports two nodes taking different entries as committed before anything is applied', () => {
    const m = feed(
      obs(10, 'n1', 2, 'leader', 1, { appended: [e(1, 2)] }),
      obs(20, 'n2', 3, 'leader', 1, { appended: [e(1, 3)] }),
    );
    expect(checkers(m)).toContain('raft:state-machine-safety');
  });

  it('accepts every node applying the same entries, again after restarts', () => {
    const m = feed(
      obs(10, 'n1', 2, 'leader', 2, { applied: [e(1, 2, 'a'), e(2, 2, 'b')] }),
      obs(20, 'n2', 2, 'follower', 2, { applied: [e(1, 2, 'a'), e(2, 2, 'b')] }),
      obs(30, 'n2', 2, 'follower', 2, { restarted: true, applied: [e(1, 2, 'a'), e(2, 2, 'b')] }),
    );
    expect(m.violations()).toEqual([]);
  });
});

describe('acknowledged writes', () => {
  it('reports an acknowledged write that another entry replaced', () => {
    const m = feed(
      obs(10, 'n1', 2, 'leader', 2, { appended: [e(1, 2), e(2, 2)] }),
      obs(20, 'n2', 3, 'follower', 0, { appended: [e(1, 2), e(2, 3)] }),
    );
    m.ackedWrite({ t: 15, index: 2, term: 2, node: 'n1', op: 7 });
    m.observe(obs(30, 'n1', 3, 'follower', 2, { appended: [e(2, 3)] }));
    m.observe(obs(40, 'n2', 3, 'leader', 2));
    m.finalState(50);
    const lost = m.violations().filter((v) => v.checker === 'raft:acked-write-lost');
    expect(lost).toMatchObject([{ at: 50, ops: [7], detail: { index: 2, term: 2, rival: { term: 3 } } }]);
    expect(lost[0]!.explanation).toMatch(/acknowledged by n1 .* as index 2 \(term 2\) is lost: n\d holds an entry of term 3/);
  });

  it('reports an acknowledged write that no node holds committed at the end', () => {
    const m = feed(obs(10, 'n1', 2, 'leader', 1, { appended: [e(1, 2), e(2, 2)] }));
    m.ackedWrite({ t: 15, index: 2, term: 2 });
    m.observe(obs(20, 'n1', 2, 'follower', 1, { restarted: true, appended: [e(1, 2)] }));
    m.finalState(30);
    expect(checkers(m)).toEqual(['raft:acked-write-lost']);
    expect(m.violations()[0]!.explanation).toMatch(/no node holds it committed/);
  });

  it('accepts acknowledged writes that are committed at the end', () => {
    const m = feed(obs(10, 'n1', 2, 'leader', 2, { appended: [e(1, 2), e(2, 2)] }), obs(11, 'n2', 2, 'follower', 2, { appended: [e(1, 2), e(2, 2)] }));
    m.ackedWrite({ t: 12, index: 2, term: 2, node: 'n1' });
    m.finalState(20);
    expect(m.violations()).toEqual([]);
  });
});

describe('the monitor as a whole', () => {
  it('keeps at most maxPerProperty violations of a kind and counts the rest', () => {
    const m = new RaftMonitor({ maxPerProperty: 2 });
    for (let term = 1; term <= 5; term++) {
      m.observe(obs(term * 10, 'n1', term, 'leader', 0));
      m.observe(obs(term * 10 + 1, 'n2', term, 'leader', 0));
    }
    expect(m.violations()).toHaveLength(2);
    expect(m.suppressed().get('election-safety')).toBe(3);
  });

  it('checks a recorded stream the same way', () => {
    const violations = checkRaftEvents([
      { kind: 'observe', ...obs(10, 'n1', 2, 'leader', 1, { appended: [e(1, 2)] }) },
      { kind: 'acked', t: 11, index: 1, term: 2 },
      { kind: 'observe', ...obs(20, 'n2', 2, 'leader', 0) },
      { kind: 'final', t: 30 },
    ]);
    expect(violations.map((v) => v.checker)).toEqual(['raft:election-safety']);
  });
});

describe('commit monotonicity', () => {
  it('reports a live node whose commit index goes back, here by installing an old snapshot', () => {
    const m = feed(
      obs(10, 'n2', 3, 'follower', 0, { appended: [e(1, 3, 'a'), e(2, 3, 'b'), e(3, 3, 'c')] }),
      obs(20, 'n2', 3, 'follower', 3),
      obs(30, 'n2', 3, 'follower', 1, { snapshot: { index: 1, term: 3 } }),
    );
    expect(m.violations()).toMatchObject([
      { kind: 'RAFT', checker: 'raft:commit-monotonic', at: 30, detail: { node: 'n2', from: 3, to: 1, snapshotIndex: 1 } },
    ]);
    expect(m.violations()[0]!.explanation).toMatch(/n2 lowered its commit index from 3 to 1 by installing a snapshot at index 1/);
  });

  it('accepts a lower commit index after a restart, and a commit that only grows', () => {
    const m = feed(
      obs(10, 'n2', 3, 'follower', 0, { appended: [e(1, 3, 'a'), e(2, 3, 'b')] }),
      obs(20, 'n2', 3, 'follower', 2),
      obs(30, 'n2', 3, 'follower', 0, { restarted: true, appended: [e(1, 3, 'a'), e(2, 3, 'b')] }),
      obs(40, 'n2', 3, 'follower', 2),
    );
    expect(m.violations()).toEqual([]);
  });
});

describe('vote once', () => {
  it('reports a node that, after a restart, votes for another candidate in a term it had voted in', () => {
    const m = feed(
      obs(10, 'n3', 4, 'follower', 0, { vote: 'n1' }),
      obs(20, 'n3', 4, 'follower', 0, { restarted: true, vote: null }),
      obs(30, 'n3', 4, 'follower', 0, { vote: 'n2' }),
    );
    expect(m.violations()).toMatchObject([{ kind: 'RAFT', checker: 'raft:vote-once', at: 30, detail: { node: 'n3', term: 4, votes: ['n1', 'n2'] } }]);
    expect(m.violations()[0]!.explanation).toMatch(/n3 voted for n1 in term 4 and then for n2 in the same term/);
  });

  it('accepts one vote per term, repeated, and new votes in later terms', () => {
    const m = feed(
      obs(10, 'n3', 4, 'follower', 0, { vote: 'n1' }),
      obs(20, 'n3', 4, 'follower', 0, { restarted: true, vote: 'n1' }),
      obs(30, 'n3', 5, 'follower', 0, { vote: null }),
      obs(40, 'n3', 5, 'follower', 0, { vote: 'n2' }),
      obs(50, 'n3', 6, 'candidate', 0, { vote: 'n3' }),
    );
    expect(m.violations()).toEqual([]);
  });
});
