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
  // Ops are made at their invocation, so they come out in invocation order with no sort; the
  // open op of each process is found by number (processes are small integers) or else by map.
  const openByNumber: (LinOp | undefined)[] = [];
  const openByName = new Map<ProcessId, LinOp>();
  const openOf = (p: ProcessId): LinOp | undefined => (typeof p === 'number' && p < 1 << 20 ? openByNumber[p] : openByName.get(p));
  const setOpen = (p: ProcessId, op: LinOp | undefined): void => {
    if (typeof p === 'number' && p < 1 << 20) openByNumber[p] = op;
    else if (op === undefined) openByName.delete(p);
    else openByName.set(p, op);
  };
  const made: LinOp[] = [];
  const dropped = new Set<LinOp>();
  for (let pos = 0; pos < events.length; pos++) {
    const e = events[pos]!;
    if (e.process === 'nemesis') continue;
    if (e.type === 'invoke') {
      const prior = openOf(e.process);
      if (prior) {
        throw new LinInputError(`process ${String(e.process)} invoked op ${e.index} while op ${prior.invokeIndex} was still open`);
      }
      const op = invoked(e, pos);
      made.push(op);
      setOpen(e.process, op);
      continue;
    }
    const started = openOf(e.process);
    if (!started) {
      throw new LinInputError(`op ${e.index} (${e.type} ${e.f}) completes nothing: process ${String(e.process)} has no open invoke`);
    }
    if (started.f !== e.f) {
      throw new LinInputError(`op ${e.index} completes ${e.f} but process ${String(e.process)} invoked ${started.f} (op ${started.invokeIndex})`);
    }
    setOpen(e.process, undefined);
    if (e.type === 'fail') {
      dropped.add(started);
      continue;
    }
    completed(started, e, pos);
  }
  const ops = dropped.size === 0 ? made : made.filter((op) => !dropped.has(op));
  for (let id = 0; id < ops.length; id++) ops[id]!.id = id;
  return { ops, failed: dropped.size };
}

/** An op as its invocation makes it: pending until a completion says otherwise. */
function invoked(invoke: Op, callPos: number): LinOp {
  return {
    id: 0,
    process: invoke.process,
    f: invoke.f,
    input: invoke.value,
    output: undefined,
    known: false,
    key: invoke.key,
    invokeIndex: invoke.index,
    completeIndex: null,
    callPos,
    retPos: Infinity,
    call: invoke.time,
    ret: Infinity,
    completion: 'pending',
    // Present on every op (see copyOp), so that ops and their copies share one hidden class.
    optional: undefined,
  };
}

function completed(op: LinOp, done: Op, retPos: number): void {
  const known = done.type === 'ok';
  op.completeIndex = done.index;
  op.completion = known ? 'ok' : 'info';
  if (op.key === undefined && done.key !== undefined) op.key = done.key;
  if (!known) return;
  op.known = true;
  op.output = done.value;
  op.retPos = retPos;
  op.ret = done.time;
}

function isSortedByIndex(history: readonly Op[]): boolean {
  for (let i = 1; i < history.length; i++) if (history[i]!.index < history[i - 1]!.index) return false;
  return true;
}
