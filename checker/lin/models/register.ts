/**
 * A read/write register, and the same with compare-and-swap, in Jepsen's value shapes:
 * `read` returns the value (null before any write), `write v`, `cas [old, new]` (an `ok` cas
 * swapped; a failed cas did nothing and is dropped with the other `fail`s). Ops carrying a key
 * are independent registers, one per key.
 */
import type { Model } from '../model.js';
import type { LinOp } from '../operation.js';
import { hashValue, sameValue, showValue } from '../values.js';
import { partsByKey } from './partition.js';

export interface RegisterOptions {
  /** Values the register may hold before the first write (default: only null). */
  initial?: readonly unknown[];
}

export type RegisterValue = unknown;

export function registerModel(opts: RegisterOptions = {}): Model<RegisterValue> {
  return makeRegister('register', ['read', 'write'], opts);
}

export function casRegisterModel(opts: RegisterOptions = {}): Model<RegisterValue> {
  return makeRegister('cas-register', ['read', 'write', 'cas'], opts);
}

/** The register semantics shared with the kv model (which only adds how keys are found). */
export function makeRegister(name: string, fs: readonly string[], opts: RegisterOptions): Model<RegisterValue> {
  const initial = opts.initial ?? [null];
  return {
    name,
    deterministic: initial.length === 1,
    init: () => initial,
    step: stepRegister,
    equal: sameValue,
    hash: hashValue,
    describeOp: describeRegisterOp,
    describeState: (v, key) => `${key ?? 'register'} = ${showValue(v)}`,
    reject(op) {
      if (!fs.includes(op.f)) return `${name} has no operation "${op.f}" (it knows ${fs.join(', ')})`;
      if (op.f === 'cas' && !isPair(op.input)) return `cas needs the value [old, new], got ${showValue(op.input)}`;
      return null;
    },
    partition: partsByKey,
    readOnly: (op) => op.f === 'read',
  };
}

const NONE: readonly RegisterValue[] = [];

function stepRegister(state: RegisterValue, op: LinOp): readonly RegisterValue[] {
  switch (op.f) {
    case 'read':
      return !op.known || sameValue(state, op.output) ? [state] : NONE;
    case 'write':
      return [op.input];
    case 'cas': {
      const [expected, next] = op.input as [unknown, unknown];
      // An unknown cas whose compare fails changes nothing, which is the same as never happening;
      // the search already tries "never", so only the swap is a new possibility.
      return sameValue(state, expected) ? [next] : NONE;
    }
    default:
      return NONE;
  }
}

function describeRegisterOp(op: LinOp): string {
  const on = op.key === undefined ? '' : ` ${op.key}`;
  switch (op.f) {
    case 'read':
      return op.known ? `read${on} → ${showValue(op.output)}` : `read${on} (outcome unknown)`;
    case 'write':
      return `write${on} ${showValue(op.input)}${op.known ? '' : ' (outcome unknown)'}`;
    case 'cas': {
      const [a, b] = isPair(op.input) ? op.input : [op.input, undefined];
      return `cas${on} ${showValue(a)}→${showValue(b)}${op.known ? '' : ' (outcome unknown)'}`;
    }
    default:
      return `${op.f}${on} ${showValue(op.input)}`;
  }
}

function isPair(v: unknown): v is [unknown, unknown] {
  return Array.isArray(v) && v.length === 2;
}
