/**
 * A long register history with little concurrency, made fast enough for a million ops: `clients`
 * processes take turns in a fixed rotation, each op overlapping the next few, against a real
 * register (a write takes effect at its call, a read returns the value then), so it is
 * linearizable. With `stale` set, one read near the end returns the value before the last write:
 * the history then fails there, and the checker has to prove it.
 */
import type { Op } from '../checker/history.js';

export interface LongHistoryOptions {
  ops: number;
  /** Operations open at once, at most (the processes). */
  clients: number;
  /** Make one read near the end stale, so the history is not linearizable. */
  stale?: boolean;
}

export function longRegisterHistory({ ops, clients, stale = false }: LongHistoryOptions): Op[] {
  const history: Op[] = [];
  let value = 0;
  let previous = 0;
  // Each op is invoked, then the next `clients - 1` ops are invoked before it completes.
  const open: { process: number; f: string; result: number }[] = [];
  // A read (every third op is a write), near the end.
  const staleAt = stale ? Math.floor(ops * 0.9) - (Math.floor(ops * 0.9) % 3) + 1 : -1;
  let time = 0;
  const emit = (process: number, type: Op['type'], f: string, v: unknown): void => {
    history.push({ index: history.length, process, type, f, value: v, time: time++ });
  };
  for (let i = 0; i < ops; i++) {
    if (open.length === clients) {
      const done = open.shift()!;
      emit(done.process, 'ok', done.f, done.result);
    }
    const process = i % clients;
    if (i % 3 === 0) {
      previous = value;
      value = i;
      emit(process, 'invoke', 'write', value);
      open.push({ process, f: 'write', result: value });
    } else {
      emit(process, 'invoke', 'read', null);
      open.push({ process, f: 'read', result: i === staleAt ? previous - 1 : value });
    }
  }
  for (const done of open) emit(done.process, 'ok', done.f, done.result);
  return history;
}
