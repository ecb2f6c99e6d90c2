/**
 * Membership changes, one server at a time: which changes are allowed against a configuration,
 * and what configuration results. Any two configurations one change apart share a majority, which
 * is why one change at a time needs no joint consensus.
 */
import type { ConfChange, ConfState, NodeId } from './types.js';

/** Why a change cannot be made to `conf`, or null when it can. */
export function confChangeError(conf: ConfState, change: ConfChange): string | null {
  const isVoter = conf.voters.includes(change.node);
  const isLearner = conf.learners.includes(change.node);
  switch (change.type) {
    case 'add-voter':
      return isVoter ? `${change.node} is already a voter` : null;
    case 'add-learner':
      if (isLearner) return `${change.node} is already a learner`;
      if (isVoter && conf.voters.length === 1) return `${change.node} is the only voter`;
      return null;
    case 'remove-node':
      if (!isVoter && !isLearner) return `${change.node} is not a member`;
      if (isVoter && conf.voters.length === 1) return `${change.node} is the only voter`;
      return null;
  }
}

/** The configuration after `change`; changes that make no sense leave it as it was. */
export function applyConfChange(conf: ConfState, change: ConfChange): ConfState {
  const without = (list: readonly NodeId[]) => list.filter((n) => n !== change.node);
  switch (change.type) {
    case 'add-voter':
      return conf.voters.includes(change.node)
        ? conf
        : { voters: [...conf.voters, change.node], learners: without(conf.learners) };
    case 'add-learner':
      return conf.learners.includes(change.node)
        ? conf
        : { voters: without(conf.voters), learners: [...conf.learners, change.node] };
    case 'remove-node':
      return { voters: without(conf.voters), learners: without(conf.learners) };
  }
}

export function isConfChange(data: unknown): data is ConfChange {
  if (typeof data !== 'object' || data === null) return false;
  const c = data as Record<string, unknown>;
  return (
    (c.type === 'add-voter' || c.type === 'add-learner' || c.type === 'remove-node') &&
    typeof c.node === 'string'
  );
}
