/** Membership changes through the log, one server at a time; learners; removing the leader. */
import { describe, expect, it } from 'vitest';
import { TestCluster } from './testing/cluster.js';

const three = ['n1', 'n2', 'n3'];

describe('learners', () => {
  it('a learner receives the log but neither counts towards commit nor stands for election', () => {
    const c = new TestCluster({ voters: ['n1', 'n2'], seed: 1 });
    c.elect('n1');
    c.propose('n1', 'a');
    c.start('n4');
    expect(c.node('n1').proposeConfChange({ type: 'add-learner', node: 'n4' })).toMatchObject({ ok: true });
    c.stabilize();
    c.tickAll(3);
    expect(c.node('n4').status().conf).toEqual({ voters: ['n1', 'n2'], learners: ['n4'] });
    expect(c.appliedData('n4')).toEqual(['a']);

    c.isolate('n2');
    c.propose('n1', 'b');
    c.stabilize();
    const n1 = c.node('n1').status();
    expect(c.node('n4').status().lastIndex).toBe(n1.lastIndex);
    expect(n1.commit).toBe(n1.lastIndex - 1);

    c.crash('n1');
    c.tick('n4', 50);
    expect(c.node('n4').status().role).toBe('follower');
    expect(c.queue.filter((m) => m.from === 'n4')).toEqual([]);
  });

  it('a learner that caught up is promoted to voter and then counts', () => {
    const c = new TestCluster({ voters: ['n1', 'n2'], seed: 1 });
    c.elect('n1');
    c.start('n4');
    c.node('n1').proposeConfChange({ type: 'add-learner', node: 'n4' });
    c.stabilize();
    c.tickAll(2);
    expect(c.node('n1').progress()?.get('n4')).toMatchObject({ learner: true, match: 3 });
    expect(c.node('n1').proposeConfChange({ type: 'add-voter', node: 'n4' })).toMatchObject({ ok: true });
    c.stabilize();
    expect(c.node('n4').status().conf).toEqual({ voters: ['n1', 'n2', 'n4'], learners: [] });
    c.isolate('n2');
    c.propose('n1', 'x');
    c.stabilize();
    expect(c.appliedData('n1')).toEqual(['x']);
  });
});

describe('one change at a time', () => {
  it('a second change waits until the first is committed', () => {
    const c = new TestCluster({ voters: three, seed: 1 });
    c.elect('n1');
    const n1 = c.node('n1');
    expect(n1.proposeConfChange({ type: 'add-learner', node: 'n4' })).toMatchObject({ ok: true, index: 3 });
    expect(n1.proposeConfChange({ type: 'add-learner', node: 'n5' })).toMatchObject({
      ok: false,
      reason: 'conf-change-pending',
      detail: 'the change at index 3 is not committed yet',
    });
    c.stabilize();
    expect(n1.proposeConfChange({ type: 'add-learner', node: 'n5' })).toMatchObject({ ok: true });
  });

  it('a new leader changes membership only once an entry of its own term is committed', () => {
    const c = new TestCluster({ voters: three });
    c.processAll();
    c.node('n1').campaign();
    c.process('n1');
    c.exchange((m) => m.type.includes('vote'));
    expect(c.node('n1').status().role).toBe('leader');
    expect(c.node('n1').proposeConfChange({ type: 'remove-node', node: 'n3' })).toMatchObject({
      ok: false,
      reason: 'conf-change-pending',
    });
    c.stabilize();
    expect(c.node('n1').proposeConfChange({ type: 'remove-node', node: 'n3' })).toMatchObject({ ok: true });
  });

  it('changes that make no sense are refused', () => {
    const c = new TestCluster({ voters: ['n1'] });
    c.elect('n1');
    c.tickAll(1);
    const n1 = c.node('n1');
    expect(n1.proposeConfChange({ type: 'add-voter', node: 'n1' })).toMatchObject({ reason: 'invalid-conf-change' });
    expect(n1.proposeConfChange({ type: 'remove-node', node: 'n1' })).toMatchObject({ reason: 'invalid-conf-change' });
    expect(n1.proposeConfChange({ type: 'remove-node', node: 'n9' })).toMatchObject({ reason: 'invalid-conf-change' });
  });
});

