/** What a linearizability check returns. */
import type { Violation } from '../history.js';
import type { Exhaustion } from './search/budget.js';

export type Verdict = true | false | 'unknown';

export interface LinPartResult {
  /** The key or object of this part; null when the history is one object. */
  key: string | null;
  valid: Verdict;
  /** Ops the search ran over (ok and unknown-outcome ones, less the unknown reads left out). */
  opsChecked: number;
  /** Of those, ops whose outcome is unknown (`info` or never completed). */
  unknownOps: number;
  /** Unknown-outcome ops left out because they could change nothing (reads). */
  unknownReadsLeftOut: number;
  configurations: number;
  /** Bytes the configuration cache held when the search ended. */
  cacheBytes: number;
  /** True when the cache reached its byte budget and forgot configurations behind the search. */
  forgot: boolean;
  steps: number;
  /** Why the verdict is unknown: the budget part that ran out, or 'skipped' (never searched). */
  exhausted?: Exhaustion | 'skipped';
  /** When valid: a linearization, as history indices of the ops' invokes, in order. */
  linearization?: number[];
  /** When not valid (or unknown): the longest linearizable prefix found, as invoke indices. */
  longestPrefix?: number[];
}

export interface LinResult {
  valid: Verdict;
  model: string;
  partitions: LinPartResult[];
  /** One per part that is not linearizable (kind 'LIN', checker 'linearizability'). */
  violations: Violation[];
  /** Ops that completed with `fail` and were dropped (they did not happen). */
  failedOps: number;
  /** Search steps spent, explanations included. */
  steps: number;
}
