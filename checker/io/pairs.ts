/**
 * Joins each invocation with its completion. A process is single-threaded, so an op's completion
 * is simply the next event on its process. The nemesis logs its faults the same way in pairs,
 * though Jepsen marks both halves `info`, so on the nemesis process the first event of a pair is
 * the start whatever its type.
 */
import type { Op, ProcessId } from '../history.js';
import { HistoryFormatError } from './errors.js';

export interface OpPair {
  invoke: Op;
  /** The completion, or null when the history ended first (the op's outcome is unknown). */
  complete: Op | null;
}

/** A way a history breaks the invoke/complete discipline, at the event where it shows. */
export interface PairingProblem {
  position: number;
  message: string;
}

/**
 * The operations of a history, in invocation order. Throws a HistoryFormatError at the first
 * event that does not fit (a second invoke while one is open, a completion of nothing).
 */
export function pairOps(history: readonly Op[]): OpPair[] {
  return walkPairs(history, (p) => {
    throw new HistoryFormatError({ source: 'history', position: p.position }, p.message);
  });
}

/** Pairs what it can and hands every misfit to `problem` (used by the well-formedness check). */
export function walkPairs(history: readonly Op[], problem: (p: PairingProblem) => void): OpPair[] {
  const pairs: OpPair[] = [];
  const open = new Map<ProcessId, OpPair>();
  history.forEach((event, position) => {
    const pending = open.get(event.process);
    const startsOp = event.process === 'nemesis' ? pending === undefined : event.type === 'invoke';
    if (startsOp) {
      if (pending !== undefined) {
        problem({
          position,
          message: `${who(event.process)} invoked '${event.f}' (index ${event.index}) while its '${pending.invoke.f}' (index ${pending.invoke.index}) was still open`,
        });
      }
      const pair: OpPair = { invoke: event, complete: null };
      pairs.push(pair);
      open.set(event.process, pair);
      return;
    }
    if (pending === undefined) {
      problem({
        position,
        message: `the ${event.type} of '${event.f}' (index ${event.index}) on ${who(event.process)} completes nothing: the process has no open invocation`,
      });
      return;
    }
    if (pending.invoke.f !== event.f) {
      problem({
        position,
        message: `the ${event.type} at index ${event.index} is for '${event.f}', but ${who(event.process)} invoked '${pending.invoke.f}' (index ${pending.invoke.index})`,
      });
    }
    pending.complete = event;
    open.delete(event.process);
  });
  return pairs;
}

export function who(process: ProcessId): string {
  return process === 'nemesis' ? 'the nemesis' : `process ${process}`;
}
