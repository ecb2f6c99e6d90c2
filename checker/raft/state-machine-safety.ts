/**
 * State Machine Safety: no two nodes apply different entries at one index. Also fed the commit
 * reports, since two nodes taking different entries as committed at one index is the same
 * failure seen before anything is applied.
 */
import { fmtTime, type CommittedEntry, type ViolationLog } from './cluster-view.js';
import type { EntryRef } from './observations.js';

interface FirstApplied {
  readonly term: number;
  readonly digest: string | undefined;
  readonly node: string;
  readonly t: number;
}

export class StateMachineSafety {
  private readonly applied: (FirstApplied | undefined)[] = [];

  constructor(private readonly out: ViolationLog) {}

  onApplied(t: number, node: string, e: EntryRef): void {
    const first = this.applied[e.index];
    if (!first) {
      this.applied[e.index] = { term: e.term, digest: e.digest, node, t };
      return;
    }
    const differs =
      first.term !== e.term || (first.digest !== undefined && e.digest !== undefined && first.digest !== e.digest);
    if (!differs || !this.out.firstTime('state-machine-safety', e.index)) return;
    const what = first.term !== e.term ? `term ${first.term}` : `command ${first.digest}`;
    const mine = first.term !== e.term ? `term ${e.term}` : `command ${e.digest}`;
    this.out.report(
      'state-machine-safety',
      t,
      `${first.node} applied the entry of ${what} at index ${e.index} (at ${fmtTime(first.t)}), ` +
        `but ${node} applied the entry of ${mine} there.`,
      { index: e.index, nodes: [first.node, node], terms: [first.term, e.term], digests: [first.digest ?? null, e.digest ?? null] },
    );
  }

  onCommitConflict(t: number, node: string, index: number, term: number, first: CommittedEntry): void {
    if (!this.out.firstTime('state-machine-safety', index)) return;
    this.out.report(
      'state-machine-safety',
      t,
      `${first.node} took the entry of term ${first.term} at index ${index} as committed ` +
        `(at ${fmtTime(first.t)}), but ${node} now takes an entry of term ${term} there as committed.`,
      { index, nodes: [first.node, node], terms: [first.term, term] },
    );
  }
}
