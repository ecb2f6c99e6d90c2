/**
 * Leader Completeness: an entry committed in a term is in the log of every leader of a later
 * term. Checked when a node takes office, and again for sitting leaders whenever more entries are
 * seen committed (a late report may reveal an older commit).
 */
import { fmtTime, type CommittedLog, type NodeView, type ViolationLog } from './cluster-view.js';
import { UNKNOWN_HASH } from './log-mirror.js';

export class LeaderCompleteness {
  constructor(
    private readonly committed: CommittedLog,
    private readonly out: ViolationLog,
  ) {}

  check(t: number, leader: NodeView, term: number): void {
    const key = `${leader.id}:${term}`;
    if (this.out.wasReported('leader-completeness', key)) return;
    const index = this.committed.lastCommittedBefore(term);
    // Below what the mirror knows (the leader installed a later snapshot), it cannot be judged.
    if (index === 0 || index < leader.log.firstKnown()) return;
    const c = this.committed.get(index);
    if (!c) return;
    const has = leader.log.termAt(index);
    const hash = leader.log.hashAt(index);
    const prefixDiffers = hash !== UNKNOWN_HASH && c.hash !== UNKNOWN_HASH && hash !== c.hash;
    if (has === c.term && !prefixDiffers) return;
    this.out.firstTime('leader-completeness', key);
    const holds =
      has === undefined
        ? `its log ends at index ${leader.log.lastIndex()}`
        : has !== c.term
          ? `it has an entry of term ${has} there`
          : 'its log differs from the committed one before that index';
    this.out.report(
      'leader-completeness',
      t,
      `${leader.id} is leader of term ${term} without the entry at index ${index} (term ${c.term}) ` +
        `that ${c.node} saw committed in term ${c.commitTerm} at ${fmtTime(c.t)}: ${holds}.`,
      { leader: leader.id, term, index, committedTerm: c.term, committedBy: c.node, leaderHas: has ?? null },
    );
  }
}
