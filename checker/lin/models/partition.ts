/** How models split a history into independent parts (P-compositionality). */
import type { LinOp, LinPart } from '../operation.js';
import { renumberedInPlace } from '../operation.js';

/** The whole history is one object. */
export function onePart(ops: readonly LinOp[]): LinPart[] {
  return ops.length === 0 ? [] : [{ key: null, ops: renumberedInPlace([...ops]) }];
}

/**
 * One part per key, in the order keys first appear; ops without a key form their own part (each op
 * belongs to one part, so it is renumbered in place). Ops on
 * different keys never constrain each other, so checking each key alone decides the whole.
 */
export function partsByKey(ops: readonly LinOp[]): LinPart[] {
  const groups = new Map<string | null, LinOp[]>();
  for (const op of ops) {
    const key = op.key ?? null;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(op);
  }
  return [...groups].map(([key, group]) => ({ key, ops: renumberedInPlace(group) }));
}
