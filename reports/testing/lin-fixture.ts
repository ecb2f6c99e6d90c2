/**
 * A Jepsen-style register history (5 processes, reads and writes on one key) whose one stale read
 * makes it non-linearizable, with the violation a linearizability checker would report: the ops
 * that cannot be ordered and the longest linearizable prefix. No beliefs, grants or trace: a
 * history that came from outside lockstep looks like this.
 */
import seedrandom from 'seedrandom';
import type { Op } from '../../checker/history.js';
import type { RunReportInput } from '../types.js';

const US = 1000;

export function makeLinFixture(ops = 80, seed = 1): RunReportInput {
  const rng = seedrandom(`lin-fixture-${seed}`);
  const history: Omit<Op, 'index'>[] = [];
  const next = [0, 1, 2, 3, 4].map((p) => ({ p, t: Math.floor(rng() * 50) * US }));
  let value = 0;
  let lastWriteDone: { value: number; invoke: Omit<Op, 'index'>; ok: Omit<Op, 'index'> } | null = null;
  let stale: { read: Omit<Op, 'index'>; ok: Omit<Op, 'index'>; write: Omit<Op, 'index'> } | null = null;
  for (let n = 0; n < ops; n++) {
    const c = next.reduce((a, b) => (b.t < a.t ? b : a));
    const t = c.t;
    const done = t + (20 + Math.floor(rng() * 200)) * US;
    const write = rng() < 0.4;
    if (write) {
      value += 1;
      const invoke = { process: c.p, type: 'invoke' as const, f: 'write', value, key: 'k1', time: t };
      const ok = { process: c.p, type: 'ok' as const, f: 'write', value, key: 'k1', time: done };
      history.push(invoke, ok);
      lastWriteDone = { value, invoke, ok };
    } else {
      // Past the middle, one read returns the value from before a write that had completed.
      const plant: boolean = stale === null && n > ops / 2 && lastWriteDone !== null && lastWriteDone.ok.time < t;
      const result: number = plant ? value - 1 : value;
      const read = { process: c.p, type: 'invoke' as const, f: 'read', value: null, key: 'k1', time: t };
      const ok: Omit<Op, 'index'> = { process: c.p, type: 'ok', f: 'read', value: result, key: 'k1', time: done };
      history.push(read, ok);
      if (plant && lastWriteDone) stale = { read, ok, write: lastWriteDone.ok };
    }
    c.t = done + Math.floor(rng() * 30) * US;
  }
  const sorted = history.map((op, i) => ({ op, i })).sort((a, b) => a.op.time - b.op.time || a.i - b.i).map((x) => x.op);
  const indexed: Op[] = sorted.map((op, index) => ({ ...op, index }));
  const indexOf = (op: Omit<Op, 'index'>): number => sorted.indexOf(op);
  if (stale === null) throw new Error('lin fixture: no stale read planted; use more ops');
  const readAt = stale.read.time;
  const prefix = indexed.filter((op) => op.type === 'ok' && op.time < readAt).map((op) => op.index);
  const endAt = indexed[indexed.length - 1]?.time ?? 0;
  return {
    result: {
      scenario: 'fast-get-stale-read',
      design: 'unsafe',
      seed,
      valid: false,
      violations: [
        {
          kind: 'LIN',
          explanation: `read of k1 returned ${String(stale.ok.value)} at t=${(stale.ok.time / 1e9).toFixed(6)} s, but every order that respects real time has k1 = ${Number(stale.ok.value) + 1} there, because write ${Number(stale.ok.value) + 1} completed at t=${(stale.write.time / 1e9).toFixed(6)} s, before the read began.`,
          ops: [indexOf(stale.write), indexOf(stale.ok)],
          at: stale.ok.time,
          checker: 'linearizability',
          detail: { key: 'k1', linearizablePrefix: prefix },
        },
      ],
      stats: {},
      traceHash: '00000000deadbeef',
      simTimeNs: endAt,
      wallMs: 12,
      repro: `npx lockstep run fast-get-stale-read --design unsafe --seed ${seed}`,
      params: { servers: 3, clients: 5, reads: 'leader-local' },
      expectation: 'caught',
    },
    record: { history: indexed, endAt },
    trace: [],
  };
}
