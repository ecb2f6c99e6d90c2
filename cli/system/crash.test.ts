import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findHazard } from '../../scenarios/user/hazards.js';
import { runJudged } from './judged-run.js';
import { loadSystemModule } from './load.js';
import { sweepSystems } from './scorecard.js';

const module = loadSystemModule(join(import.meta.dirname, 'fixtures', 'crashing.ts'));
const hazard = findHazard('zk-session-jitter')!;

describe("a user's system whose own code fails", () => {
  it.each([
    ['async-throws', /n1 threw TypeError: boom in a request handler/],
    ['async-rejects', /n1 left a promise rejected with no handler: RangeError: boom in a background task/],
    ['callback-throws', /n1 threw boom in onMessage/],
    ['callback-rejects', /n1 left a promise rejected with no handler: boom in a callback promise/],
  ])('%s: the run is a crash naming the error, the process and the simulated time', async (name, message) => {
    const run = await runJudged(() => module.instantiate(name), hazard, { seed: 1, traceLevel: 'none' });
    expect(run.crash).not.toBeNull();
    expect(run.crash!.error).toMatch(message);
    expect(run.crash!.process).toBe('n1');
    // The failure happens at 2 s of n1's clock; the clock may be a little off true time.
    expect(run.crash!.atNs / 1e9).toBeGreaterThanOrEqual(1.9);
    expect(run.crash!.atNs / 1e9).toBeLessThan(2.5);
  });

  it('shows on the scorecard as crashed, for that hazard and seed, and the sweep goes on', async () => {
    const card = await sweepSystems(module, { seeds: { from: 4, to: 5 }, hazards: ['zk-session-jitter'], systems: ['async-rejects', 'callback-throws'] });
    for (const system of card.systems) {
      const [score] = system.hazards;
      expect(score).toMatchObject({ verdict: 'crashed', firstSeed: 4, seedsRun: 1, crash: { process: 'n1' } });
      expect(score!.error).toMatch(/boom .* at t=2\.\d{3} s \(simulated, in n1\)/);
      expect(score!.repro).toContain('--hazard zk-session-jitter --seed 4');
    }
  });
});
