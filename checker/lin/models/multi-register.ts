/**
 * Knossos's multi-register: registers named by key, read and written together in transactions.
 * Every op is `txn` with a list of micro-ops `[:r k v]` / `[:w k v]` (on invoke a read's value is
 * usually nil; the completion carries what it read). A transaction takes effect at once. The
 * registers start at nil unless `initial` gives a map of starting values.
 */
import type { LinOp } from '../operation.js';
import { named, showValue } from '../values.js';
import { defineModel } from './define.js';
import { onePart } from './partition.js';
import { readMatches, type NilRead } from './values-read.js';

export type Registers = Readonly<Record<string, unknown>>;

export interface MultiRegisterOptions {
  initial?: Registers;
  nilRead?: NilRead;
}

type Micro = [string, unknown, unknown];

export function multiRegisterModel(opts: MultiRegisterOptions = {}) {
  const nilRead = opts.nilRead ?? 'any';
  return defineModel<Registers>({
    name: 'multi-register',
    fs: ['txn'],
    init: opts.initial ?? {},
    step(regs, op) {
      const micros = microsOf(op.known ? op.output : op.input)!;
      let next: Record<string, unknown> | null = null;
      for (const [f, k, v] of micros) {
        const key = String(named(k));
        const current: Registers = next ?? regs;
        if (isRead(f)) {
          if (op.known && !readMatches(current[key] ?? null, v, nilRead)) return undefined;
        } else {
          next = { ...current, [key]: v };
        }
      }
      return next ?? regs;
    },
    describeOp: (op) => `txn ${showValue(op.known ? op.output : op.input)}${op.known ? '' : ' (outcome unknown)'}`,
    describeState: (regs) => (Object.keys(regs).length === 0 ? 'every register nil' : `registers ${showValue(regs)}`),
    reject(op) {
      const micros = microsOf(op.input);
      if (micros === null) return `txn op ${op.invokeIndex} needs a list of [:r k v] / [:w k v], got ${showValue(op.input)}`;
      if (op.known && microsOf(op.output)?.length !== micros.length) return `txn op ${op.invokeIndex} completed with ${showValue(op.output)}, not the same micro-ops with their results`;
      return null;
    },
    partition: onePart,
    readOnly: (op) => microsOf(op.input)?.every(([f]) => isRead(f)) ?? false,
  });
}

function microsOf(v: unknown): Micro[] | null {
  if (!Array.isArray(v)) return null;
  for (const m of v) {
    const [f, k] = [named(m?.[0]), named(m?.[1])];
    if (!Array.isArray(m) || m.length !== 3 || (f !== 'r' && f !== 'w' && f !== 'read' && f !== 'write') || (typeof k !== 'string' && typeof k !== 'number')) return null;
  }
  return v as Micro[];
}

/** A read micro-op: `:r`, or `:read` as Knossos's multi-register test data writes it. */
function isRead(f: unknown): boolean {
  const name = named(f);
  return name === 'r' || name === 'read';
}
