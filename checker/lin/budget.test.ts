import { describe, expect, it } from 'vitest';
import type { Op } from '../history.js';
import { checkLinearizable } from './check.js';
import { LinInputError } from './pairing.js';
import { history } from './testing/history-builder.js';

/**
 * A register history that is hard to refute: many concurrent writes whose outcome is unknown
 * (each may land anywhere after its call, or never), then a read of a value nobody wrote.
 */
function hardHistory(writers = 18): Op[] {
  const h = history();
  for (let p = 0; p < writers; p++) h.invoke(p, 'write', p % 4).info(p);
  for (let p = 0; p < writers; p++) h.call(100, 'read', null, p % 4);
  return h.call(100, 'read', null, 99).ops;
}

describe('the budget ends a check with "unknown", never a hang', () => {
  it('stops after maxSteps', () => {
    const r = checkLinearizable(hardHistory(), 'register', { maxSteps: 5_000 });
    expect(r.valid).toBe('unknown');
    expect(r.partitions[0].exhausted).toBe('steps');
    expect(r.violations).toEqual([]);
  });

  it('stops when the cache reaches maxConfigurations', () => {
    const r = checkLinearizable(hardHistory(), 'register', { maxConfigurations: 500 });
    expect(r.valid).toBe('unknown');
    expect(r.partitions[0].exhausted).toBe('configurations');
  });

  it('stops when the cache would outgrow maxCacheBytes', () => {
    const r = checkLinearizable(hardHistory(), 'register', { maxCacheBytes: 64 * 1024 });
    expect(r.valid).toBe('unknown');
    expect(r.partitions[0].exhausted).toBe('memory');
  });

  it('stops at the time limit of the clock it is given', () => {
    let t = 0;
    const now = () => (t += 0.01); // a clock that advances 10 µs each time it is read
    const r = checkLinearizable(hardHistory(), 'register', { timeLimitMs: 1, now });
    expect(r.valid).toBe('unknown');
    expect(r.partitions[0].exhausted).toBe('time');
  });

  it('refuses a time limit without a clock, since the checker has none of its own', () => {
    expect(() => checkLinearizable(hardHistory(4), 'register', { timeLimitMs: 100 })).toThrow(/needs a clock/);
  });

  it('the same history with enough budget is decided', () => {
    expect(checkLinearizable(hardHistory(6), 'register').valid).toBe(false);
  });

  it('one part failing makes the whole invalid even when another part is unknown', () => {
    const h = history();
    for (let p = 0; p < 14; p++) h.invoke(p, 'write', p % 3, 'hard').info(p);
    h.call(50, 'read', null, 9, 'hard').call(60, 'write', 1, 1, 'easy').call(60, 'read', null, 2, 'easy');
    const r = checkLinearizable(h.ops, 'kv', { maxSteps: 2_000 });
    expect(r.partitions.map((p) => [p.key, p.valid])).toEqual([
      ['hard', 'unknown'],
      ['easy', false],
    ]);
    expect(r.valid).toBe(false);
  });

  it('stopAtFirstViolation skips the parts after the first failure', () => {
    const h = history().call(1, 'write', 1, 1, 'a').call(1, 'read', null, 2, 'a').call(2, 'read', null, null, 'b');
    const r = checkLinearizable(h.ops, 'kv', { stopAtFirstViolation: true });
    expect(r.partitions.map((p) => [p.key, p.valid, p.exhausted])).toEqual([
      ['a', false, undefined],
      ['b', 'unknown', 'skipped'],
    ]);
  });
});

describe('malformed input is refused with a reason', () => {
  it('a completion with no invoke', () => {
    const ops: Op[] = [{ index: 0, process: 1, type: 'ok', f: 'read', value: 1, time: 0 }];
    expect(() => checkLinearizable(ops, 'register')).toThrow(LinInputError);
  });

  it('an operation the model does not know', () => {
    const h = history().call(1, 'cas', [1, 2]);
    expect(() => checkLinearizable(h.ops, 'register')).toThrow(/register has no operation "cas"/);
  });

  it('an unknown model name', () => {
    expect(() => checkLinearizable([], 'queue' as never)).toThrow(/unknown model "queue"/);
  });

  it('an empty history is linearizable', () => {
    expect(checkLinearizable([], 'kv')).toMatchObject({ valid: true, partitions: [], violations: [] });
  });

  it('nemesis events are not operations', () => {
    const h = history().invoke('nemesis', 'start-partition').info('nemesis').call(1, 'write', 1).call(1, 'read', null, 1);
    expect(checkLinearizable(h.ops, 'register').valid).toBe(true);
  });
});
