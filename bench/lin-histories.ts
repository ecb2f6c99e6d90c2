/**
 * Jepsen-style histories for the linearizability benchmark, made by simulating a real
 * linearizable object (a register, or a store of registers) with concurrent clients and random
 * latencies, so the ordinary ones are valid. Timeouts end ops in `info`; such an op may still take
 * effect later (its request was only delayed) or never, and its process is never reused.
 *
 * The anomaly variant serves some reads from a lagging replica: the read returns the value the key
 * had `staleNs` earlier, which a linearizable store never does once a newer write has completed.
 */
import seedrandom from 'seedrandom';
import type { Op } from '../checker/history.js';

export interface SimulatedHistoryOptions {
  seed: number | string;
  clients: number;
  /** Operations invoked in total. */
  ops: number;
  /** Keys (1 = a single register without a key). */
  keys: number;
  /** Chance that an op times out and ends in info, outside fault windows. */
  timeoutChance: number;
  /**
   * Fault windows (as fractions of the ops invoked, e.g. [0.4, 0.55]): requests sent in one are
   * held up until the window closes, so most time out, and those that were not lost take effect
   * later, out of order: Jepsen's partitions produce exactly these bursts of info ops.
   */
  faultWindows: readonly (readonly [number, number])[];
  /** Chance that a read is served stale (0 for valid histories). */
  staleReadChance: number;
  /** How far behind a stale read is. */
  staleNs: number;
  /** Values written are drawn from 0..values-1 (Jepsen's cas-register uses 5). */
  values: number;
}

export const CAS_REGISTER_DEFAULTS: SimulatedHistoryOptions = {
  seed: 1,
  clients: 5,
  ops: 80,
  keys: 1,
  timeoutChance: 0.02,
  faultWindows: [[0.45, 0.55]],
  staleReadChance: 0,
  staleNs: 20_000_000,
  values: 5,
};

interface Pending {
  process: number;
  f: 'read' | 'write' | 'cas';
  key: string | undefined;
  value: unknown;
  /** When the op takes effect at the store, or never (null). */
  applyAt: number | null;
  /** When the client hears back: ok/fail at respondAt; info at the timeout when it times out. */
  respondAt: number;
  timedOut: boolean;
  result?: { type: 'ok' | 'fail'; value: unknown };
}

const MS = 1_000_000;
const TIMEOUT = 10 * MS;
const HEAL_NS = 30 * MS;

export function simulatedHistory(partial: Partial<SimulatedHistoryOptions> = {}): Op[] {
  const o = { ...CAS_REGISTER_DEFAULTS, ...partial };
  const rng = seedrandom.alea(`lin-bench:${String(o.seed)}`);
  const exp = (mean: number): number => -Math.log(1 - rng()) * mean;
  const keyName = (k: number): string | undefined => (o.keys === 1 ? undefined : `k${k}`);

  // The store: current value per key, and each key's history of (time, value) for stale reads.
  const values = new Map<string, unknown>();
  const past = new Map<string, { at: number; value: unknown }[]>();
  const valueAt = (key: string, t: number): unknown => {
    const h = past.get(key) ?? [];
    let v: unknown = null;
    for (const e of h) if (e.at <= t) v = e.value;
    return v;
  };

  const history: Op[] = [];
  const emit = (t: number, process: number, type: Op['type'], f: string, value: unknown, key: string | undefined): void => {
    const op: Op = { index: history.length, process, type, f, value, time: Math.round(t) };
    if (key !== undefined) op.key = key;
    history.push(op);
  };

  type Event = { at: number; seq: number; kind: 'invoke' | 'apply' | 'respond'; client: number; op?: Pending };
  const queue: Event[] = [];
  let seq = 0;
  const schedule = (e: Omit<Event, 'seq'>): void => {
    queue.push({ ...e, seq: seq++ });
  };
  const processOf = Array.from({ length: o.clients }, (_, c) => c);
  for (let c = 0; c < o.clients; c++) schedule({ at: exp(0.5 * MS), kind: 'invoke', client: c });
  let invoked = 0;
  // Each fault window heals HEAL_NS after its first request.
  const healAt: (number | undefined)[] = o.faultWindows.map(() => undefined);

  while (queue.length > 0) {
    // Smallest (time, seq) first; queues here are short, so a scan is fine.
    let best = 0;
    for (let i = 1; i < queue.length; i++) {
      const a = queue[i], b = queue[best];
      if (a.at < b.at || (a.at === b.at && a.seq < b.seq)) best = i;
    }
    const e = queue.splice(best, 1)[0];
    if (e.kind === 'invoke') {
      if (invoked >= o.ops) continue;
      invoked++;
      const roll = rng();
      const f = roll < 0.5 ? 'read' : roll < 0.75 ? 'write' : 'cas';
      const k = Math.floor(rng() * o.keys);
      const v = () => Math.floor(rng() * o.values);
      const value = f === 'read' ? null : f === 'write' ? v() : [v(), v()];
      const back = exp(1 * MS);
      const window = o.faultWindows.findIndex(([from, to]) => invoked / o.ops > from && invoked / o.ops <= to);
      let applyAt: number | null;
      let timedOut: boolean;
      if (window >= 0) {
        // The request waits for the heal, or is lost; the client gives up after TIMEOUT.
        healAt[window] ??= e.at + HEAL_NS;
        applyAt = rng() < 0.5 ? null : Math.max(e.at, healAt[window]) + exp(1 * MS);
        timedOut = applyAt === null || applyAt + back - e.at > TIMEOUT;
      } else {
        timedOut = rng() < o.timeoutChance;
        // A timed-out request was lost, or only delayed past the timeout.
        applyAt = !timedOut ? e.at + exp(1 * MS) : rng() < 0.5 ? null : e.at + exp(10 * MS);
      }
      const op: Pending = {
        process: processOf[e.client],
        f,
        key: keyName(k),
        value,
        applyAt,
        respondAt: timedOut ? e.at + TIMEOUT : applyAt! + back,
        timedOut,
      };
      emit(e.at, op.process, 'invoke', f, value, op.key);
      if (op.applyAt !== null) schedule({ at: op.applyAt, kind: 'apply', client: e.client, op });
      schedule({ at: op.respondAt, kind: 'respond', client: e.client, op });
    } else if (e.kind === 'apply') {
      const op = e.op!;
      const key = op.key ?? '';
      const current = values.has(key) ? values.get(key) : null;
      const record = (value: unknown): void => {
        values.set(key, value);
        if (!past.has(key)) past.set(key, []);
        past.get(key)!.push({ at: e.at, value });
      };
      if (op.f === 'read') {
        const stale = rng() < o.staleReadChance;
        op.result = { type: 'ok', value: stale ? valueAt(key, e.at - o.staleNs) : current };
      } else if (op.f === 'write') {
        record(op.value);
        op.result = { type: 'ok', value: op.value };
      } else {
        const [expected, next] = op.value as [number, number];
        if (current === expected) {
          record(next);
          op.result = { type: 'ok', value: op.value };
        } else op.result = { type: 'fail', value: op.value };
      }
    } else {
      const op = e.op!;
      if (op.timedOut) {
        emit(e.at, op.process, 'info', op.f, op.value, op.key);
        processOf[e.client] += o.clients; // Jepsen never reuses a process whose op ended in info
      } else {
        const r = op.result!;
        emit(e.at, op.process, r.type, op.f, r.value, op.key);
      }
      schedule({ at: e.at + exp(0.3 * MS), kind: 'invoke', client: e.client });
    }
  }
  return history;
}
