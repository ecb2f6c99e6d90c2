/**
 * The catalogue's invariants in plain words, so a reader who has never seen lockstep can follow
 * a verdict without knowing the abbreviations.
 */
import type { Violation } from '../../checker/history.js';

interface KindWords {
  /** Short name for badges and headings. */
  name: string;
  /** What the invariant promises, for the legend under a violation. */
  promise: string;
  /** The headline, given the lock or key the violation is about (or null when unknown). */
  headline: (subject: string | null) => string;
}

const KINDS: Record<string, KindWords> = {
  'ME-belief': {
    name: 'Mutual exclusion (beliefs)',
    promise: 'At most one client may believe it holds an exclusive lock at any instant of true time.',
    headline: (s) => `two clients believed they held ${s ?? 'the same lock'} at the same time`,
  },
  'ME-effect': {
    name: 'Mutual exclusion (effects)',
    promise:
      'The protected resource must never accept a write from an older holder after it accepted one from a newer holder.',
    headline: (s) =>
      `the protected resource accepted writes from two holders of ${s ?? 'one lock'} in an overlapping order`,
  },
  FM: {
    name: 'Fencing tokens',
    promise: 'The fencing tokens (sequencers) granted for a lock must strictly increase.',
    headline: (s) => `the fencing tokens granted for ${s ?? 'a lock'} went backwards`,
  },
  LW: {
    name: 'Lost update',
    promise: 'A write the system acknowledged must never be lost.',
    headline: (s) => `an acknowledged write${s ? ` to ${s}` : ''} was lost`,
  },
  LV: {
    name: 'Liveness',
    promise: 'After the holder dies or the faults heal, the lock must become acquirable again within its bound.',
    headline: (s) => `${s ?? 'a lock'} stayed unavailable past its bound`,
  },
  LIN: {
    name: 'Linearizability',
    promise: 'Every operation must appear to take effect at one instant between its invocation and its completion.',
    headline: (s) => `the operations on ${s ?? 'one key'} cannot be placed in any order that respects real time`,
  },
  DIV: {
    name: 'Replica agreement',
    promise: 'After quiescence every replica must hold the same lock table, sessions and counters.',
    headline: () => 'the replicas disagree about the lock state after the faults healed',
  },
  RAFT: {
    name: 'Raft safety',
    promise:
      'Election safety, log matching, leader completeness and state-machine safety must hold, and no committed entry may be lost.',
    headline: () => 'a Raft safety property was broken',
  },
};

function wordsFor(kind: string): KindWords {
  return (
    KINDS[kind] ?? {
      name: kind,
      promise: 'A property checked by lockstep.',
      headline: (s) => `a ${kind} violation was found${s ? ` on ${s}` : ''}`,
    }
  );
}

export function kindName(kind: string): string {
  return wordsFor(kind).name;
}

export function kindPromise(kind: string): string {
  return wordsFor(kind).promise;
}

export function violationHeadline(v: Violation, subject: string | null): string {
  return wordsFor(v.kind).headline(subject);
}
