import { describe, expect, it } from 'vitest';
import { checkLostUpdates } from './lost-update.js';
import { historyOf, s, write } from './testing/records.js';

const counter = (client: string, token: number, at: number, value: number, accepted = true) =>
  write(client, token, at, { key: 'counter', value, accepted, ...(accepted ? {} : { reason: 'stale-token' }) });

describe('lost updates of the lock-counter workload (LW)', () => {
  it('passes three increments that took turns under the lock', () => {
    const r = checkLostUpdates({
      history: historyOf([
        [0, 'increment', 1, 'ok', 1.5, 1],
        [1, 'increment', 1.2, 'ok', 2.5, 2],
        [2, 'increment', 1.3, 'ok', 3.5, 3],
      ]),
      resourceLog: [counter('c1', 5, 1.4, 1), counter('c2', 6, 2.4, 2), counter('c3', 7, 3.4, 3)],
    });
    expect(r.violations).toEqual([]);
    expect(r.stats.counters).toEqual([{ key: 'counter', finalValue: 3, acknowledged: 3, acceptedWrites: 3, duplicateValues: 0 }]);
  });

  it('does not count a refused zombie write or a failed increment', () => {
    const r = checkLostUpdates({
      history: historyOf([
        [0, 'increment', 1, 'ok', 1.5, 1],
        [1, 'increment', 1.2, 'fail', 2.5, null],
      ]),
      resourceLog: [counter('c1', 5, 1.4, 1), counter('c2', 4, 2.4, 1, false)],
    });
    expect(r.violations).toEqual([]);
  });

  it('catches two holders that wrote the same value (one increment overwrote the other)', () => {
    const r = checkLostUpdates({
      history: historyOf([
        [0, 'increment', 1, 'ok', 3, 1],
        [1, 'increment', 2, 'ok', 2.5, 1],
      ]),
      resourceLog: [counter('c2', 6, 2.4, 1), counter('c1', 5, 2.9, 1)],
    });
    expect(r.violations.map((v) => v.kind)).toEqual(['LW', 'LW']);
    const [dup, short] = r.violations;
    expect(dup!.explanation).toBe(
      'the resource accepted the counter counter = 1 twice: from c2 (token 6) at 2.4s and from c1 (token 5) at 2.9s; both read 0, so one increment overwrote the other.',
    );
    expect(dup!.ops).toEqual([2, 3]);
    expect(dup!.at).toBe(s(2.9));
    expect(short!.explanation).toBe('the counter counter ends at 1, but 2 increments were acknowledged: at least 1 acknowledged increment was lost.');
  });

  it('catches an acknowledged increment whose write never reached the counter', () => {
    const r = checkLostUpdates({
      history: historyOf([
        [0, 'increment', 1, 'ok', 1.5, 1],
        [1, 'increment', 2, 'ok', 2.5, 2],
      ]),
      resourceLog: [counter('c1', 5, 1.4, 1)],
      endAt: s(5),
    });
    expect(r.violations).toHaveLength(1);
    expect(r.violations[0]).toMatchObject({ kind: 'LW', checker: 'lost-update', at: s(5), ops: [1, 3] });
    expect(r.violations[0]!.detail).toMatchObject({ key: 'counter', finalValue: 1, acknowledged: 2, lost: 1 });
  });

  it('keeps counters apart by the key or lock their increments name', () => {
    const r = checkLostUpdates({
      history: historyOf([
        [0, 'increment', 1, 'ok', 1.5, 1, '/ls/a'],
        [1, 'increment', 2, 'ok', 2.5, 1, 'counter-b'],
      ]),
      resourceLog: [
        write('c1', 5, 1.4, { lock: '/ls/a', key: 'counter-a', value: 1 }),
        write('c2', 6, 2.4, { lock: '/ls/b', key: 'counter-b', value: 1 }),
      ],
    });
    expect(r.violations).toEqual([]);
    expect(r.stats.counters.map((c) => [c.key, c.acknowledged])).toEqual([
      ['counter-a', 1],
      ['counter-b', 1],
    ]);
  });

  it('says it was skipped when the run had no counter', () => {
    expect(checkLostUpdates({ history: [] }).skipped).toBe('the run recorded no resource log');
    expect(checkLostUpdates({ history: [], resourceLog: [write('c1', 1, 1, { key: 'x', value: 'hello' })] }).skipped).toBe(
      'no lock-counter workload in this run (no numeric writes, no acknowledged increments)',
    );
  });
});

describe('a write the network delivered twice', () => {
  const history = [
    { index: 0, process: 0, type: 'invoke' as const, f: 'write', value: 1, time: 0, key: 'counter', node: 'c1' },
    { index: 1, process: 0, type: 'ok' as const, f: 'write', value: 1, time: 10, key: 'counter', node: 'c1' },
  ];
  const accepted = (client: string, token: number, time: number) => ({ time, lock: 'L', client, token, accepted: true, key: 'counter', value: 1 });

  it('is not a lost update: same writer, same grant, same value', () => {
    const r = checkLostUpdates({ history, resourceLog: [accepted('c1', 7, 5), accepted('c1', 7, 6)] }, {});
    expect(r.violations).toEqual([]);
  });

  it('but the same value from another writer is one', () => {
    const r = checkLostUpdates({ history, resourceLog: [accepted('c1', 7, 5), accepted('c2', 8, 6)] }, {});
    expect(r.violations.map((v) => v.kind)).toEqual(['LW']);
  });
});
