import { describe, expect, it } from 'vitest';
import type { FaultInterval, RunRecord, Violation } from '../../checker/history.js';
import { tellStories } from './story.js';

const S = 1_000_000_000;

/** A lost update of `value`: written first at `first` and again at `second`. */
function lostUpdate(value: number, first: number, second: number, clients: [string, string], tokens: [number, number]): Violation {
  return {
    kind: 'LW',
    explanation: `counter = ${value} twice`,
    ops: [],
    at: second,
    detail: { key: 'counter', lock: 'L', value, window: { start: first, end: second }, clients, tokens },
  };
}

function staleWrite(at: number, since: number, stale: [string, number], newer: [string, number]): Violation {
  return {
    kind: 'ME-effect',
    explanation: `${stale[0]} wrote with token ${stale[1]} after ${newer[0]} with ${newer[1]}`,
    ops: [],
    at,
    detail: { lock: 'L', window: { start: since, end: at }, clients: [newer[0], stale[0]], tokens: [newer[1], stale[1]] },
  };
}

describe('stories', () => {
  const record: RunRecord = { history: [] };
  // c3 is paused past its lease, wakes at 7.6s and writes with token 77 after c1's 187 (a stale
  // write that rolls the counter back); every increment after it re-writes a value already written.
  const violations: Violation[] = [
    staleWrite(7.6 * S, 6.7 * S, ['c3', 77], ['c1', 187]),
    lostUpdate(6, 4.7 * S, 7.6 * S, ['c2', 'c3'], [101, 77]),
    lostUpdate(7, 5.3 * S, 8.3 * S, ['c2', 'c1'], [121, 233]),
    lostUpdate(8, 5.6 * S, 8.5 * S, ['c1', 'c1'], [137, 252]),
    // A second stale write, and a lost update whose writes straddle both: the nearer one explains it.
    staleWrite(9.1 * S, 8.7 * S, ['c2', 203], ['c3', 259]),
    lostUpdate(10, 5.9 * S, 12.7 * S, ['c1', 'c1'], [154, 267]),
    // Another lock, at the same time: its own story.
    { kind: 'ME-belief', explanation: 'c4 and c5 both held M', ops: [], at: 8 * S, detail: { lock: 'M', overlap: { start: 7.9 * S, end: 8 * S }, clients: ['c4', 'c5'], tokens: [3, 4] } },
  ];
  const faults: FaultInterval[] = [
    { fault: 'pause', targets: ['n3'], start: 6.9 * S, end: 7.9 * S },
    { fault: 'pause', targets: ['c3'], start: 5.7 * S, end: 7.59 * S },
    { fault: 'pause', targets: ['c2'], start: 1 * S, end: 2 * S },
    { fault: 'pause', targets: ['c2'], start: 12 * S, end: 13 * S },
  ];
  const stories = tellStories(violations, record, faults, 20 * S);

  it('group the lost updates under the stale write they straddle, the nearest one first', () => {
    expect(stories.map((s) => s.members)).toEqual([[0, 1, 2, 3], [4, 5], [6]]);
    expect(stories.map((s) => s.subject)).toEqual(['L', 'L', 'M']);
  });

  it('name the faults under way while the root unfolded, the one on an involved process first', () => {
    const first = stories[0];
    expect(first?.candidates.map((c) => [faults[c.fault]?.targets[0], c.targetsInvolved, c.duringRoot])).toEqual([
      ['c3', true, true],
      ['n3', false, true],
    ]);
    expect(first?.processes).toEqual(['c1', 'c2', 'c3', 'n3']);
  });

  it('leave out the faults that ended before the story began, and rank the rest by nearness to its root', () => {
    const all = stories.flatMap((s) => s.candidates.map((c) => c.fault));
    expect(all).not.toContain(2);
    expect(stories[1]?.candidates.map((c) => c.fault)).toEqual([0, 1, 3]);
  });

  it('keep a violation on its own when nothing earlier explains it', () => {
    const lone = tellStories([violations[6] as Violation], record, [], 20 * S);
    expect(lone).toHaveLength(1);
    expect(lone[0]?.candidates).toEqual([]);
  });
});
