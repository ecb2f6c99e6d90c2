/**
 * Commit Monotonicity: a node that has not restarted never lowers its commit index. What it
 * committed is durable in the cluster's eyes (it may have applied it and answered reads from it),
 * so taking it back, by installing a snapshot older than its commit or by following an append
 * past what the leader vouched for and then truncating, unapplies history. A restart may lower
 * it (the commit index is volatile), and is reported with `restarted`.
 */
import type { NodeView, ViolationLog } from './cluster-view.js';
import type { RaftObservation } from './observations.js';

export class CommitMonotonic {
  constructor(private readonly out: ViolationLog) {}

  /** Before the node's view takes `obs`'s commit index. */
  observe(obs: RaftObservation, node: NodeView): void {
    if (obs.restarted || obs.commitIndex >= node.commit) return;
    const how = obs.snapshot ? ` by installing a snapshot at index ${obs.snapshot.index}` : '';
    this.out.report(
      'commit-monotonic',
      obs.t,
      `${obs.node} lowered its commit index from ${node.commit} to ${obs.commitIndex}${how} without restarting.`,
      { node: obs.node, term: obs.term, from: node.commit, to: obs.commitIndex, ...(obs.snapshot ? { snapshotIndex: obs.snapshot.index } : {}) },
    );
  }
}
