/**
 * Random schedules, checked by the Raft monitors of checker/raft: deliveries, drops, duplicates
 * and reorderings, ticks, crashes and restarts, proposals, compactions, reads, leadership
 * transfers and membership changes, on three and five nodes and under several configurations.
 * After the schedule the network heals; then a leader must exist, every read must have seen
 * every write acknowledged before it was asked, and no monitor may have fired.
 * (This test imports the checker: the monitors judge the runs.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RaftMonitor } from '../../checker/raft/index.js';
import type { RaftOptions } from './config.js';
import type { ConfChange, NodeId } from './types.js';
import { TestCluster } from './testing/cluster.js';
import { entryDigest, observationOf } from './testing/observe.js';

type Action =
  | { kind: 'deliver' | 'drop' | 'duplicate'; pick: number }
  | { kind: 'tick' | 'crash-restart' | 'compact' | 'read' | 'transfer'; node: number }
  | { kind: 'propose' }
  | { kind: 'member'; node: number; how: number };

const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 30, arbitrary: fc.record({ kind: fc.constant('deliver' as const), pick: fc.nat() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('drop' as const), pick: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), pick: fc.nat() }) },
  { weight: 25, arbitrary: fc.record({ kind: fc.constant('tick' as const), node: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('crash-restart' as const), node: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('compact' as const), node: fc.nat() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('read' as const), node: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('transfer' as const), node: fc.nat() }) },
  { weight: 12, arbitrary: fc.record({ kind: fc.constant('propose' as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('member' as const), node: fc.nat(), how: fc.nat(2) }) },
);

const schedule = fc.array(action, { minLength: 200, maxLength: 600, size: 'max' });

/** Runs per cluster size; raise it for a long sweep: RAFT_SCHEDULE_RUNS=20000 npx vitest run core/raft/random-schedules */
const runs = Number(process.env.RAFT_SCHEDULE_RUNS ?? 200);

const configuration: fc.Arbitrary<Partial<RaftOptions>> = fc.record({
  preVote: fc.boolean(),
  checkQuorum: fc.boolean(),
  maxEntriesPerAppend: fc.integer({ min: 1, max: 4 }),
  maxInflightAppends: fc.integer({ min: 1, max: 3 }),
  heartbeatTicks: fc.integer({ min: 1, max: 3 }),
});

/**
 * Plays a schedule. With `lossyDisks`, every disk flushes only when the schedule says
 * `compact` (like `everysec`): a crash brings a node back with an older term, vote and log than
 * it acted on.
 */
