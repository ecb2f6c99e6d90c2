import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../sim/random.js';
import { MS, SEC } from '../sim/time.js';
import { randomSchedule } from './generate.js';
import { installSchedule } from './interpret.js';
import type { Schedule } from './schedule.js';
import { minimiseSchedule } from './minimise.js';
import { chatterWorld, testContext, type Chatter } from './testing/probes.js';

const SERVERS = ['n1', 'n2', 'n3'];

/** The run fails when n3 hears nothing from n1 for 300 ms or more before the heal at 3 s. */
function fails(schedule: Schedule): boolean {
  const world = chatterWorld(1, SERVERS);
  installSchedule(world, schedule, testContext(SERVERS));
  world.runUntil(3 * SEC);
  const times = [0, ...world.process<Chatter>('n3')!.heard.filter((h) => h.from === 'n1').map((h) => h.at), 3 * SEC];
  return times.slice(1).some((t, i) => t - (times[i] as number) >= 300 * MS);
}

describe('minimising a failing schedule', () => {
  const { schedule } = randomSchedule(new RandomStreams(1).stream('nemesis:schedule'), {
    servers: SERVERS,
    kinds: ['isolate', 'pause', 'loss', 'clock-jump', 'duplicate', 'partition-halves'],
    endNs: 3 * SEC,
    bounds: { intervalNs: { min: 50 * MS, max: 100 * MS } },
  });

  it('keeps only the faults the failure needs, each narrowed as far as it goes', () => {
    expect(schedule.faults.length).toBeGreaterThan(15);
    expect(fails(schedule)).toBe(true);
    const outcome = minimiseSchedule(schedule, fails);
    expect(outcome.minimal).toBe(true);
    expect(fails(outcome.schedule)).toBe(true);
    expect(outcome.schedule.faults).toHaveLength(1);
    const [fault] = outcome.schedule.faults;
    // No fault can be dropped, and the duration cannot be halved, without the run passing.
    expect(fails({ ...outcome.schedule, faults: [] })).toBe(false);
    if (fault?.duration !== undefined) expect(fails({ ...outcome.schedule, faults: [{ ...fault, duration: Math.floor(fault.duration / 2) }] })).toBe(false);
    expect(minimiseSchedule(schedule, fails)).toEqual(outcome);
  });

  it('stops at its budget and says the result may not be minimal', () => {
    const outcome = minimiseSchedule(schedule, fails, { maxRuns: 3 });
    expect(outcome.runs).toBe(3);
    expect(outcome.minimal).toBe(false);
    expect(outcome.stoppedBy).toBe('runs');
    expect(fails(outcome.schedule)).toBe(true);
  });

  it('stops when the caller\'s clock says so, and names that as the reason', () => {
    let asked = 0;
    const outcome = minimiseSchedule(schedule, fails, { outOfTime: () => ++asked > 2 });
    expect(outcome).toMatchObject({ runs: 2, minimal: false, stoppedBy: 'time' });
  });

  it('finds a failure caused by the last fault before it in a few runs, however long the schedule', () => {
    // A synthetic failure: it needs exactly the fault at 2.9 s, the last before it was seen at 2.95 s.
    const long: Schedule = { faults: Array.from({ length: 300 }, (_, i) => ({ at: (i + 1) * 9 * MS + (i === 299 ? 200 * MS : 0), fault: 'pause', targets: ['n1'], duration: MS })) };
    const needed = long.faults[299]!;
    const steps: string[] = [];
    const outcome = minimiseSchedule(long, (c) => c.faults.some((f) => f.at === needed.at), { failureAtNs: needed.at + 50 * MS, onStep: (s) => steps.push(s) });
    expect(outcome.schedule.faults).toEqual([needed]);
    expect(outcome.minimal).toBe(true);
    expect(outcome.runs).toBeLessThan(10);
    expect(steps.slice(0, 2)).toEqual(['last-faults', 'ddmin']);
  });
});
