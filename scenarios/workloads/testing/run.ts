/** Running a workload on the fake cluster, and reading what came out, for workload tests. */
import type { Belief, RunRecord, TrueTimeNs } from '../../../checker/history.js';
import type { DriverOptions, WorkloadRun } from '../driver.js';
import { runWorkload, type Workload } from '../workload.js';
import type { FakeCluster } from './fake-cluster.js';
import { onTraceEvent } from '../../harness/trace-events.js';

/** Runs `workload` until it finishes or `deadline`, then ends the record there. */
export function runOn(cluster: FakeCluster, workload: Workload, deadline: TrueTimeNs, options: DriverOptions = {}): { record: RunRecord; run: WorkloadRun } {
  const run = runWorkload(cluster.world, workload, cluster.apis, cluster.recorder, options);
  cluster.world.runUntilTrue(() => run.finished, deadline);
  return { record: cluster.recorder.finish(), run };
}

/** Pairs of beliefs of one lock, held by different clients, that overlap in true time. */
export function overlappingBeliefs(beliefs: readonly Belief[], endAt: TrueTimeNs): [Belief, Belief][] {
  const out: [Belief, Belief][] = [];
  beliefs.forEach((a, i) => {
    for (const b of beliefs.slice(i + 1)) {
      if (a.lock !== b.lock || a.client === b.client) continue;
      if (a.start < (b.end ?? endAt) && b.start < (a.end ?? endAt)) out.push([a, b]);
    }
  });
  return out;
}

/** Calls `then` once, at the first grant the fake server makes (to `client`, if given). */
export function onFirstGrant(cluster: FakeCluster, then: (client: string) => void, client?: string): void {
  let fired = false;
  onTraceEvent(cluster.world, (e) => {
    if (fired || e.kind !== 'fake-grant') return;
    const to = e.data.client;
    if (client !== undefined && to !== client) return;
    fired = true;
    then(to);
  });
}
