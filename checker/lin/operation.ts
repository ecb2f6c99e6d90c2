/**
 * An operation as the linearizability checker sees it: one invoke joined with its completion.
 *
 * Positions (`callPos`, `retPos`) are places in the history's event order, which is what
 * real-time order means here: operation a precedes b when a's completion comes before b's
 * invocation in the history. Times are kept only to tell a person when things happened.
 */
import type { ProcessId, TrueTimeNs } from '../history.js';

export interface LinOp {
  /** Dense id within the list the op belongs to (the whole history, or one partition). */
  id: number;
  process: ProcessId;
  f: string;
  /** The invoke's value (the argument). */
  input: unknown;
  /** The completion's value when the op completed `ok`; undefined when its outcome is unknown. */
  output: unknown;
  /** True for `ok` operations; false for `info` or never-completed ones (they may never happen). */
  known: boolean;
  key: string | undefined;
  /** History index of the invoke. Reports name an operation by this index. */
  invokeIndex: number;
  /** History index of the completion, or null when the op never completed. */
  completeIndex: number | null;
  /** Event-order position of the invoke. */
  callPos: number;
  /** Event-order position of the completion; +Infinity for unknown outcomes. */
  retPos: number;
  call: TrueTimeNs;
  /** True time of the completion; +Infinity for unknown outcomes. */
  ret: TrueTimeNs;
  /** The completion's type as recorded ('ok', 'info', or 'pending' when there was none). */
  completion: 'ok' | 'info' | 'pending';
  /**
   * Set only while explaining a violation: this known op is allowed not to have taken effect (as
   * if it had failed). If it does take effect, it still does so inside its interval, with its result.
   */
  optional?: boolean;
}

/** One independently checkable piece of a history (P-compositionality): usually one key. */
export interface LinPart {
  /** The key or object the part is about; null when the whole history is one object. */
  key: string | null;
  ops: LinOp[];
}

/** Two operations overlap or not: `a` precedes `b` in real time when a returned before b was invoked. */
export function precedes(a: LinOp, b: LinOp): boolean {
  return a.retPos < b.callPos;
}

/** Whether a linearization must contain the op: it completed ok and is not marked optional. */
export function required(op: LinOp): boolean {
  return op.known && op.optional !== true;
}

/**
 * A copy of the op to change, made as one object literal with every field in one order. (An object
 * spread with fields added or overridden gives copies hidden classes of their own; every pass over
 * them then runs slowly, which on small histories cost more than the search.)
 */
export function copyOp(op: LinOp): LinOp {
  return {
    id: op.id,
    process: op.process,
    f: op.f,
    input: op.input,
    output: op.output,
    known: op.known,
    key: op.key,
    invokeIndex: op.invokeIndex,
    completeIndex: op.completeIndex,
    callPos: op.callPos,
    retPos: op.retPos,
    call: op.call,
    ret: op.ret,
    completion: op.completion,
    optional: op.optional,
  };
}

/** The op as it stands before it returns: it may still return anything (or never). */
export function unreturned(op: LinOp): LinOp {
  const c = copyOp(op);
  c.known = false;
  c.output = undefined;
  c.retPos = Infinity;
  c.ret = Infinity;
  return c;
}

/** The op, allowed not to take effect (while explaining a violation). */
export function madeOptional(op: LinOp): LinOp {
  const c = copyOp(op);
  c.optional = true;
  return c;
}

/** Renumbers ops densely (0..n-1) in the order given, so each part's bitsets stay compact. */
export function renumbered(ops: readonly LinOp[]): LinOp[] {
  return ops.map((op, id) => {
    if (op.id === id) return op;
    const c = copyOp(op);
    c.id = id;
    return c;
  });
}

/**
 * Renumbers ops densely in place. Only for ops that belong to this list alone (the parts a
 * history is split into): it saves copying every op of a long history.
 */
export function renumberedInPlace(ops: LinOp[]): LinOp[] {
  for (let id = 0; id < ops.length; id++) ops[id]!.id = id;
  return ops;
}
