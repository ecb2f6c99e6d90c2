/**
 * The field rules of an `Op` as plain data, shared by the JSONL reader and by both writers: a
 * history is only written if it can be read back unchanged.
 */
import type { Op, OpType, ProcessId } from '../history.js';
import { shown } from './errors.js';
import { Keyword } from '../lin/values.js';

export const OP_TYPES: readonly OpType[] = ['invoke', 'ok', 'fail', 'info'];

/** The fields of an `Op`, in the order the JSONL writer puts them. */
export const OP_FIELDS = [
  'index',
  'process',
  'type',
  'f',
  'value',
  'time',
  'key',
  'node',
  'error',
  'localMonoNs',
  'localWallNs',
] as const;

const FIELD_NAMES: ReadonlySet<string> = new Set(OP_FIELDS);

/** Reports a bad field (or a bad whole op, when `field` is undefined); never returns. */
export type FieldFault = (field: string | undefined, reason: string) => never;

export function isOpType(x: unknown): x is OpType {
  return typeof x === 'string' && (OP_TYPES as readonly string[]).includes(x);
}

/**
 * Reads an operation from a plain object (a parsed JSON line, or an `Op` about to be written),
 * checking every field. A field set to `undefined` counts as absent; an absent `value` is null, as
 * in Jepsen, where reads invoke with nil.
 */
export function opFromPlainObject(raw: unknown, fault: FieldFault, timeOptional = false): Op {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    fault(undefined, `must be a JSON object, got ${shown(raw)}`);
  }
  const obj = raw as Record<string, unknown>;
  for (const name in obj) {
    if (!FIELD_NAMES.has(name) && Object.hasOwn(obj, name) && obj[name] !== undefined) {
      fault(name, `is not a field of an operation (the fields are ${OP_FIELDS.join(', ')})`);
    }
  }
  // Plain checks, no closures: a long history reads a million operations through here.
  const index = obj['index'];
  if (!isNaturalNumber(index)) bad(fault, obj, 'index', 'a non-negative integer');
  const process = obj['process'];
  if (!isProcessId(process)) bad(fault, obj, 'process', 'a non-negative integer or "nemesis"');
  const type = obj['type'];
  if (!isOpType(type)) bad(fault, obj, 'type', `one of ${OP_TYPES.join('|')}`);
  const f = obj['f'];
  if (typeof f !== 'string' || f.length === 0) bad(fault, obj, 'f', 'a non-empty string');
  const time = obj['time'];
  if (time === undefined ? !timeOptional : typeof time !== 'number' || !Number.isFinite(time) || time < 0) bad(fault, obj, 'time', 'a non-negative number of nanoseconds');
  const value = obj['value'] === undefined ? null : obj['value'];
  const problem = jsonDataProblem(value, 'value');
  if (problem !== null) fault('value', `must be JSON data: ${problem}`);

  const op: Op = {
    index: index as number,
    process: process as ProcessId,
    type: type as OpType,
    f: f as string,
    value,
    time: time as number,
  };
  for (const name of ['key', 'node', 'error'] as const) {
    const x = obj[name];
    if (x === undefined) continue;
    if (typeof x !== 'string') bad(fault, obj, name, 'a string');
    op[name] = x as string;
  }
  for (const name of ['localMonoNs', 'localWallNs'] as const) {
    const x = obj[name];
    if (x === undefined) continue;
    if (typeof x !== 'number' || !Number.isFinite(x)) bad(fault, obj, name, 'a finite number of nanoseconds');
    op[name] = x as number;
  }
  return op;
}

/** Reports a missing field, or one that breaks its rule; never returns. */
function bad(fault: FieldFault, obj: Record<string, unknown>, name: string, rule: string): never {
  if (obj[name] === undefined) return fault(name, 'is missing');
  return fault(name, `must be ${rule}, got ${shown(obj[name])}`);
}

export function isNaturalNumber(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
}

export function isProcessId(x: unknown): x is ProcessId {
  return x === 'nemesis' || isNaturalNumber(x);
}

/**
 * Why `value` would not survive a trip through JSON unchanged (a non-finite number, undefined in
 * an array, a class instance, ...), naming the path to the culprit; null when it would.
 */
export function jsonDataProblem(value: unknown, path: string): string | null {
  if (value === null || typeof value === 'string' || typeof value === 'boolean' || typeof value === 'bigint' || value instanceof Keyword) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : `${path} is ${String(value)}`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const p = jsonDataProblem(value[i], `${path}[${i}]`);
      if (p !== null) return p;
    }
    return null;
  }
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return `${path} is not a plain object`;
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) return `${path}.${k} is undefined`;
      const p = jsonDataProblem(v, `${path}.${k}`);
      if (p !== null) return p;
    }
    return null;
  }
  return `${path} is ${value === undefined ? 'undefined' : `a ${typeof value}`}`;
}
