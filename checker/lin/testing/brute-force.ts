/**
 * A deliberately naive linearizability checker, for testing the real one: it tries every order
 * of the operations that respects real time (ops with an unknown outcome may be left out), with
 * its own pairing and its own reference semantics, and no partitioning (a kv history is one map).
 * Exponential; meant for histories of about ten operations.
 */
import type { Op, ProcessId } from '../../history.js';

export type ReferenceModel = 'register' | 'cas-register' | 'kv' | 'mutex';

interface RefOp {
  f: string;
  process: ProcessId;
  key: string | undefined;
  input: unknown;
  output: unknown;
  known: boolean;
  call: number;
  ret: number;
}

type RefState = unknown;

export function bruteForceLinearizable(history: readonly Op[], model: ReferenceModel): boolean {
  const ops = pair(history);
  if (ops.length > 30) throw new Error('brute force is for small histories');
  const knownMask = ops.reduce((m, o, i) => (o.known ? m | (1 << i) : m), 0);
  const failed = new Set<string>();
  const search = (done: number, state: RefState): boolean => {
    if ((done & knownMask) === knownMask) return true;
    const memo = `${done}|${JSON.stringify(state)}`;
    if (failed.has(memo)) return false;
    for (let i = 0; i < ops.length; i++) {
      if (done & (1 << i)) continue;
      const op = ops[i];
      // Real time: every op not yet placed must not have returned before this one was called.
      const blocked = ops.some((p, j) => j !== i && !(done & (1 << j)) && p.ret < op.call);
      if (blocked) continue;
      const next = referenceStep(model, state, op);
      if (next !== ILLEGAL && search(done | (1 << i), next)) return true;
    }
    failed.add(memo);
    return false;
  };
  return search(0, model === 'kv' ? {} : null);
}

const ILLEGAL = Symbol('illegal');

function referenceStep(model: ReferenceModel, state: RefState, op: RefOp): RefState | typeof ILLEGAL {
  if (model === 'mutex') {
    const me = `p${String(op.process)}`;
    if (op.f === 'acquire') return state === null ? me : ILLEGAL;
    return state === me ? null : ILLEGAL;
  }
  if (model === 'kv') {
    const map = state as Record<string, unknown>;
    const key = op.key!;
    const current = key in map ? map[key] : null;
    const after = registerStep(current, op);
    return after === ILLEGAL ? ILLEGAL : { ...map, [key]: after };
  }
  return registerStep(state, op);
}

function registerStep(value: unknown, op: RefOp): unknown {
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  switch (op.f) {
    case 'read':
      return !op.known || same(value, op.output) ? value : ILLEGAL;
    case 'write':
      return op.input;
    case 'cas': {
      const [expected, next] = op.input as [unknown, unknown];
      if (same(value, expected)) return next;
      return op.known ? ILLEGAL : value; // an unknown cas may have failed its compare
    }
    default:
      throw new Error(`brute force knows no ${op.f}`);
  }
}

function pair(history: readonly Op[]): RefOp[] {
  const open = new Map<ProcessId, { op: Op; pos: number }>();
  const ops: RefOp[] = [];
  history.forEach((e, pos) => {
    if (e.type === 'invoke') {
      open.set(e.process, { op: e, pos });
      return;
    }
    const start = open.get(e.process)!;
    open.delete(e.process);
    if (e.type === 'fail') return;
    const known = e.type === 'ok';
    ops.push({
      f: start.op.f,
      process: e.process,
      key: start.op.key,
      input: start.op.value,
      output: known ? e.value : undefined,
      known,
      call: start.pos,
      ret: known ? pos : Infinity,
    });
  });
  for (const { op, pos } of open.values()) {
    ops.push({ f: op.f, process: op.process, key: op.key, input: op.value, output: undefined, known: false, call: pos, ret: Infinity });
  }
  return ops;
}
