import { describe, expect, it } from 'vitest';
import { checkLinearizable } from './check.js';
import { history } from './testing/history-builder.js';

describe('classic register histories', () => {
  it('a stale read after a completed write is caught and explained', () => {
    const h = history()
      .call(1, 'write', 3) // ops 0,1
      .call(1, 'write', 4) // ops 2,3
      .invoke(2, 'read')
      .ok(2, 3); // ops 4,5
    const r = checkLinearizable(h.ops, 'register');
    expect(r.valid).toBe(false);
    expect(r.violations).toHaveLength(1);
    const v = r.violations[0];
    expect(v.kind).toBe('LIN');
    expect(v.checker).toBe('linearizability');
    expect(v.ops).toEqual([2, 4]);
    expect(v.at).toBe(50);
    expect(v.explanation).toContain('read → 3 (op 4');
    expect(v.explanation).toContain('register = 4 at that point');
    expect(v.explanation).toContain('write 4 (op 2, process 1) completed at t=30 ns, before op 4 began');
    expect(v.detail?.longestPrefix).toEqual([0, 2]);
  });

  it('a read concurrent with a write may see either value', () => {
    const old = history().call(1, 'write', 1).invoke(1, 'write', 2).invoke(2, 'read').ok(2, 1).ok(1);
    const fresh = history().call(1, 'write', 1).invoke(1, 'write', 2).invoke(2, 'read').ok(2, 2).ok(1);
    expect(checkLinearizable(old.ops, 'register').valid).toBe(true);
    expect(checkLinearizable(fresh.ops, 'register').valid).toBe(true);
  });

  it('a read of the initial value is null', () => {
    expect(checkLinearizable(history().invoke(1, 'read').ok(1, null).ops, 'register').valid).toBe(true);
    expect(checkLinearizable(history().invoke(1, 'read').ok(1, 0).ops, 'register').valid).toBe(false);
  });

  it('a lost compare-and-swap: two sequential cas from the same old value cannot both succeed', () => {
    const h = history()
      .call(1, 'write', 0)
      .call(1, 'cas', [0, 1])
      .call(2, 'cas', [0, 2]);
    const r = checkLinearizable(h.ops, 'cas-register');
    expect(r.valid).toBe(false);
    expect(r.violations[0].ops).toEqual([2, 4]);
    expect(r.violations[0].explanation).toContain('cas 0→2 (op 4, process 2)');
    expect(r.violations[0].explanation).toContain('register = 1 at that point');
  });

  it('an info write that may have happened is valid both ways', () => {
    const base = () => history().call(1, 'write', 1).invoke(1, 'write', 2).info(1);
    expect(checkLinearizable(base().invoke(2, 'read').ok(2, 2).ops, 'register').valid).toBe(true);
    expect(checkLinearizable(base().invoke(2, 'read').ok(2, 1).ops, 'register').valid).toBe(true);
    // ...but once it has been seen it cannot be unseen.
    const flicker = base().invoke(2, 'read').ok(2, 2).invoke(2, 'read').ok(2, 1);
    expect(checkLinearizable(flicker.ops, 'register').valid).toBe(false);
  });

  it('an info write may take effect long after it was reported as timed out', () => {
    const h = history().invoke(1, 'write', 7).info(1).call(2, 'read', null, null).call(2, 'read', null, 7);
    expect(checkLinearizable(h.ops, 'register').valid).toBe(true);
  });

  it('a pending invoke with no completion counts as info', () => {
    const h = history().invoke(1, 'write', 5).call(2, 'read', null, 5);
    expect(checkLinearizable(h.ops, 'register').valid).toBe(true);
  });

  it('a concurrent pair of writes may land in either order', () => {
    const h = history().invoke(1, 'write', 1).invoke(2, 'write', 2).ok(1).ok(2);
    expect(checkLinearizable(h.call(3, 'read', null, 1).ops, 'register').valid).toBe(true);
    const h2 = history().invoke(1, 'write', 1).invoke(2, 'write', 2).ok(1).ok(2);
    expect(checkLinearizable(h2.call(3, 'read', null, 2).ops, 'register').valid).toBe(true);
    const h3 = history().invoke(1, 'write', 1).invoke(2, 'write', 2).ok(1).ok(2);
    expect(checkLinearizable(h3.call(3, 'read', null, 2).call(3, 'read', null, 1).ops, 'register').valid).toBe(false);
  });

  it('fail ops are ignored: a failed write never happened', () => {
    const h = history().call(1, 'write', 1).invoke(2, 'write', 9).fail(2).call(3, 'read', null, 1);
    const r = checkLinearizable(h.ops, 'register');
    expect(r.valid).toBe(true);
    expect(r.failedOps).toBe(1);
    const seen = history().call(1, 'write', 1).invoke(2, 'write', 9).fail(2).call(3, 'read', null, 9);
    expect(checkLinearizable(seen.ops, 'register').valid).toBe(false);
  });
});

describe('long histories', () => {
  it('a 20,000-op sequential history with one stale read at the end is found and explained', () => {
    const h = history();
    for (let v = 1; v <= 10_000; v++) h.call(v % 3, 'write', v).call(v % 3, 'read', null, v);
    h.call(7, 'read', null, 9_999);
    const r = checkLinearizable(h.ops, 'register');
    expect(r.valid).toBe(false);
    expect(r.violations[0].ops).toEqual([39_998, 40_000]); // read → 10000, then read → 9999
    expect(r.violations[0].explanation).toContain('register = 10000 at that point');
    expect(r.violations[0].explanation).toContain('orders 20000 of 20001 operations');
    expect(r.violations[0].explanation).toContain('it cannot be ordered even on its own');
  });
});
