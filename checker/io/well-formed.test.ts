import { describe, expect, it } from 'vitest';
import type { Op, OpType, ProcessId } from '../history.js';
import { pairOps } from './pairs.js';
import { assertWellFormed, historyProblems } from './well-formed.js';

/** A history from terse rows: [process, type, f]; index = position, time = 10 × position. */
function history(rows: [ProcessId, OpType, string][]): Op[] {
  return rows.map(([process, type, f], index) => ({ index, process, type, f, value: null, time: index * 10 }));
}

describe('pairing invocations with completions', () => {
  it('joins each invoke with the next event on its process, in invocation order', () => {
    const h = history([
      [0, 'invoke', 'acquire'],
      [1, 'invoke', 'acquire'],
      ['nemesis', 'info', 'partition'],
      [1, 'fail', 'acquire'],
      ['nemesis', 'info', 'partition'],
      [0, 'ok', 'acquire'],
      [2, 'invoke', 'release'],
    ]);
    expect(pairOps(h).map((p) => [p.invoke.index, p.complete?.index ?? null])).toEqual([
      [0, 5],
      [1, 3],
      [2, 4],
      [6, null],
    ]);
  });

  it('refuses a second invoke on a busy process', () => {
    const h = history([
      [3, 'invoke', 'read'],
      [3, 'invoke', 'write'],
    ]);
    expect(() => pairOps(h)).toThrow("history position 1: process 3 invoked 'write' (index 1) while its 'read' (index 0) was still open");
  });

  it('refuses a completion of nothing', () => {
    expect(() => pairOps(history([[4, 'ok', 'read']]))).toThrow(
      "history position 0: the ok of 'read' (index 0) on process 4 completes nothing: the process has no open invocation",
    );
  });
});

describe('well-formed histories', () => {
  it('accept a clean history with an indeterminate op on a retired process', () => {
    const h = history([
      [0, 'invoke', 'cas'],
      [1, 'invoke', 'read'],
      [0, 'info', 'cas'],
      [1, 'ok', 'read'],
      [5, 'invoke', 'read'],
    ]);
    expect(historyProblems(h)).toEqual([]);
    expect(() => assertWellFormed(h)).not.toThrow();
  });

  it('name a process reused after info', () => {
    const h = history([
      [0, 'invoke', 'cas'],
      [0, 'info', 'cas'],
      [0, 'invoke', 'read'],
    ]);
    expect(historyProblems(h).map((p) => p.message)).toEqual([
      "process 0 invoked 'read' (index 2) after its 'cas' ended info (index 1); a process whose op is indeterminate must never be reused",
    ]);
  });

  it('let the nemesis go on after its info-marked faults', () => {
    const h = history([
      ['nemesis', 'info', 'kill'],
      ['nemesis', 'info', 'kill'],
      ['nemesis', 'info', 'start'],
      ['nemesis', 'info', 'start'],
    ]);
    expect(historyProblems(h)).toEqual([]);
  });

  it('name sparse indices once, time going back, and a completion for another function', () => {
    const h = history([
      [0, 'invoke', 'read'],
      [0, 'ok', 'write'],
      [1, 'invoke', 'read'],
      [1, 'ok', 'read'],
    ]);
    h[2]!.time = 5;
    h[2]!.index = 7;
    h[3]!.index = 8;
    expect(historyProblems(h).map((p) => [p.position, p.message])).toEqual([
      [1, "the ok at index 1 is for 'write', but process 0 invoked 'read' (index 0)"],
      [2, 'index 7 at position 2: indices must be dense and in order (expected 2)'],
      [2, 'time goes back at index 7: 5 ns comes after index 1 at 10 ns'],
    ]);
    expect(() => assertWellFormed(h, 'runs/3/history.jsonl')).toThrow(
      "runs/3/history.jsonl position 1: the ok at index 1 is for 'write', but process 0 invoked 'read' (index 0) (and 2 more problems)",
    );
  });
});
