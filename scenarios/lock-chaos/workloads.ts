/**
 * The swarm's workloads, side by side on disjoint groups of clients, each on its own lock and keys:
 * - counter: a fenced read-modify-write counter on the resource (lost updates show);
 * - blind-writes: fenced writes with no read first (a zombie's late write shows);
 * - ttl-locks: try-lock/unlock with an expiry, owners that sometimes never unlock;
 * - shared-exclusive: readers and writers on one lock (half the group each);
 * - leader-election: the holder acts as leader, writing with its token until it resigns;
 * - kv-cas: reads, writes and compare-and-set on the replicated key-value store.
 * Each group's linearizability checks read only its own keys, since groups share function names.
 */
import { splitWorkload } from '../catalogue/state-machine/split-workload.js';
import { MS } from '../../sim/time.js';
import { fencedWritesWorkload } from '../workloads/lock-fenced-writes.js';
import { kvRegisterWorkload } from '../workloads/kv-register.js';
import { leaderElectionWorkload } from '../workloads/leader-election.js';
import { lockCounterWorkload } from '../workloads/lock-counter.js';
import { mutexWorkload } from '../workloads/mutex.js';
import { ttlLockWorkload } from '../workloads/ttl-lock.js';
import type { Workload } from '../workloads/workload.js';
import type { LockChaosSwarm, SwarmWorkload } from './swarm.js';

const CYCLE = { thinkMeanNs: 50 * MS, retryMeanNs: 100 * MS };

/** One group's workloads (shared-exclusive is two: readers and writers) and the keys it owns. */
function build(kind: SwarmWorkload, clients: readonly string[], stopAt: number, ttlMs: number): Array<{ clients: readonly string[]; workload: Workload; keys: string[] }> {
  switch (kind) {
    case 'counter':
      return [{ clients, keys: ['L', 'counter'], workload: lockCounterWorkload({ lock: 'L', key: 'counter', stopAt, workMeanNs: 30 * MS, ...CYCLE }) }];
    case 'blind-writes':
      return [{ clients, keys: ['W', 'blind'], workload: fencedWritesWorkload({ lock: 'W', key: 'blind', stopAt, writesPerHold: 3, writeGapMeanNs: 30 * MS, ...CYCLE }) }];
    case 'ttl-locks':
      return [{ clients, keys: ['order-1'], workload: ttlLockWorkload({ resource: 'order-1', expireMs: ttlMs, holdMeanNs: (ttlMs / 4) * MS, thinkMeanNs: 100 * MS, abandonProbability: 0.1, stopAt }) }];
    case 'shared-exclusive': {
      const half = Math.max(1, Math.floor(clients.length / 2));
      const readers = clients.slice(0, half);
      const writers = clients.slice(half);
      const groups = [{ clients: readers, keys: ['RW'], workload: mutexWorkload({ lock: 'RW', mode: 'shared', stopAt, holdMeanNs: 100 * MS, ...CYCLE }) }];
      if (writers.length > 0) groups.push({ clients: writers, keys: ['RW'], workload: mutexWorkload({ lock: 'RW', mode: 'exclusive', stopAt, holdMeanNs: 50 * MS, ...CYCLE }) });
      return groups;
    }
    case 'leader-election':
      return [
        {
          clients,
          keys: ['E', 'leader'],
          workload: leaderElectionWorkload({ lock: 'E', key: 'leader', stopAt, termMeanNs: 500 * MS, actEveryNs: 50 * MS, onSuspended: 'stop', ...CYCLE }),
        },
      ];
    case 'kv-cas':
      return [{ clients, keys: ['k1', 'k2'], workload: kvRegisterWorkload({ keys: ['k1', 'k2'], values: 5, staggerMeanNs: 20 * MS, stopAt }) }];
  }
}

export function swarmWorkload(swarm: LockChaosSwarm, stopAt: number): Workload {
  const parts = swarm.groups.flatMap((g) => build(g.workload, g.clients, stopAt, swarm.ttlNs / 1_000_000));
  const together = splitWorkload(
    'lock-chaos swarm',
    parts.map((p) => ({ clients: p.clients, workload: { ...p.workload, checks: [] } })),
  );
  // Readers and writers of one lock check it once, together.
  const seen = new Set<string>();
  const checks = parts.flatMap((p) =>
    p.workload.checks
      .map((c) => ({ ...c, keys: p.keys }))
      .filter((c) => {
        const id = `${c.model}:${c.keys.join(',')}`;
        if (seen.has(id)) return false;
        seen.add(id);
        return true;
      }),
  );
  return { ...together, name: `swarm(${swarm.groups.map((g) => g.workload).join('+')})`, checks };
}
