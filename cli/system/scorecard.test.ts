/**
 * The sweep's bookkeeping, with seeds answered by a stand-in (no simulation): whatever order the
 * workers answer in, the card names the lowest seed that caught each hazard, and a hazard takes no
 * seed above its first catch once that catch is known.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSystemModule } from './load.js';
import { sweepSystems } from './scorecard.js';
import type { SeedResult, SeedTask } from './seed-run.js';

const module = loadSystemModule(join(import.meta.dirname, 'fixtures', 'simple-lock.ts'));
const hazards = ['wall-clock-jump', 'zk-session-jitter', 'lease-skew', 'fast-get-stale-read'];

/** wall-clock-jump is caught from seed 4 on, lease-skew crashes on seed 6, the rest is clean. */
function verdictOf(task: SeedTask): SeedResult {
  if (task.hazard === 'wall-clock-jump' && task.seed >= 4) return { ...task, verdict: 'caught', kinds: ['ME-belief'], violation: `seed ${task.seed}`, wallMs: 1 };
  if (task.hazard === 'lease-skew' && task.seed === 6) return { ...task, verdict: 'crashed', crash: { process: 'n1', atNs: 2e9, error: 'n1 threw boom' }, wallMs: 1 };
  return { ...task, verdict: task.seed === 2 ? 'unknown' : 'clean', wallMs: 1 };
}

async function sweepWith(parallel: number, delay: (task: SeedTask) => number) {
  const asked: SeedTask[] = [];
  const runSeed = async (task: SeedTask): Promise<SeedResult> => {
    asked.push(task);
    await new Promise((resolve) => setTimeout(resolve, delay(task)));
    return verdictOf(task);
  };
  const card = await sweepSystems(module, { seeds: { from: 1, to: 12 }, hazards, systems: ['wall-lock'], runSeed, parallel });
  return { asked, card: card.systems[0]!.hazards.map(({ wallMs: _w, ...h }) => h) };
}

describe("a user sweep's scorecard", () => {
  it('is the same on one worker and on four answering out of order', async () => {
    const one = await sweepWith(1, () => 0);
    const four = await sweepWith(4, (t) => ((t.seed * 7 + t.hazard.length) % 5) * 2);
    expect(four.card).toEqual(one.card);
    expect(one.card.map((h) => [h.hazard, h.verdict, h.firstSeed, h.seedsRun])).toEqual([
      ['wall-clock-jump', 'caught', 4, 4],
      ['zk-session-jitter', 'unknown', undefined, 12],
      ['lease-skew', 'crashed', 6, 6],
      ['fast-get-stale-read', 'not-applicable', undefined, 0],
    ]);
    expect(one.card[2]).toMatchObject({ error: 'n1 threw boom at t=2.000 s (simulated, in n1)', crash: { process: 'n1' }, unknownSeeds: [2] });
    expect(one.card[0]).toMatchObject({ kinds: ['ME-belief'], repro: expect.stringContaining('--hazard wall-clock-jump --seed 4'), unknownSeeds: [2] });
  });

  it('stops giving a hazard seeds above its first catch', async () => {
    const { asked } = await sweepWith(1, () => 0);
    expect(asked.filter((t) => t.hazard === 'wall-clock-jump').map((t) => t.seed)).toEqual([1, 2, 3, 4]);
    expect(asked.filter((t) => t.hazard === 'zk-session-jitter')).toHaveLength(12);
  });
});
