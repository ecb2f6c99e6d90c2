import { describe, expect, it } from 'vitest';
import { parseShard, shardSeeds } from './shard.js';

describe('shards', () => {
  it('split a range into contiguous blocks that cover it once', () => {
    const blocks = [1, 2, 3, 4].map((i) => shardSeeds({ from: 1, to: 100 }, { index: i, count: 4 }));
    expect(blocks).toEqual([
      { from: 1, to: 25 },
      { from: 26, to: 50 },
      { from: 51, to: 75 },
      { from: 76, to: 100 },
    ]);
    const uneven = [1, 2, 3].map((i) => shardSeeds({ from: 25, to: 28 }, { index: i, count: 3 }));
    expect(uneven).toEqual([{ from: 25, to: 25 }, { from: 26, to: 26 }, { from: 27, to: 28 }]);
  });

  it('leave a shard empty when there are more shards than seeds', () => {
    expect([1, 2, 3].map((i) => shardSeeds({ from: 1, to: 2 }, { index: i, count: 3 }))).toEqual([null, { from: 1, to: 1 }, { from: 2, to: 2 }]);
  });

  it('read GitLab parallel jobs (1-based index and total)', () => {
    expect(parseShard('auto', { CI_NODE_INDEX: '3', CI_NODE_TOTAL: '4' })).toEqual({ index: 3, count: 4 });
  });

  it('read Kubernetes Indexed Jobs (0-based index, the count given with auto/n)', () => {
    expect(parseShard('auto/4', { JOB_COMPLETION_INDEX: '0' })).toEqual({ index: 1, count: 4 });
    expect(parseShard('auto', { JOB_COMPLETION_INDEX: '3', LOCKSTEP_SHARDS: '4' })).toEqual({ index: 4, count: 4 });
    expect(() => parseShard('auto', { JOB_COMPLETION_INDEX: '3' })).toThrow(/shard count/);
    expect(() => parseShard('auto/4', { JOB_COMPLETION_INDEX: '4' })).toThrow(/between 1 and 4/);
  });

  it('read LOCKSTEP_SHARD first (a GitHub Actions matrix can set it)', () => {
    expect(parseShard('auto', { LOCKSTEP_SHARD: '2/4', CI_NODE_INDEX: '1', CI_NODE_TOTAL: '2' })).toEqual({ index: 2, count: 4 });
  });

  it('refuse auto outside CI and malformed shards', () => {
    expect(() => parseShard('auto', {})).toThrow(/none of LOCKSTEP_SHARD/);
    expect(() => parseShard('2of4', {})).toThrow(/must look like 2\/4/);
    expect(() => parseShard('0/4', {})).toThrow(/between 1 and 4/);
  });
});
