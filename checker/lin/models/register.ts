/**
 * A read/write register, and the same with compare-and-swap, in Jepsen's value shapes:
 * `read` returns the value (nil before any write), `write v`, `cas [old, new]` (an `ok` cas
 * swapped; a failed cas did nothing and is dropped with the other `fail`s). Ops carrying a key
 * are independent registers, one per key.
 */
import type { Model } from '../model.js';
import type { LinOp } from '../operation.js';
import { hashValue, sameValue, showValue } from '../values.js';
import { partsByKey } from './partition.js';
import { readMatches, type NilRead } from './values-read.js';

export interface RegisterOptions {
  /** Values the register may hold before the first write (default: only nil). */
  initial?: readonly unknown[];
  /** What an ok read of nil means (default 'value': the register held nil). */
  nilRead?: NilRead;
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
  const nilRead = opts.nilRead ?? 'value';
  return {
    name,
    deterministic: initial.length === 1,
    init: () => initial,
    step: (state, op) => stepRegister(state, op, nilRead),
    stepOne: (state, op) => stepRegisterOne(state, op, nilRead),
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
    readOnly: (op) => op.f === 'read' || op.f === 'get',
  };
}

const NONE: readonly RegisterValue[] = [];

/** Register steps, also used by kv: read/get, write/put, cas and append. */
export function stepRegister(state: RegisterValue, op: LinOp, nilRead: NilRead): readonly RegisterValue[] {
  const next = stepRegisterOne(state, op, nilRead);
  return next === undefined ? NONE : [next];
}

/** The register's one next state, or undefined when the op cannot happen in `state`. */
function stepRegisterOne(state: RegisterValue, op: LinOp, nilRead: NilRead): RegisterValue | undefined {
  switch (op.f) {
    case 'read':
    case 'get':
      return !op.known || readMatches(state, op.output, nilRead) || (op.f === 'get' && state == null && op.output === '') ? state : undefined;
    case 'write':
    case 'put':
      return op.input;
    case 'append':
      return appended(state, op.input);
    case 'cas': {
      const [expected, next] = op.input as [unknown, unknown];
      // An unknown cas whose compare fails changes nothing, which is the same as never happening;
      // the search already tries "never", so only the swap is a new possibility.
      return sameValue(state, expected) ? next : undefined;
    }
    default:
      return undefined;
  }
}

/** Strings concatenate (as Porcupine's kv does); anything else is appended to a list. */
function appended(state: RegisterValue, suffix: unknown): RegisterValue {
  if (typeof suffix === 'string' && (state == null || typeof state === 'string')) return (state ?? '') + suffix;
  const list = Array.isArray(state) ? state : state == null ? [] : [state];
  return [...list, ...(Array.isArray(suffix) ? suffix : [suffix])];
}

function describeRegisterOp(op: LinOp): string {
  const on = op.key === undefined ? '' : ` ${op.key}`;
  const unknown = op.known ? '' : ' (outcome unknown)';
  switch (op.f) {
    case 'read':
    case 'get':
      return op.known ? `${op.f}${on} → ${showValue(op.output)}` : `${op.f}${on}${unknown}`;
    case 'cas': {
      const [a, b] = isPair(op.input) ? op.input : [op.input, undefined];
      return `cas${on} ${showValue(a)}→${showValue(b)}${unknown}`;
    }
    default:
      return `${op.f}${on} ${showValue(op.input)}${unknown}`;
  }
}

function isPair(v: unknown): v is [unknown, unknown] {
  return Array.isArray(v) && v.length === 2;
}
