/**
 * Leader Append-Only: a leader never overwrites or deletes entries in its own log. Checked
 * before an observation's writes reach the mirror, for a node that was leader of the term before
 * and still is.
 */
import type { NodeView, ViolationLog } from './cluster-view.js';
import { digestHash, extendHash } from './log-mirror.js';
import type { RaftObservation } from './observations.js';

export class LeaderAppendOnly {
  constructor(private readonly out: ViolationLog) {}

  beforeWrite(obs: RaftObservation, node: NodeView): void {
    if (obs.restarted || obs.role !== 'leader' || node.role !== 'leader' || node.term !== obs.term) return;
    const who = `${obs.node}, leader of term ${obs.term},`;
    const last = node.log.lastIndex();
    if (obs.snapshot) {
      this.out.report('leader-append-only', obs.t, `${who} replaced its log with a snapshot at index ${obs.snapshot.index}.`, {
        node: obs.node,
        term: obs.term,
        snapshotIndex: obs.snapshot.index,
      });
      return;
    }
    for (const e of obs.appended ?? []) {
      if (e.index > last) break;
      const had = node.log.termAt(e.index);
      if (had === undefined) continue;
      const sameEntry = extendHash(node.log.hashAt(e.index - 1), e.term, digestHash(e.digest)) === node.log.hashAt(e.index);
      if (had !== e.term || !sameEntry) {
        this.out.report(
          'leader-append-only',
          obs.t,
          `${who} overwrote its own entry at index ${e.index} (term ${had}) with ` +
            `${had === e.term ? 'a different command of the same term' : `an entry of term ${e.term}`}.`,
          { node: obs.node, term: obs.term, index: e.index, oldTerm: had, newTerm: e.term },
        );
        return;
      }
    }
    if (obs.lastIndex !== undefined && obs.lastIndex < last) {
      this.out.report('leader-append-only', obs.t, `${who} deleted entries: its log shrank from index ${last} to ${obs.lastIndex}.`, {
        node: obs.node,
        term: obs.term,
        from: last,
        to: obs.lastIndex,
      });
    }
  }
}