describe('removing and adding servers', () => {
  it('a removed leader steps down once the removal commits, and the others elect a leader', () => {
    const c = new TestCluster({ voters: three, seed: 1 });
    c.elect('n1');
    c.node('n1').proposeConfChange({ type: 'remove-node', node: 'n1' });
    c.stabilize();
    expect(c.node('n1').status().role).toBe('follower');
    expect(c.node('n2').status().conf.voters).toEqual(['n2', 'n3']);
    let n1Campaigned = false;
    c.onEvent((e) => {
      if (e.node === 'n1' && e.kind === 'ready' && e.ready.messages.some((m) => m.type.includes('vote'))) n1Campaigned = true;
    });
    c.tickAll(30);
    expect(['n2', 'n3']).toContain(c.leader());
    expect(n1Campaigned).toBe(false);
  });

  it('removing the leader of two voters cannot wedge the survivor, even if the commit news is lost', () => {
    const c = new TestCluster({ voters: ['n1', 'n2'], seed: 1 });
    c.elect('n1');
    c.tickAll(1);
    c.node('n1').proposeConfChange({ type: 'remove-node', node: 'n1' });
    c.process('n1');
    c.deliver((m) => m.to === 'n2'); // n2 stores the change: it now counts only itself
    c.deliver((m) => m.to === 'n1'); // n1 sees it committed and steps down
    expect(c.node('n1').status().role).toBe('follower');
    c.drop(); // the news of the commit never reaches n2
    c.tick('n2', 25);
    c.stabilize();
    expect(c.leader()).toBe('n2');
    expect(c.node('n2').status().conf.voters).toEqual(['n2']);
  });

  it('a change a cut-off leader could not commit is undone when the majority’s leader overwrites it', () => {
    const five = ['n1', 'n2', 'n3', 'n4', 'n5'];
    const c = new TestCluster({ voters: five, seed: 7 });
    c.elect('n1');
    c.partition(['n1', 'n2'], ['n3', 'n4', 'n5']);
    expect(c.node('n1').proposeConfChange({ type: 'remove-node', node: 'n5' })).toMatchObject({ ok: true });
    c.stabilize();
    // On the minority side the change is in force (uncommitted): four voters, majority three.
    expect(c.node('n2').status().conf.voters).toEqual(['n1', 'n2', 'n3', 'n4']);
    expect(c.node('n1').status().commit).toBe(2);
    for (let i = 0; i < 40 && !['n3', 'n4', 'n5'].includes(c.leader() ?? ''); i++) {
      for (const n of ['n3', 'n4', 'n5']) c.tick(n);
      c.stabilize();
    }
    const successor = c.leader()!;
    c.propose(successor, 'after');
    c.stabilize();
    c.heal();
    c.tickAll(5);
    for (const n of five) {
      expect(c.node(n).status().conf.voters).toEqual(five);
      expect(c.appliedData(n)).toEqual(['after']);
    }
  });

  it('a server added later joins through a snapshot and then takes part in elections', () => {
    const c = new TestCluster({ voters: three, seed: 3 });
    c.elect('n1');
    for (const v of ['a', 'b']) c.propose('n1', v);
    c.stabilize();
    c.compact('n1');
    c.start('n4');
    expect(c.node('n1').proposeConfChange({ type: 'add-voter', node: 'n4' })).toMatchObject({ ok: true });
    c.stabilize();
    c.tickAll(3);
    expect(c.node('n4').status()).toMatchObject({ snapshotIndex: 4, conf: { voters: ['n1', 'n2', 'n3', 'n4'] } });
    expect(c.appliedData('n4')).toEqual(['a', 'b']);
    // Without n1, three of four voters remain: enough to elect and commit.
    c.crash('n1');
    c.tickAll(30);
    const leader = c.leader()!;
    expect(['n2', 'n3', 'n4']).toContain(leader);
    c.propose(leader, 'c');
    c.stabilize();
    expect(c.appliedData('n4')).toEqual(['a', 'b', 'c']);
  });
});
