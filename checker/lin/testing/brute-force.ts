/**
 * A deliberately naive linearizability checker, for testing the real one: it tries every order
 * of the operations that respects real time (ops with an unknown outcome may be left out), with
 * its own pairing and its own reference semantics, and no partitioning (a kv history is one map).
 * Exponential; meant for histories of about ten operations.
 *
 * Nondeterminism is handled by branching: a step returns every possible next state (a lease may
 * have expired or not; an unknown fencing token may be any value that matters).
 */
import type { Op, ProcessId } from '../../history.js';

/** A TTL lock freed by an expiry (lock-delay may still refuse try-locks). */
const EXPIRED = '(expired)';

export type ReferenceModel = 'register' | 'cas-register' | 'kv' | 'mutex' | 'fenced-mutex' | 'ttl-lock';

interface RefOp {
  invokeIndex: number;
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

/**
 * `optional` names ops (by invoke index) that may not have taken effect: such an op is either
 * placed inside its interval with its result, or dropped, in which case it constrains nothing.
 */
export function bruteForceLinearizable(history: readonly Op[], model: ReferenceModel, optional: ReadonlySet<number> = new Set()): boolean {
  const ops = pair(history);
  if (ops.length > 30) throw new Error('brute force is for small histories');
  const knownMask = ops.reduce((m, o, i) => (o.known && !optional.has(o.invokeIndex) ? m | (1 << i) : m), 0);
  const optionalMask = ops.reduce((m, o, i) => (o.known && optional.has(o.invokeIndex) ? m | (1 << i) : m), 0);
  const failed = new Set<string>();
  const maxToken = Math.max(0, ...ops.filter((o) => o.f === 'acquire' && o.known).map((o) => Number(o.output)));
  const search = (done: number, state: RefState): boolean => {
    if ((done & knownMask) === knownMask) return true;
    const memo = `${done}|${JSON.stringify(state)}`;
    if (failed.has(memo)) return false;
    // Dropping an optional op: it never happened (the bit marks it as decided).
    for (let i = 0; i < ops.length; i++) {
      if (optionalMask & (1 << i) && !(done & (1 << i)) && search(done | (1 << i), state)) return true;
    }
    for (let i = 0; i < ops.length; i++) {
      if (done & (1 << i)) continue;
      const op = ops[i];
      // Real time: every op not yet placed must not have returned before this one was called.
      const blocked = ops.some((p, j) => j !== i && !(done & (1 << j)) && p.ret < op.call);
      if (blocked) continue;
      for (const next of referenceStep(model, state, op, maxToken)) if (search(done | (1 << i), next)) return true;
    }
    failed.add(memo);
    return false;
  };
  const init = model === 'kv' ? {} : model === 'fenced-mutex' ? { holder: null, last: -Infinity } : null;
  return search(0, init);
}

const ILLEGAL = Symbol('illegal');

function referenceStep(model: ReferenceModel, state: RefState, op: RefOp, maxToken: number): RefState[] {
  const me = `p${String(op.process)}`;
  switch (model) {
    case 'mutex':
      if (op.f === 'acquire') return state === null ? [me] : [];
      return state === me ? [null] : [];
    case 'fenced-mutex': {
      const { holder, last } = state as { holder: string | null; last: number };
      if (op.f === 'release') return holder === me ? [{ holder: null, last }] : [];
      if (holder !== null) return [];
      if (op.known) return Number(op.output) > last ? [{ holder: me, last: Number(op.output) }] : [];
      // An unknown token: any integer above the last; above maxToken + 1 they all act alike.
      const options: RefState[] = [];
      for (let t = last === -Infinity ? 0 : last + 1; t <= maxToken + 1; t++) options.push({ holder: me, last: t });
      return options;
    }
    case 'ttl-lock': {
      const owner = (op.input as { owner: string }).owner;
      const result = op.known ? op.output : undefined;
      const out: RefState[] = [];
      // Before the op, a held lease may or may not have expired; an expired one may leave a
      // lock-delay that refuses try-locks for a while.
      for (const holder of state === null || state === EXPIRED ? [state] : [state, EXPIRED]) {
        if (op.f === 'try-lock') {
          const free = holder === null || holder === EXPIRED || holder === owner;
          if (free && result !== 'held-by-other') out.push(owner);
          // Refused: another owner holds it, lock-delay runs, or the owner's refresh is refused.
          if (holder !== null && result !== 'ok') out.push(holder);
        } else {
          if (holder === owner && result !== 'not-held') out.push(null);
          if (holder !== owner && result !== 'ok') out.push(holder);
        }
      }
      return out;
    }
    case 'kv': {
      const map = state as Record<string, unknown>;
      const key = op.key!;
      const after = registerStep(key in map ? map[key] : null, op);
      return after === ILLEGAL ? [] : [{ ...map, [key]: after }];
    }
    default: {
      const after = registerStep(state, op);
      return after === ILLEGAL ? [] : [after];
    }
  }
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
      invokeIndex: start.op.index,
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
    ops.push({ invokeIndex: op.index, f: op.f, process: op.process, key: op.key, input: op.value, output: undefined, known: false, call: pos, ret: Infinity });
  }
  return ops;
}
