/**
 * Joins a history's events into operations: each invoke with the next completion on its process.
 *
 * `fail` means the operation certainly did not happen, so the pair is dropped. `info` and a
 * missing completion both mean "unknown": the operation may take effect at any moment after its
 * invocation, or never. Nemesis events are not operations on the object and are skipped.
 */
import type { Op, ProcessId } from '../history.js';
import type { LinOp } from './operation.js';

/** The history cannot be read as operations (cli maps this to exit code 254). */
export class LinInputError extends Error {
  override readonly name = 'LinInputError';
}

export interface PairedHistory {
  ops: LinOp[];
  /** Operations that completed with `fail` and were therefore dropped. */
  failed: number;
}

/**
 * Events are taken in index order (the order they happened); a history need not arrive sorted.
 * Equal times are common in a simulator, so times never decide the order.
 */
export function pairOperations(history: readonly Op[]): PairedHistory {
  const events = isSortedByIndex(history) ? history : [...history].sort((a, b) => a.index - b.index);
  const open = new Map<ProcessId, { event: Op; pos: number }>();
  const ops: LinOp[] = [];
  let failed = 0;
  events.forEach((e, pos) => {
    if (e.process === 'nemesis') return;
    if (e.type === 'invoke') {
      const prior = open.get(e.process);
      if (prior) {
        throw new LinInputError(
          `process ${String(e.process)} invoked op ${e.index} while op ${prior.event.index} was still open`,
        );
      }
      open.set(e.process, { event: e, pos });
      return;
    }
    const started = open.get(e.process);
    if (!started) {
      throw new LinInputError(`op ${e.index} (${e.type} ${e.f}) completes nothing: process ${String(e.process)} has no open invoke`);
    }
    if (started.event.f !== e.f) {
      throw new LinInputError(`op ${e.index} completes ${e.f} but process ${String(e.process)} invoked ${started.event.f} (op ${started.event.index})`);
    }
    open.delete(e.process);
    if (e.type === 'fail') {
      failed++;
      return;
    }
    ops.push(joined(started.event, started.pos, e, pos));
  });
  for (const { event, pos } of open.values()) ops.push(joined(event, pos, null, null));
  // Pending ops were appended last; order every op by its invocation so ids follow the history.
  ops.sort((a, b) => a.callPos - b.callPos);
  return { ops: ops.map((op, id) => ({ ...op, id })), failed };
}

function joined(invoke: Op, callPos: number, done: Op | null, retPos: number | null): LinOp {
  const known = done !== null && done.type === 'ok';
  return {
    id: 0,
    process: invoke.process,
    f: invoke.f,
    input: invoke.value,
    output: known ? done.value : undefined,
    known,
    key: invoke.key ?? done?.key,
    invokeIndex: invoke.index,
    completeIndex: done ? done.index : null,
    callPos,
    retPos: known && retPos !== null ? retPos : Infinity,
    call: invoke.time,
    ret: known ? done.time : Infinity,
    completion: done === null ? 'pending' : known ? 'ok' : 'info',
  };
}

function isSortedByIndex(history: readonly Op[]): boolean {
  for (let i = 1; i < history.length; i++) if (history[i]!.index < history[i - 1]!.index) return false;
  return true;
}
