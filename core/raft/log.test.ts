/** The in-memory log: appends, conflicts, terms, slices, persistence marks and compaction. */
import { describe, expect, it } from 'vitest';
import { RaftLog } from './log.js';
import type { Entry } from './types.js';

const entry = (index: number, term: number, data: unknown = `e${index}`): Entry => ({ index, term, type: 'normal', data });
const entries = (from: number, ...terms: number[]) => terms.map((t, k) => entry(from + k, t));

function logWith(...terms: number[]): RaftLog {
  const log = new RaftLog();
  log.load(null, entries(1, ...terms));
  return log;
}

const terms = (log: RaftLog) => log.slice(log.firstIndex(), log.lastIndex() + 1).map((e) => e.term);

describe('RaftLog', () => {
  it('appends after a matching entry and commits no further than the append reaches', () => {
    const log = logWith(1, 1);
    expect(log.tryAppend(2, 1, 10, entries(3, 2, 2))).toBe(4);
    expect(terms(log)).toEqual([1, 1, 2, 2]);
    expect(log.commit).toBe(4);
    expect(log.tryAppend(4, 2, 10, [])).toBe(4);
  });

  it('refuses an append whose previous entry is missing or of another term', () => {
    const log = logWith(1, 1);
    expect(log.tryAppend(3, 1, 0, entries(4, 1))).toBeNull();
    expect(log.tryAppend(2, 2, 0, entries(3, 2))).toBeNull();
  });

  it('cuts the log only at the first conflicting entry, and marks where it wrote', () => {
    const log = logWith(1, 1, 1, 1);
    log.stableTo(4, 1);
    expect(log.tryAppend(1, 1, 0, [entry(2, 1), entry(3, 3)])).toBe(3);
    expect(terms(log)).toEqual([1, 1, 3]);
    expect(log.writtenFrom).toBe(3);
    expect(log.stable).toBe(2);
    expect(log.unstableEntries().map((e) => e.index)).toEqual([3]);
    expect(log.tryAppend(1, 1, 0, [entry(2, 1)])).toBe(2);
    expect(log.writtenFrom).toBe(0);
    expect(terms(log)).toEqual([1, 1, 3]);
  });

  it('finds where another log could agree, skipping whole terms', () => {
    const log = logWith(1, 2, 2, 2, 5, 5);
    expect(log.findConflictByTerm(6, 4)).toBe(4);
    expect(log.findConflictByTerm(6, 1)).toBe(1);
    expect(log.findConflictByTerm(9, 5)).toBe(6);
    expect(log.findConflictByTerm(6, 0)).toBe(0);
  });

  it('points below a snapshot of a newer term, into the compacted part', () => {
    const log = logWith(1, 2, 3, 3);
    log.appliedTo(3);
    log.compact({ index: 3, term: 3, conf: { voters: [], learners: [] }, data: null });
    expect(log.findConflictByTerm(3, 2)).toBe(2);
    expect(log.term(2)).toBeUndefined();
  });

  it('is up to date when its last term is newer, or equal with a log at least as long', () => {
    const log = logWith(1, 2, 2);
    expect(log.isUpToDate(3, 2)).toBe(true);
    expect(log.isUpToDate(2, 2)).toBe(false);
    expect(log.isUpToDate(1, 3)).toBe(true);
  });

  it('slices at most a count, and at most a byte budget beyond the first entry', () => {
    const log = logWith(1, 1, 1, 1, 1);
    expect(log.slice(2, 6, 2).map((e) => e.index)).toEqual([2, 3]);
    expect(log.slice(1, 6, Infinity, 25, () => 10).map((e) => e.index)).toEqual([1, 2]);
    expect(log.slice(1, 6, Infinity, 5, () => 10).map((e) => e.index)).toEqual([1]);
  });

  it('hands out committed entries after a pending snapshot', () => {
    const log = new RaftLog();
    log.restore({ index: 5, term: 2, conf: { voters: [], learners: [] }, data: null });
    expect(log.tryAppend(5, 2, 7, entries(6, 2, 2))).toBe(7);
    expect(log.nextCommitted(Infinity).map((e) => e.index)).toEqual([6, 7]);
    log.snapshotPersisted(log.pendingSnapshot!);
    expect(log.applied).toBe(5);
  });
});
