/**
 * The unsafe `staticPeers` option (static-membership): a node believes the peer list it boots with, not
 * the membership in its log. Shown beside the safe default, where a restart with another list
 * changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { MS, SEC } from '../../sim/time.js';
import { World } from '../../sim/world.js';
import { LockServer } from './node.js';

const THREE = ['n1', 'n2', 'n3'];
const FIVE = ['n1', 'n2', 'n3', 'n4', 'n5'];

/** Three servers whose peer file can be edited between boots. */
function cell(staticList: boolean, snapshotEntries = 1000) {
  const world = new World({ seed: 1 });
  let file: readonly string[] = THREE;
  for (const id of THREE) {
    world.addProcess(id, (env) => new LockServer(env, { id, peers: file, ...(staticList ? { staticPeers: file } : {}), tickNs: 10 * MS, raft: { electionTicks: 10, heartbeatTicks: 2 }, snapshotEntries }));
  }
  const voters = (id: string): readonly string[] => world.process<LockServer>(id)!.status().conf.voters;
  return { world, voters, edit: (list: readonly string[]) => (file = list) };
}

describe('staticPeers: membership from a peer file', () => {
  it('a node restarted with an edited list counts voters its log never heard of', () => {
    const { world, voters, edit } = cell(true);
    world.runFor(1 * SEC);
    edit(FIVE);
    world.crash('n3');
    world.restart('n3');
    world.runFor(100 * MS);
    expect(voters('n3')).toEqual(FIVE);
    expect(voters('n1')).toEqual(THREE);
  });

  it('the edited list outlives a snapshot from a leader that still counts the old voters', () => {
    // Compact often: the leader's log-time ticks alone fill the log while n3 is down.
    const { world, voters, edit } = cell(true, 5);
    world.runFor(1 * SEC);
    edit(FIVE);
    world.crash('n3');
    world.runFor(1 * SEC);
    world.restart('n3');
    world.runFor(1 * SEC);
    expect(world.process<LockServer>('n3')!.status().snapshotIndex).toBeGreaterThan(1);
    expect(voters('n3')).toEqual(FIVE);
  });

  it('without it, the membership on disk wins over the list a node is restarted with', () => {
    const { world, voters, edit } = cell(false);
    world.runFor(1 * SEC);
    edit(FIVE);
    world.crash('n3');
    world.restart('n3');
    world.runFor(100 * MS);
    expect(voters('n3')).toEqual(THREE);
  });
});
