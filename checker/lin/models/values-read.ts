/** How a read's result is compared with the state it reads. */
import { sameValue } from '../values.js';

/**
 * What an `ok` read of nil means: `value` (lockstep's meaning, and Porcupine's: the register held
 * nil) or `any` (Knossos's meaning: a read that saw nothing in particular, which constrains nothing).
 */
export type NilRead = 'value' | 'any';

export function readMatches(state: unknown, result: unknown, nilRead: NilRead): boolean {
  if (result == null && nilRead === 'any') return true;
  return sameValue(state, result);
}
