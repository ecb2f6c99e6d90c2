import { describe, expect, it } from 'vitest';
import { ProcessClock } from './clock.js';
import { MS, SEC } from './time.js';

describe('a process clock dated from outside', () => {
  it('tells the true time at which its monotonic clock read a past value, across changes of rate', () => {
    const clock = new ProcessClock({ monoOriginNs: 5 * SEC, driftPpm: 50_000 });
    const readings: [number, number][] = [];
    const read = (t: number) => readings.push([t, clock.mono(t)]);
    read(0);
    read(700 * MS);
    clock.setDrift(2 * SEC, -100_000);
    read(2 * SEC);
    read(3100 * MS);
    clock.setDrift(4 * SEC, 0);
    read(6 * SEC);
    for (const [t, local] of readings) expect(Math.abs(clock.trueTimeOfMono(local) - t), `t = ${t}`).toBeLessThanOrEqual(2);
  });
});
