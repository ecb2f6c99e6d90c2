/** The monitors' log copy: prefix hashes equal exactly when the prefixes are equal. */
import { describe, expect, it } from 'vitest';
import { digestHash, LogMirror, UNKNOWN_HASH } from './log-mirror.js';

function mirror(...entries: [number, string?][]): LogMirror {
  const m = new LogMirror();
  entries.forEach(([term, digest], k) => m.write(k + 1, term, digestHash(digest)));
  return m;
}

describe('LogMirror', () => {
  it('gives equal prefixes equal hashes and different prefixes different ones', () => {
    const a = mirror([1, 'a'], [2, 'b'], [2, 'c']);
    const b = mirror([1, 'a'], [2, 'b'], [2, 'c']);
    const c = mirror([1, 'a'], [2, 'B'], [2, 'c']);
    expect(a.hashAt(3)).toBe(b.hashAt(3));
    expect(a.hashAt(1)).toBe(c.hashAt(1));
    expect(a.hashAt(2)).not.toBe(c.hashAt(2));
    expect(a.hashAt(3)).not.toBe(c.hashAt(3));
  });

  it('rewriting from an index replaces the tail', () => {
    const m = mirror([1], [1], [1]);
    m.write(2, 3, 0);
    expect([m.lastIndex(), m.termAt(1), m.termAt(2), m.termAt(3)]).toEqual([2, 1, 3, undefined]);
    expect(m.hashAt(2)).toBe(mirror([1], [3]).hashAt(2));
  });

  it('after a snapshot it knows the base and what follows, not what came before', () => {
    const m = mirror([1], [1], [1]);
    m.reset(5, 2, 12345);
    m.write(6, 2, 0);
    expect([m.firstKnown(), m.termAt(4), m.termAt(5), m.termAt(6), m.hashAt(4)]).toEqual([5, undefined, 2, 2, UNKNOWN_HASH]);
  });

  it('an unknown prefix stays unknown', () => {
    const m = new LogMirror();
    m.reset(5, 2, UNKNOWN_HASH);
    m.write(6, 2, 0);
    expect(m.hashAt(6)).toBe(UNKNOWN_HASH);
  });

  it('a gap in what it was told makes the earlier part unknown', () => {
    const m = mirror([1]);
    m.write(4, 2, 0);
    expect([m.termAt(1), m.termAt(4), m.hashAt(4)]).toEqual([undefined, 2, UNKNOWN_HASH]);
  });
});
