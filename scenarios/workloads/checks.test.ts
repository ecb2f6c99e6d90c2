import { describe, expect, it } from 'vitest';
import { checkLinearizable } from '../../checker/lin/index.js';
import { MS, SEC } from '../../sim/time.js';
import { kvRegisterWorkload } from './kv-register.js';
import { leaderElectionWorkload } from './leader-election.js';
import { lockCounterWorkload } from './lock-counter.js';
import { fencedWritesWorkload } from './lock-fenced-writes.js';
import { mutexWorkload } from './mutex.js';
import { fakeCluster } from './testing/fake-cluster.js';
import { runOn } from './testing/run.js';
import { ttlLockWorkload } from './ttl-lock.js';
import { opsFor, type Workload } from './workload.js';

const cycle = { lock: 'L', stopAt: 2 * SEC, thinkMeanNs: 20 * MS, retryMeanNs: 20 * MS };
const workloads: Workload[] = [
  mutexWorkload({ ...cycle, holdMeanNs: 20 * MS }),
  lockCounterWorkload({ ...cycle, key: 'counter', workMeanNs: 20 * MS }),
  fencedWritesWorkload({ ...cycle, key: 'log', writesPerHold: 2, writeGapMeanNs: 10 * MS }),
  kvRegisterWorkload({ keys: ['a', 'b', 'c'], values: 4, staggerMeanNs: 5 * MS, stopAt: 2 * SEC }),
  ttlLockWorkload({ resource: 'R', expireMs: 150, holdMeanNs: 30 * MS, thinkMeanNs: 20 * MS, abandonProbability: 0.2, stopAt: 2 * SEC }),
  leaderElectionWorkload({ ...cycle, key: 'log', termMeanNs: 80 * MS, actEveryNs: 20 * MS, onSuspended: 'stop' }),
];

describe('the histories the workloads record are what the checker models read', () => {
  for (const workload of workloads) {
    it(`${workload.name}: a fault-free run is linearizable under ${workload.checks.map((c) => c.model).join(', ')}`, () => {
      const { record } = runOn(fakeCluster({ seed: 71, clients: 3 }), workload, 10 * SEC);
      for (const check of workload.checks) {
        const ops = opsFor(check, record.history);
        expect(ops.length, check.model).toBeGreaterThan(20);
        const result = checkLinearizable(ops, check.model);
        expect(result.valid, `${workload.name} under ${check.model}: ${result.violations[0]?.explanation ?? ''}`).toBe(true);
      }
    });
  }

  it('and the check can fail: one read changed to a value never written is caught', () => {
    const workload = workloads.find((w) => w.name === 'kv-register')!;
    const { record } = runOn(fakeCluster({ seed: 71, clients: 3 }), workload, 10 * SEC);
    const history = record.history.map((o) => ({ ...o }));
    const read = history.find((o) => o.f === 'read' && o.type === 'ok' && o.index > 100)!;
    read.value = 99;
    expect(checkLinearizable(history, 'kv').valid).toBe(false);
  });
});
