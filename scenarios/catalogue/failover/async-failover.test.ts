import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ViolationKind } from '../../../checker/history.js';
import type { RunOptions } from '../../scenario.js';
import { asyncFailover } from './async-failover.js';

const file = 'async-failover.json';
const schedule = { text: readFileSync(join(import.meta.dirname, 'schedules', file), 'utf8'), file };

function verdict(options: Omit<RunOptions, 'traceLevel'>): { valid: boolean | 'unknown'; kinds: ViolationKind[]; explanations: string[] } {
  const outcome = asyncFailover.run({ ...options, traceLevel: 'none' });
  return { valid: outcome.valid, kinds: [...new Set(outcome.violations.map((v) => v.kind))].sort(), explanations: outcome.violations.map((v) => v.explanation) };
}

describe('async-failover: a primary acknowledges a lock and dies before replicating it', () => {
  it('unsafe: the promoted replica hands out the lost grant again while its holder still works under it', () => {
    const v = verdict({ seed: 1, design: 'unsafe', schedule });
    expect(v.kinds).toEqual(['FM', 'LW', 'ME-belief', 'ME-effect']);
    // The same token, granted to two clients who both believe they hold L.
    expect(v.explanations).toContainEqual(expect.stringMatching(/^c3 \(token 5\) and c2 \(token 5\) both believed they held L exclusively/));
  });

  it('safe: the Raft lock service under the same schedule is clean', () => {
    for (const seed of [1, 2]) expect(verdict({ seed, design: 'safe', schedule })).toMatchObject({ valid: true, kinds: [] });
  });

  it('the random crash nemesis catches the unsafe store on seeds 35 and 39, with two holders at once and a lost increment', () => {
    for (const seed of [35, 39]) expect(verdict({ seed, design: 'unsafe' }).kinds).toEqual(expect.arrayContaining(['ME-belief', 'LW', 'FM']));
  });

  it('the Raft lock service stays clean under the same random crashes (seeds 1, 35 and 39)', () => {
    for (const seed of [1, 35, 39]) expect(verdict({ seed, design: 'safe' })).toMatchObject({ valid: true, kinds: [] });
  });
});
