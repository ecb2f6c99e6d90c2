/**
 * A seed's schedule, saved as `run --save-schedule` saves it, replays the seed's run: the same
 * trace and the same violation. The lease hazards draw standing clock offsets from the seed, which
 * a saved schedule keeps (only a story's `"clocks": "zero"` starts every clock at true time).
 */
import { describe, expect, it } from 'vitest';
import { getScenario } from '../scenarios/registry.js';
import { savedScheduleText } from './schedule-file.js';

function replayOfSaved(scenarioName: string, seed: number) {
  const scenario = getScenario(scenarioName);
  const original = scenario.run({ seed, design: 'unsafe', traceLevel: 'none' });
  const text = savedScheduleText(original.schedule!, { scenario: scenarioName, design: 'unsafe', seed, file: 'saved.json' });
  const replay = scenario.run({ seed, design: 'unsafe', traceLevel: 'none', schedule: { text, file: 'saved.json' } });
  const zeroed = scenario.run({ seed, design: 'unsafe', traceLevel: 'none', schedule: { text: text.replace('\n  "faults"', '\n  "clocks": "zero",\n  "faults"'), file: 'zeroed.json' } });
  return { original, replay, zeroed };
}

describe('a saved schedule replays its seed, standing clock offsets included', () => {
  for (const [name, seed] of [['failover-lease-reset', 2], ['client-stamped-expiry', 1]] as const) {
    it(`${name} unsafe seed ${seed}: the saved schedule replays to the same trace and violation kinds`, () => {
      const { original, replay, zeroed } = replayOfSaved(name, seed);
      expect(original.valid).toBe(false);
      const kinds = (o: typeof original): string[] => [...new Set(o.violations.map((v) => v.kind))].sort();
      expect(kinds(replay)).toEqual(kinds(original));
      expect(replay.traceHash).toBe(original.traceHash);
      // "clocks": "zero" is a different world: every clock starts at true time.
      expect(zeroed.traceHash).not.toBe(original.traceHash);
    });
  }
});

describe('the clocks field of a schedule file', () => {
  it('round-trips through the canonical text and refuses anything but seed or zero', async () => {
    const { parseSchedule, scheduleToJson } = await import('../nemesis/schedule.js');
    const text = scheduleToJson({ healAt: 5, clocks: 'zero', faults: [] });
    expect(parseSchedule(text, 's.json')).toEqual({ healAt: 5, clocks: 'zero', faults: [] });
    expect(() => parseSchedule('{"clocks": "ntp", "faults": []}', 's.json')).toThrow('s.json line 1: clocks: must be one of seed | zero, got "ntp"');
  });
});
