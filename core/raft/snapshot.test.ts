/** Log compaction, InstallSnapshot and restarting from a snapshot. */
import { describe, expect, it } from 'vitest';
import { TestCluster } from './testing/cluster.js';
import { diskWithLog } from './testing/fixtures.js';

const three = ['n1', 'n2', 'n3'];

function clusterWithHistory() {
  const c = new TestCluster({ voters: three, seed: 2 });
  c.elect('n1');
  c.isolate('n3');
  for (const v of ['a', 'b', 'c', 'd']) c.propose('n1', v);
  c.stabilize();
  c.tick('n1');
  c.stabilize();
  return c;
}

describe('snapshots', () => {
  it('a follower behind the compacted log receives the snapshot and catches up', () => {
    const c = clusterWithHistory();
    expect(c.compact('n1')?.index).toBe(6);
    c.propose('n1', 'e');
    c.stabilize();
    c.heal();
    const sent: string[] = [];
    c.onEvent((e) => {
      if (e.kind === 'ready') for (const m of e.ready.messages) if (m.type === 'snapshot') sent.push(`${m.to}@${m.snapshot.index}`);
    });
    c.tickAll(3);
    expect(sent).toEqual(['n3@6']);
    expect(c.node('n3').status()).toMatchObject({ snapshotIndex: 6, commit: 7, applied: 7 });
    expect(c.appliedData('n3')).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(c.logOf('n3')).toEqual(['7:2']);
  });

  it('a snapshot lost in the network is sent again after an election timeout', () => {
    const c = clusterWithHistory();
    c.compact('n1');
    c.heal();
    c.tick('n1');
    c.exchange((m) => m.type !== 'snapshot');
    expect(c.drop((m) => m.type === 'snapshot')).toHaveLength(1);
    c.tickAll(12);
    expect(c.appliedData('n3')).toEqual(['a', 'b', 'c', 'd']);
  });

  it('a node restarts from its snapshot and re-applies the committed entries after it', () => {
    const c = clusterWithHistory();
    c.compact('n2');
    c.propose('n1', 'e');
    c.stabilize();
    c.tickAll(1);
    c.crash('n2');
    const n2 = c.restart('n2');
    expect(n2.status()).toMatchObject({ snapshotIndex: 6, lastIndex: 7 });
    c.tickAll(2);
    expect(c.appliedData('n2')).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('compaction never reaches past what the state machine applied', () => {
    const c = clusterWithHistory();
    const n1 = c.node('n1');
    expect(() => n1.compact(n1.status().applied + 1, [])).toThrow(/beyond the applied index/);
    expect(n1.compact(n1.status().applied, [])).not.toBeNull();
    expect(n1.compact(n1.status().applied, [])).toBeNull();
  });

  it('a follower whose conflicting entry sits at the leader’s snapshot index gets the snapshot', () => {
    // n3 kept an uncommitted entry of term 2 at index 3; n1 and n2 hold the term 3 entry there.
    const c = new TestCluster({
      voters: three,
      disks: { n1: diskWithLog(three, [2, 3]), n2: diskWithLog(three, [2, 3]), n3: diskWithLog(three, [2, 2]) },
    });
    c.isolate('n3');
    c.elect('n1');
    c.tickAll(1);
    // n1 folds exactly index 3 into a snapshot: the probe of n3 at prev index 3 now conflicts
    // with the snapshot's own term.
    const n1 = c.node('n1');
    const snapshot = n1.compact(3, c.state.get('n1')!.filter((cmd) => cmd.index <= 3))!;
    c.disks.get('n1')!.compact(snapshot);
    const snapshotsSent: number[] = [];
    c.onEvent((e) => {
      if (e.kind === 'ready') for (const m of e.ready.messages) if (m.type === 'snapshot') snapshotsSent.push(m.snapshot.index);
    });
    c.heal();
    c.tickAll(5);
    expect(snapshotsSent).toEqual([3]);
    expect(c.logOf('n3')).toEqual(c.logOf('n1'));
    expect(c.appliedData('n3')).toEqual(['e2t2', 'e3t3']);
  });
});
