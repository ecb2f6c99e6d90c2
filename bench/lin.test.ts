import { describe, expect, it } from 'vitest';
import { checkLinearizable } from '../checker/lin/index.js';
import { runLinBench } from './lin.js';
import { simulatedHistory } from './lin-histories.js';

describe('the benchmark histories', () => {
  it('come from a linearizable register, so the checker finds every one valid', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const h = simulatedHistory({ seed });
      expect(h.filter((e) => e.type === 'invoke')).toHaveLength(80);
      expect(checkLinearizable(h, 'cas-register').valid, `seed ${seed}`).toBe(true);
    }
  });

  it('look like Jepsen runs: about ten info ops, in a burst, on processes never reused', () => {
    const h = simulatedHistory({ seed: 3 });
    const info = h.filter((e) => e.type === 'info');
    expect(info.length).toBeGreaterThanOrEqual(5);
    expect(info.length).toBeLessThanOrEqual(20);
    for (const e of info) expect(h.some((later) => later.index > e.index && later.process === e.process)).toBe(false);
  });

  it('a 10-key store history is valid key by key', () => {
    const h = simulatedHistory({ seed: 'kv-test', clients: 10, ops: 600, keys: 10, faultWindows: [[0.5, 0.52]] });
    const r = checkLinearizable(h, 'kv');
    expect(r.valid).toBe(true);
    expect(r.partitions).toHaveLength(10);
  });

  it('stale reads from a lagging replica are caught in most histories', () => {
    let caught = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const r = checkLinearizable(simulatedHistory({ seed, staleReadChance: 0.05 }), 'cas-register');
      if (r.valid === false) caught++;
    }
    expect(caught).toBeGreaterThan(10);
  });

  it('are a pure function of the seed', () => {
    expect(simulatedHistory({ seed: 9 })).toEqual(simulatedHistory({ seed: 9 }));
    expect(simulatedHistory({ seed: 9 })).not.toEqual(simulatedHistory({ seed: 10 }));
  });

  it('the benchmark runs and reports its figures', async () => {
    const report = await runLinBench({ registerHistories: 3, kvOps: 300, kvHistories: 1 });
    expect(report).toMatch(/cas-register, valid: 3 histories .* ms total/);
    expect(report).toMatch(/kv 10 keys, valid: 1 histories/);
  });
});
