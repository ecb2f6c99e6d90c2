import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MS, SEC } from '../sim/time.js';
import { scheduleArbitrary } from './arbitrary.js';
import { maxServersDown } from './crash-bound.js';
import { installSchedule } from './interpret.js';
import { parseSchedule, scheduleToJson, validateSchedule, type Schedule } from './schedule.js';
import { chatterWorld, testContext, type Chatter } from './testing/probes.js';

const SERVERS = ['n1', 'n2', 'n3', 'n4', 'n5'];
const TOPOLOGY = { servers: SERVERS, clients: ['c1', 'c2'], resource: 'store', canAddVoter: true, canRemoveVoter: true };

describe('the schedule arbitrary', () => {
  it('produces only valid schedules, in time order, within the crash bound', () => {
    const arb = scheduleArbitrary({ servers: SERVERS, clients: ['c1', 'c2'], resource: 'store', endNs: 30 * SEC, membership: true });
    fc.assert(
      fc.property(arb, (schedule) => {
        expect(validateSchedule(schedule, { file: 'arbitrary', topology: TOPOLOGY })).toEqual(schedule);
        expect(parseSchedule(scheduleToJson(schedule), 'arbitrary.json', TOPOLOGY)).toEqual(schedule);
        expect(schedule.healAt).toBe(30 * SEC);
        expect(schedule.faults.map((f) => f.at)).toEqual(schedule.faults.map((f) => f.at).sort((a, b) => a - b));
        expect(maxServersDown(schedule, SERVERS)).toBeLessThanOrEqual(2);
      }),
      { numRuns: 300 },
    );
  });

  it('shrinks a failing schedule to the one fault that breaks the property', () => {
    // The property: n3 never goes 200 ms without a greeting from n1 before the heal at 1 s.
    const servers = ['n1', 'n2', 'n3'];
    const longestSilence = (schedule: Schedule): number => {
      const world = chatterWorld(1, servers);
      installSchedule(world, schedule, testContext(servers));
      world.runUntil(1 * SEC);
      const times = [0, ...world.process<Chatter>('n3')!.heard.filter((h) => h.from === 'n1').map((h) => h.at), 1 * SEC];
      return Math.max(...times.slice(1).map((t, i) => t - (times[i] as number)));
    };
    const arb = scheduleArbitrary({
      servers,
      kinds: ['isolate', 'loss', 'delay', 'clock-jump', 'pause', 'duplicate'],
      endNs: 1 * SEC,
      maxFaults: 8,
      bounds: { durationNs: { min: 0, max: 800 * MS }, pauseNs: { min: 0, max: 800 * MS }, delayMeanNs: { min: 0, max: 100 * MS } },
    });
    const result = fc.check(
      fc.property(arb, (s) => longestSilence(s) < 200 * MS),
      { seed: 7, numRuns: 300 },
    );
    expect(result.failed).toBe(true);
    const [minimal] = result.counterexample as [Schedule];
    expect(minimal.faults).toHaveLength(1);
    expect(['isolate', 'loss', 'pause', 'delay']).toContain(minimal.faults[0]?.fault);
    expect(longestSilence(minimal)).toBeGreaterThanOrEqual(200 * MS);
  });
});
