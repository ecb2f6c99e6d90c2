/** Election Safety: at most one leader per term. */
import { fmtTime, type ViolationLog } from './cluster-view.js';
import type { RaftObservation } from './observations.js';

export class ElectionSafety {
  private readonly leaders = new Map<number, { node: string; t: number }>();

  constructor(private readonly out: ViolationLog) {}

  observe(obs: RaftObservation): void {
    if (obs.role !== 'leader') return;
    const first = this.leaders.get(obs.term);
    if (!first) {
      this.leaders.set(obs.term, { node: obs.node, t: obs.t });
      return;
    }
    if (first.node === obs.node) return;
    if (!this.out.firstTime('election-safety', `${obs.term}:${obs.node}`)) return;
    this.out.report(
      'election-safety',
      obs.t,
      `${first.node} and ${obs.node} were both leader in term ${obs.term}: ${first.node} since ` +
        `${fmtTime(first.t)}, ${obs.node} from ${fmtTime(obs.t)}.`,
      { term: obs.term, leaders: [first.node, obs.node], since: [first.t, obs.t] },
    );
  }
}
