/** MemoryStorage: the boot image, written in the Ready contract's order. */
import { describe, expect, it } from 'vitest';
import { MemoryStorage } from './storage.js';
import type { Entry } from './types.js';

const e = (index: number, term: number): Entry => ({ index, term, type: 'normal', data: index });
const snap = (index: number) => ({ index, term: 1, conf: { voters: ['n1'], learners: [] }, data: `s${index}` });

describe('MemoryStorage', () => {
  it('writes entries at their indices, discarding the old tail from there on', () => {
    const s = new MemoryStorage();
    s.append([e(1, 1), e(2, 1), e(3, 1)]);
    s.append([e(2, 2)]);
    expect(s.entries().map((x) => `${x.index}:${x.term}`)).toEqual(['1:1', '2:2']);
    expect(s.lastIndex()).toBe(2);
  });

  it('a snapshot from the leader replaces the log; one of its own only trims it', () => {
    const s = new MemoryStorage();
    s.append([e(1, 1), e(2, 1), e(3, 1)]);
    s.compact(snap(2));
    expect(s.entries().map((x) => x.index)).toEqual([3]);
    s.installSnapshot(snap(5));
    expect([s.entries().length, s.lastIndex(), s.snapshot()?.data]).toEqual([0, 5, 's5']);
  });

  it('saves a Ready as snapshot, then entries, then hard state; a clone is independent', () => {
    const s = new MemoryStorage();
    s.save({ snapshot: snap(3), entries: [e(4, 2)], hardState: { term: 2, vote: 'n1', commit: 4 } });
    const copy = s.clone();
    s.append([e(5, 2)]);
    expect(copy.entries().map((x) => x.index)).toEqual([4]);
    expect(copy.hardState()).toEqual({ term: 2, vote: 'n1', commit: 4 });
  });
});
