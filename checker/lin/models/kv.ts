/**
 * A key-value store of independent registers: read/write/cas as in Jepsen's cas-register, and
 * get/put/append as in Porcupine's kv tests (a missing key reads as nil, or as the empty string as
 * Go's maps answer; appending strings concatenates, appending anything else adds to a list). The
 * key comes from the op's `key`, or from Jepsen's independent-tuple values (`[key, value]` on both
 * invoke and completion). Each key is checked alone.
 */
import type { Model } from '../model.js';
import { copyOp, type LinOp, type LinPart } from '../operation.js';
import { Keyword, named, showValue } from '../values.js';
import { makeRegister, type RegisterOptions, type RegisterValue } from './register.js';
import { partsByKey } from './partition.js';

export const KV_FS = ['read', 'write', 'cas', 'get', 'put', 'append'] as const;

export function kvModel(opts: RegisterOptions = {}): Model<RegisterValue> {
  const register = makeRegister('kv', KV_FS, opts);
  return {
    ...register,
    reject(op) {
      if (op.key === undefined && !isTuple(op.input)) {
        return `kv needs a key: op ${op.invokeIndex} has no "key" and its value ${showValue(op.input)} is not a [key, value] tuple`;
      }
      return register.reject(withKey(op));
    },
    partition(ops: readonly LinOp[]): LinPart[] {
      return partsByKey(ops.map(withKey));
    },
  };
}

/** The op with its key lifted out of a Jepsen `[key, value]` tuple, when it carries one that way. */
function withKey(op: LinOp): LinOp {
  if (op.key !== undefined || !isTuple(op.input)) return op;
  const key = String(named(op.input[0]));
  const output = op.known && isTuple(op.output) ? op.output[1] : op.output;
  const c = copyOp(op);
  c.key = key;
  c.input = op.input[1];
  c.output = output;
  return c;
}

function isTuple(v: unknown): v is [unknown, unknown] {
  return Array.isArray(v) && v.length === 2 && (typeof v[0] === 'string' || typeof v[0] === 'number' || v[0] instanceof Keyword);
}
