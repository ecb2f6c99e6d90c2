/**
 * Small random histories for property tests, made by running a real (linearizable) object with
 * concurrent clients: each op takes effect at a chosen moment between its invoke and completion,
 * timed-out ops (`info`) may still take effect later or never, and with some probability a
 * completion reports a wrong result, which usually (not always) makes the history invalid.
 *
 * All choices come from `choose(n)`, so a fast-check array of numbers drives (and shrinks) it.
 */
import type { Op, ProcessId } from '../../history.js';
import type { ReferenceModel } from './brute-force.js';

export interface RandomHistoryOptions {
  model: ReferenceModel;
  /** Number of operations invoked. */
  ops: number;
  processes: number;
  /** Chance in percent that an ok completion reports something other than what happened. */
  corruptPercent: number;
  /** Chance in percent that an op ends in info (or stays pending). */
  infoPercent: number;
}

type Choose = (n: number) => number;

interface Running {
  process: ProcessId;
  f: string;
  key: string | undefined;
  input: unknown;
  /** Set once the op took effect: what it returned. */
  effect: { output: unknown } | null;
  /** The op found it could not succeed (a cas whose compare failed, an acquire on a held lock). */
  refused: boolean;
}

/** A choice function reading from a list of numbers, then zeros. */
export function chooserFrom(numbers: readonly number[]): Choose {
  let i = 0;
  return (n) => (n <= 1 ? 0 : (numbers[i++] ?? 0) % n);
}

export function randomHistory(choose: Choose, opts: RandomHistoryOptions): Op[] {
  const history: Op[] = [];
  const emit = (process: ProcessId, type: Op['type'], f: string, value: unknown, key: string | undefined): void => {
    const op: Op = { index: history.length, process, type, f, value, time: history.length * 10 };
    if (key !== undefined) op.key = key;
    history.push(op);
  };
  const world = new RealObject(opts.model);
  let nextProcess = 0;
  const idle: ProcessId[] = [];
  for (let p = 0; p < opts.processes; p++) idle.push(nextProcess++);
  const running: Running[] = [];
  /** Ops whose client gave up (info, or never completed) but which may still take effect. */
  const floating: Running[] = [];
  let invoked = 0;

  for (let guard = 0; guard < 20 * opts.ops + 50; guard++) {
    const canInvoke = invoked < opts.ops && idle.length > 0;
    const effectable = [...running, ...floating].filter((r) => r.effect === null && !r.refused);
    if (!canInvoke && running.length === 0) break;
    const action = choose(3);
    if (action === 0 && canInvoke) {
      const process = idle.splice(choose(idle.length), 1)[0];
      const r = world.newOp(process, choose);
      running.push(r);
      invoked++;
      emit(process, 'invoke', r.f, r.input, r.key);
    } else if (action === 1 && effectable.length > 0) {
      world.takeEffect(effectable[choose(effectable.length)]);
      if (choose(4) === 0) world.expire();
    } else if (running.length > 0) {
      const r = running.splice(choose(running.length), 1)[0];
      if (choose(100) < opts.infoPercent) {
        if (choose(4) > 0) emit(r.process, 'info', r.f, r.input, r.key);
        floating.push(r);
        idle.push(nextProcess++); // Jepsen never reuses a process whose op ended in info
        continue;
      }
      if (r.effect === null && !r.refused) world.takeEffect(r);
      const corrupt = choose(100) < opts.corruptPercent;
      if (r.refused && !corrupt) emit(r.process, 'fail', r.f, r.input, r.key);
      else emit(r.process, 'ok', r.f, corrupt ? world.wrongResult(r, choose) : r.effect!.output, r.key);
      idle.push(r.process);
    }
  }
  return history;
}

/** The object the clients really talk to: a linearizable register, store, or lock. */
class RealObject {
  private readonly values = new Map<string, unknown>();
  private holder: ProcessId | null = null;
  private lastToken = 0;

  constructor(private readonly model: ReferenceModel) {}

  /** A lease lock's lease runs out (the simulation calls this at random moments). */
  expire(): void {
    if (this.model === 'ttl-lock') this.holder = null;
  }

  newOp(process: ProcessId, choose: Choose): Running {
    const key = this.model === 'kv' ? `k${choose(2)}` : undefined;
    const base = { process, key, effect: null, refused: false };
    if (this.model === 'mutex' || this.model === 'fenced-mutex') return { ...base, f: choose(2) === 0 ? 'acquire' : 'release', input: null };
    if (this.model === 'ttl-lock') return { ...base, f: choose(2) === 0 ? 'try-lock' : 'unlock', input: { owner: `c${String(process)}` } };
    const fs = this.model === 'register' ? ['read', 'write'] : ['read', 'write', 'cas'];
    const f = fs[choose(fs.length)];
    const input = f === 'read' ? null : f === 'write' ? choose(3) : [choose(3), choose(3)];
    return { ...base, f, input };
  }

  takeEffect(r: Running): void {
    if (this.model === 'ttl-lock') {
      // Every lease op takes effect and reports what it found.
      if (r.f === 'try-lock') {
        const free = this.holder === null || this.holder === r.process;
        if (free) this.holder = r.process;
        r.effect = { output: free ? 'ok' : 'held-by-other' };
      } else {
        const mine = this.holder === r.process;
        if (mine) this.holder = null;
        r.effect = { output: mine ? 'ok' : 'not-held' };
      }
      return;
    }
    if (this.model === 'mutex' || this.model === 'fenced-mutex') {
      const mine = r.f === 'acquire' ? this.holder === null : this.holder === r.process;
      if (!mine) {
        r.refused = true;
        return;
      }
      this.holder = r.f === 'acquire' ? r.process : null;
      if (this.model === 'fenced-mutex' && r.f === 'acquire') {
        this.lastToken += 1 + (this.lastToken % 2); // tokens skip now and then, as log indices do
        r.effect = { output: this.lastToken };
      } else r.effect = { output: null };
      return;
    }
    const key = r.key ?? '';
    const current = this.values.has(key) ? this.values.get(key) : null;
    if (r.f === 'read') r.effect = { output: current };
    else if (r.f === 'write') {
      this.values.set(key, r.input);
      r.effect = { output: r.input };
    } else {
      const [expected, next] = r.input as [unknown, unknown];
      if (current !== expected) {
        r.refused = true;
        return;
      }
      this.values.set(key, next);
      r.effect = { output: r.input };
    }
  }

  /** A result other than the truth: a wrong read, or success for an op that did not succeed. */
  wrongResult(r: Running, choose: Choose): unknown {
    if (r.f === 'read') return choose(4) === 0 ? null : choose(3);
    if (this.model === 'fenced-mutex' && r.f === 'acquire') return Math.max(1, this.lastToken - choose(3));
    if (this.model === 'ttl-lock') {
      const other = r.f === 'try-lock' ? ['ok', 'held-by-other'] : ['ok', 'not-held'];
      return other.find((x) => x !== r.effect?.output) ?? other[choose(2)];
    }
    return r.effect?.output ?? r.input;
  }
}
