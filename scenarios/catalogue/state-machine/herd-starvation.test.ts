import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { herdStarvation } from './herd-starvation.js';
import { verdictOf } from './testing/verdicts.js';

const file = 'herd-starvation.json';
const schedule = { text: readFileSync(join(import.meta.dirname, 'schedules', file), 'utf8'), file };

function herdRun(design: string, seed: number, scripted: boolean) {
  const outcome = herdStarvation.run({ seed, design, traceLevel: 'none', ...(scripted ? { schedule } : {}) });
  const stats = outcome.stats as { herd: { wakeUps: number }; validators: { liveness: { worstWaitNs: number } } };
  return { verdict: verdictOf(outcome), wakeUps: stats.herd.wakeUps, worstWaitNs: stats.validators.liveness.worstWaitNs };
}

describe('herd-starvation: readers, writers and no faults', () => {
  it('unsafe: every release wakes every waiter, and a writer waits past the 3 s maximum', () => {
    const { verdict, wakeUps, worstWaitNs } = herdRun('unsafe', 1, true);
    expect(verdict.kinds).toEqual(['LV']);
    expect(verdict.explanations.some((e) => /^c[56]'s acquire of L waited .* longer than the max wait/.test(e))).toBe(true);
    expect(wakeUps).toBeGreaterThan(100);
    expect(worstWaitNs).toBeGreaterThan(3e9);
  });

  it('safe: the FIFO queue wakes no one but the head, and every acquire is served within the maximum', () => {
    const { verdict, wakeUps, worstWaitNs } = herdRun('safe', 1, true);
    expect(verdict).toMatchObject({ valid: true, kinds: [] });
    expect(wakeUps).toBe(0);
    expect(worstWaitNs).toBeLessThan(3e9);
  });

  it('the same holds for seeds 2 and 3 of the workload', () => {
    for (const seed of [2, 3]) {
      expect(herdRun('unsafe', seed, false).verdict.kinds).toEqual(['LV']);
      expect(herdRun('safe', seed, false).verdict).toMatchObject({ valid: true, kinds: [] });
    }
  });
});