function runSchedule(
  size: number,
  seed: number,
  raft: Partial<RaftOptions>,
  actions: readonly Action[],
  lossyDisks = false,
) {
  const voters = Array.from({ length: size }, (_, i) => `n${i + 1}`);
  const spares = [`n${size + 1}`, `n${size + 2}`];
  const everyone = [...voters, ...spares];
  const c = new TestCluster({ voters, seed, raft });
  if (lossyDisks) {
    c.processAll();
    for (const disk of c.disks.values()) {
      disk.sync();
      disk.fsync = 'never';
    }
  }
  const monitor = new RaftMonitor();
  let t = 0;
  let written = 0;
  const proposer = new Map<string, NodeId>();
  let newestAck = 0;
  const readFloor = new Map<string, number>();
  const staleReads: string[] = [];
  c.onEvent((e) => {
    monitor.observe(observationOf(e, t));
    if (e.kind !== 'ready') return;
    for (const entry of e.ready.committedEntries) {
      if (entry.type === 'normal' && proposer.get(entry.data as string) === e.node) {
        proposer.delete(entry.data as string);
        monitor.ackedWrite({ t, index: entry.index, term: entry.term, digest: entryDigest(entry), node: e.node });
        newestAck = Math.max(newestAck, entry.index);
      }
    }
    for (const r of e.ready.readStates) {
      const floor = readFloor.get(r.ctx);
      if (floor !== undefined && r.index < floor) staleReads.push(`${r.ctx} read at ${r.index}, after a write acked at ${floor}`);
    }
  });
  const running = () => everyone.filter((n) => c.isUp(n));
  const at = <T>(list: readonly T[], k: number) => list[k % list.length]!;

  for (const a of actions) {
    t += 1000;
    const up = running();
    if (up.length === 0) {
      c.restart(voters[0]!);
      continue;
    }
    const leader = c.leader();
    switch (a.kind) {
      case 'deliver':
        if (c.queue.length > 0) c.deliverAt(a.pick % c.queue.length);
        break;
      case 'drop':
        if (c.queue.length > 0) c.queue.splice(a.pick % c.queue.length, 1);
        break;
      case 'duplicate':
        if (c.queue.length > 0) c.queue.push(at(c.queue, a.pick));
        break;
      case 'tick':
        c.tick(at(up, a.node));
        break;
      case 'crash-restart': {
        const n = at(everyone, a.node);
        if (c.isUp(n)) c.crash(n);
        else if (c.disks.has(n)) c.restart(n);
        break;
      }
      case 'compact':
        if (lossyDisks) c.disks.get(at(up, a.node))!.sync();
        else c.compact(at(up, a.node));
        break;
      case 'read': {
        const n = at(up, a.node);
        const ctx = `r${t}`;
        if (c.node(n).readIndex(ctx).ok) readFloor.set(ctx, newestAck);
        c.process(n);
        break;
      }
      case 'transfer':
        if (leader) {
          c.node(leader).transferLeadership(at(c.node(leader).status().conf.voters, a.node));
          c.process(leader);
        }
        break;
      case 'propose':
        if (leader) {
          const data = `w${++written}`;
          if (c.propose(leader, data).ok) proposer.set(data, leader);
        }
        break;
      case 'member':
        if (leader) {
          const conf = c.node(leader).status().conf;
          const members = [...conf.voters, ...conf.learners];
          let change: ConfChange;
          if (a.how === 0) change = { type: 'remove-node', node: at(members, a.node) };
          else {
            const node = at(everyone, a.node);
            change = { type: conf.learners.includes(node) || a.how === 2 ? 'add-voter' : 'add-learner', node };
          }
          if (change.type !== 'remove-node' && !c.disks.has(change.node)) {
            c.start(change.node);
            if (lossyDisks) c.disks.get(change.node)!.fsync = 'never';
          }
          c.node(leader).proposeConfChange(change);
          c.process(leader);
        }
        break;
    }
  }

  // Heal, restart everyone, and let the cluster settle; nodes removed from the membership are
  // shut down, as an operator would.
  for (const n of everyone) if (!c.isUp(n) && c.disks.has(n)) c.restart(n);
  c.heal();
  for (let round = 0; round < 300; round++) {
    t += 1000;
    c.tickAll(1);
    const leader = c.leader();
    if (!leader) continue;
    const { conf, commit, lastIndex } = c.node(leader).status();
    // An operator shuts a removed node down only once its removal is committed: the leader's
    // newest configuration may still be undone by the next leader, and may even exclude itself.
    if (commit < lastIndex) continue;
    for (const n of running()) if (!conf.voters.includes(n) && !conf.learners.includes(n)) c.crash(n);
    if (round > 20 && running().every((n) => c.node(n).status().commit === commit)) break;
  }
  monitor.finalState(t);
  return { leader: c.leader(), violations: monitor.violations().map((v) => v.explanation), staleReads };
}

describe('random schedules never violate Raft’s safety properties', () => {
  it.each([3, 5])('on %i nodes', (size) => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), configuration, schedule, (seed, raft, actions) => {
        const run = runSchedule(size, seed, raft, actions);
        expect(run.violations).toEqual([]);
        expect(run.staleReads).toEqual([]);
        expect(run.leader).not.toBeNull();
      }),
      // The global pinned seed keeps CI exact (FC_SEED explores others). fast-check seed
      // -1369551913 once ended with no leader: the settling phase shut down nodes that the
      // leader's newest, uncommitted configuration left out, the leader itself among them. The
      // operator now waits for the removal to commit; that seed is pinned in the test below.
      { numRuns: runs },
    );
  });

  it('a removal the leader has only appended does not make the settling operator shut nodes down', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), configuration, schedule, (seed, raft, actions) => {
        expect(runSchedule(3, seed, raft, actions).leader).not.toBeNull();
      }),
      // The 166th run of that seed (path '165') is the one that found it.
      { seed: -1369551913, path: '165' },
    );
  });

  it('the same runs on disks that flush only now and then do break them (the monitors see)', () => {
    const broken = fc.check(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), configuration, schedule, (seed, raft, actions) => {
        const run = runSchedule(3, seed, raft, actions, true);
        return run.violations.length === 0 && run.staleReads.length === 0;
      }),
      // About half of such runs break a property; a fixed seed keeps the test exact.
      { numRuns: 300, seed: 1, endOnFailure: true },
    );
    expect(broken.failed).toBe(true);
  });
});
