/**
 * A model in a few small functions: `defineModel` fills in what most models share, as Porcupine's
 * defaults do. A model must give its name, its operations, its initial state and its step; state
 * equality and hashing default to structural ones over plain data (so states should be plain
 * values: numbers, strings, arrays, objects, bigints), descriptions default to `f value → result`,
 * and ops carrying a key are checked one key at a time.
 */
import type { Model } from '../model.js';
import type { LinOp, LinPart } from '../operation.js';
import { hashValue, sameValue, showValue } from '../values.js';
import { partsByKey } from './partition.js';

export interface ModelParts<S> {
  name: string;
  /** The operations (`f`) the model knows; any other is refused before the search. */
  fs: readonly string[];
  /** The state the object starts in, or several when it may start in any of them. */
  init: S | AnyOf<S>;
  /**
   * The states after `op` takes effect in `state`: one state, several (`anyOf(...)`), or none
   * (`undefined`) when the op cannot have returned what it returned from that state. An op whose
   * outcome is unknown (`op.known` false) must be allowed every result it could have had.
   */
  step(state: S, op: LinOp): S | undefined | AnyOf<S>;
  /** Set when `step` may return `anyOf(...)` (the search then runs over sets of states). */
  nondeterministic?: boolean;
  equal?(a: S, b: S): boolean;
  hash?(state: S): number;
  describeOp?(op: LinOp): string;
  describeState?(state: S, key: string | null): string;
  /** A further check of an op's shape (the `fs` check is done already); null when fine. */
  reject?(op: LinOp): string | null;
  partition?(ops: readonly LinOp[]): LinPart[];
  readOnly?(op: LinOp): boolean;
}

const NONE: readonly never[] = [];

/** Several possible states, as `init` or a `step` result (any plain value is one state). */
export class AnyOf<S> {
  constructor(readonly states: readonly S[]) {}
}

export function anyOf<S>(states: readonly S[]): AnyOf<S> {
  return new AnyOf(states);
}

export function defineModel<S>(parts: ModelParts<S>): Model<S> {
  const init = parts.init instanceof AnyOf ? parts.init.states : [parts.init];
  return {
    name: parts.name,
    deterministic: parts.nondeterministic !== true && init.length === 1,
    init: () => init,
    step(state, op) {
      const next = parts.step(state, op);
      if (next === undefined) return NONE;
      return next instanceof AnyOf ? next.states : [next];
    },
    equal: parts.equal ?? sameValue,
    hash: parts.hash ?? hashValue,
    describeOp: parts.describeOp ?? describeOpPlainly,
    describeState: parts.describeState ?? ((s, key) => `${key ?? parts.name} = ${showValue(s)}`),
    reject(op) {
      if (!parts.fs.includes(op.f)) return `${parts.name} has no operation "${op.f}" (it knows ${parts.fs.join(', ')})`;
      return parts.reject?.(op) ?? null;
    },
    partition: parts.partition ?? partsByKey,
    readOnly: parts.readOnly ?? (() => false),
  };
}

/** `f key value → result`, or `(outcome unknown)`. */
export function describeOpPlainly(op: LinOp): string {
  const on = op.key === undefined ? '' : ` ${op.key}`;
  const arg = op.input === null || op.input === undefined ? '' : ` ${showValue(op.input)}`;
  const tail = op.known ? (op.output === null || op.output === undefined || sameValue(op.output, op.input) ? '' : ` → ${showValue(op.output)}`) : ' (outcome unknown)';
  return `${op.f}${on}${arg}${tail}`;
}

