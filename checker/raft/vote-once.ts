/**
 * Vote Once: a node votes for at most one candidate in a term, across restarts. Election Safety
 * rests on it: a vote that a crash can take back lets a second candidate of the same term count
 * the same voter again. Seen here as soon as the node's persisted vote changes to another
 * candidate within one term, whether or not a second leader followed, so a vote lost to a crash
 * shows on the first vote given again, not only in the rare run where it elects two leaders.
 */
import type { ViolationLog } from './cluster-view.js';
import type { RaftObservation } from './observations.js';

export class VoteOnce {
  /** Per node: the term and candidate of the last vote seen. */
  private readonly votes = new Map<string, { term: number; vote: string; t: number }>();

  constructor(private readonly out: ViolationLog) {}

  observe(obs: RaftObservation): void {
    if (obs.vote === undefined || obs.vote === null) return;
    const last = this.votes.get(obs.node);
    if (last === undefined || last.term !== obs.term) {
      if (last === undefined || obs.term > last.term) this.votes.set(obs.node, { term: obs.term, vote: obs.vote, t: obs.t });
      return;
    }
    if (last.vote === obs.vote) return;
    if (!this.out.firstTime('vote-once', `${obs.node}:${obs.term}`)) return;
    this.out.report(
      'vote-once',
      obs.t,
      `${obs.node} voted for ${last.vote} in term ${obs.term} and then for ${obs.vote} in the same term` +
        `${obs.restarted ? ' after a restart' : ''}: a vote it gave was not kept.`,
      { node: obs.node, term: obs.term, votes: [last.vote, obs.vote], at: [last.t, obs.t] },
    );
  }
}
