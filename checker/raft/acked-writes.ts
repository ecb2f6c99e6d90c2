/**
 * No acknowledged write lost: every command a client was told succeeded is, at the end of the
 * run, committed at the position it was acknowledged at, and no node holds something else
 * committed there.
 */
import { fmtTime, type CommittedLog, type NodeView, type ViolationLog } from './cluster-view.js';
import type { AckedWrite } from './observations.js';

export class AckedWrites {
  private readonly acks: AckedWrite[] = [];

  constructor(
    private readonly committed: CommittedLog,
    private readonly out: ViolationLog,
  ) {}

  acked(write: AckedWrite): void {
    this.acks.push(write);
  }

  finish(t: number, nodes: Iterable<NodeView>): void {
    const all = [...nodes];
    for (const a of this.acks) {
      let holder: string | null = null;
      let rival: { node: string; term: number } | null = null;
      let undecidable = false;
      for (const n of all) {
        if (n.commit < a.index) continue;
        const term = n.log.termAt(a.index);
        if (term === undefined) undecidable = true;
        else if (term === a.term) holder ??= n.id;
        else rival ??= { node: n.id, term };
      }
      if (rival === null && holder === null && undecidable && this.committed.get(a.index)?.term === a.term) {
        continue;
      }
      if (rival === null && holder !== null) continue;
      const by = a.node ? ` by ${a.node}` : '';
      const why =
        rival !== null
          ? `${rival.node} holds an entry of term ${rival.term} committed at that index`
          : 'no node holds it committed at the end of the run';
      this.out.report(
        'acked-write-lost',
        t,
        `The write acknowledged${by} at ${fmtTime(a.t)} as index ${a.index} (term ${a.term}) is lost: ${why}.`,
        { index: a.index, term: a.term, ackedAt: a.t, ackedBy: a.node ?? null, rival },
        a.op === undefined ? [] : [a.op],
      );
    }
  }
}
