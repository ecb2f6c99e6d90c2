/**
 * What each violation kind means, in plain words: one table that the report pages, `list` and
 * the CLI's output all read, so a reader meets the same explanation of "ME-belief" or "LW"
 * wherever the abbreviation appears. Pure data and string functions; no HTML.
 */
import type { Violation, ViolationKind } from '../checker/history.js';

export interface KindWords {
  kind: ViolationKind;
  /** Short name for badges and headings: "Mutual exclusion (beliefs)". */
  name: string;
  /** What the invariant promises, in one sentence. */
  promise: string;
  /** Which checker decides it, and from what evidence. */
  checkedBy: string;
  /** The headline, given the lock or key the violation is about (or null when unknown). */
  headline: (subject: string | null) => string;
}

/** Every kind a lockstep checker can report, in the order a reader meets them. */
export const VIOLATION_KINDS: readonly KindWords[] = [
  {
    kind: 'ME-belief',
    name: 'Mutual exclusion (beliefs)',
    promise: 'At most one client may believe it holds an exclusive lock at any instant of true time.',
    checkedBy: 'belief-overlap, from the clients’ beliefs (when each one learned of a grant until it let go or its own deadline passed)',
    headline: (s) => `two clients believed they held ${s ?? 'the same lock'} at the same time`,
  },
  {
    kind: 'ME-effect',
    name: 'Mutual exclusion (effects)',
    promise: 'The protected resource must never accept a write from an older holder after it accepted one from a newer holder.',
    checkedBy: 'effect-overlap, from the protected resource’s log of accepted and refused writes',
    headline: (s) => `the protected resource accepted writes from two holders of ${s ?? 'one lock'} in an overlapping order`,
  },
  {
    kind: 'LW',
    name: 'Lost update',
    promise: 'A write the system acknowledged must never be lost or overwritten by a write that had not seen it.',
    checkedBy: 'lost-update, from the resource’s counter writes (two writes of the same value mean one increment was lost)',
    headline: (s) => `an acknowledged write${s ? ` to ${s}` : ''} was lost`,
  },
  {
    kind: 'FM',
    name: 'Fencing tokens',
    promise: 'The fencing tokens (sequencers) granted for a lock must strictly increase.',
    checkedBy: 'fencing, from the grants the service made and the tokens clients were given',
    headline: (s) => `the fencing tokens granted for ${s ?? 'a lock'} went backwards`,
  },
  {
    kind: 'LV',
    name: 'Liveness',
    promise: 'After the holder dies or the faults heal, the lock must become acquirable again within its bound.',
    checkedBy: 'liveness, from the acquires tried after the final heal',
    headline: (s) => `${s ?? 'a lock'} stayed unavailable past its bound`,
  },
  {
    kind: 'LIN',
    name: 'Linearizability',
    promise: 'Every operation must appear to take effect at one instant between its invocation and its completion.',
    checkedBy: 'linearizability (a Porcupine/Knossos-style search over the history, per key)',
    headline: (s) => `the operations on ${s ?? 'one key'} cannot be placed in any order that respects real time`,
  },
  {
    kind: 'DIV',
    name: 'Replica agreement',
    promise: 'After quiescence every replica must hold the same lock table, sessions and counters.',
    checkedBy: 'replica-agreement, from every replica’s state captured after the final heal',
    headline: () => 'the replicas disagree about the lock state after the faults healed',
  },
  {
    kind: 'RAFT',
    name: 'Raft safety',
    promise:
      'Election safety, log matching, leader completeness and state-machine safety must hold, and no committed entry may be lost.',
    checkedBy: 'the Raft monitors, from the servers’ role, log and commit events in the trace',
    headline: () => 'a Raft safety property was broken',
  },
];

const BY_KIND = new Map<string, KindWords>(VIOLATION_KINDS.map((k) => [k.kind, k]));

/** The words for a kind; a kind this table does not know is named as it is, never dropped. */
export function wordsFor(kind: string): KindWords {
  return (
    BY_KIND.get(kind) ?? {
      kind: kind as ViolationKind,
      name: kind,
      promise: 'A property checked by lockstep.',
      checkedBy: 'a lockstep checker',
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

/** "LW (lost update): a write the system acknowledged must never be lost ...": one line for a terminal. */
export function explainKind(kind: string): string {
  const w = wordsFor(kind);
  return `${kind} (${w.name.charAt(0).toLowerCase()}${w.name.slice(1)}): ${w.promise}`;
}

export function violationHeadline(v: Violation, subject: string | null): string {
  return wordsFor(v.kind).headline(subject);
}
