/** Who an operation acts for, for the lock models. */
import type { LinOp } from '../operation.js';
import { named } from '../values.js';

/**
 * The owner named in the invoke (a string or number, or `{owner}`), else the process. A Jepsen
 * process that ended in `info` is never reused, so lock histories whose clients retry under a new
 * process should name the owner explicitly.
 */
export function ownerOf(op: LinOp): string {
  const v = named(op.input);
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (v !== null && typeof v === 'object' && 'owner' in v) {
    const o = named((v as { owner: unknown }).owner);
    if (typeof o === 'string' || typeof o === 'number') return String(o);
  }
  return `p${String(op.process)}`;
}
