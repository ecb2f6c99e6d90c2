/**
 * The client library is the workloads' `LockApi`: checked by the type system, and by running the
 * mutex workload on the design and handing the record to the project's validators. Without faults
 * they find nothing; with the primary dying right after its first grant, they find the hazard.
 */
import { describe, expect, it } from 'vitest';
import { checkBeliefOverlap, checkFencing } from '../../../checker/validators/index.js';
import type { LockApi } from '../../../scenarios/workloads/lock-api.js';
import { mutexWorkload } from '../../../scenarios/workloads/mutex.js';
import { historyProblems } from '../../../scenarios/workloads/testing/well-formed.js';
import { runWorkload } from '../../../scenarios/workloads/workload.js';
import { HistoryRecorder } from '../../../sim/recorder.js';
import { MS, SEC } from '../../../sim/time.js';
import { World } from '../../../sim/world.js';
import { lockOfKey } from './keys.js';
import { deploy } from './testing/deployment.js';

const CLIENTS = ['c1', 'c2', 'c3'];

function mutexRun(seed: number, holdMeanNs: number, fault?: (d: ReturnType<typeof deploy<World>>) => void) {
  const world = new World({ seed, network: { latency: { minNs: 200_000, meanNs: 1 * MS, tailProbability: 0, tailNs: 0 } } });
  const d = deploy(world, { clients: CLIENTS, client: { lockTtlNs: 3 * SEC, callTimeoutNs: 500 * MS } });
  const recorder = new HistoryRecorder({ now: () => world.now, clients: CLIENTS, records: ['beliefs', 'grants'] });
  // The primaries' grants, as a scenario would take them from the trace.
  world.trace.listen((e) => {
    const g = e.data as { lock: string; owner: string; client: string; token: number; reason: string };
    const lock = lockOfKey(g?.lock ?? '')?.name;
    if (lock === undefined || recorder.closed) return;
    if (e.kind === 'store:grant') recorder.grant({ lock, owner: g.owner, client: g.client, token: g.token, mode: 'exclusive', at: e.t });
    if (e.kind === 'store:release') recorder.grantEnd(lock, g.owner, g.token, g.reason, e.t);
  });
  // The type check: the library, and the library that follows a client across restarts.
  const apis = new Map<string, LockApi>(CLIENTS.map((c) => [c, d.api(c)]));
  const direct: LockApi = d.client('c1');
  expect(direct.holds('L')).toEqual({ held: false, token: null });
  fault?.(d);
  const run = runWorkload(world, mutexWorkload({ lock: 'L', stopAt: 4 * SEC, holdMeanNs, thinkMeanNs: 30 * MS, retryMeanNs: 20 * MS }), apis, recorder);
  world.runUntilTrue(() => run.finished, 15 * SEC);
  return recorder.finish();
}

describe('the async-replica client as the workloads LockApi', () => {
  it('runs the mutex workload without faults: well-formed history, no belief overlap, increasing tokens', () => {
    const record = mutexRun(31, 30 * MS);
    expect(historyProblems(record.history)).toEqual([]);
    const acquired = record.history.filter((o) => o.f === 'acquire' && o.type === 'ok');
    expect(acquired.length).toBeGreaterThan(20);
    expect(checkBeliefOverlap(record).violations).toEqual([]);
    expect(checkFencing(record).violations).toEqual([]);
  });

  it('with the primary dying right after its first grant, the validators report ME-belief and a token that did not increase', () => {
    // Holds long enough to outlast a failover (about 400 ms here).
    const record = mutexRun(32, 1 * SEC, (d) => {
      let armed = true;
      d.world.trace.listen((e) => {
        if (!armed || e.kind !== 'store:grant' || e.node !== 'n1') return;
        armed = false;
        d.world.after(0, 'crash n1', () => d.world.crash('n1'));
      });
    });
    expect(historyProblems(record.history)).toEqual([]);
    const overlap = checkBeliefOverlap(record);
    expect(overlap.violations.length).toBeGreaterThan(0);
    expect(overlap.violations[0]!.kind).toBe('ME-belief');
    // The new primary hands out the lost grant's token again.
    const fm = checkFencing(record).violations;
    expect(fm.map((v) => v.kind)).toContain('FM');
    expect(fm[0]!.detail).toMatchObject({ source: 'grants', tokens: [1, 1] });
  });
});
