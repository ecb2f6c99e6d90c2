/**
 * live/: real processes and real time; exempt from the determinism rules (see live/watchdog.ts).
 *
 * Where a live run's schedule comes from: a hazard's scripted story, a file in the simulator's
 * format, or the simulator's own random generator drawn from the seed (so the seed fixes the
 * faults; the interleaving is the machine's).
 */
import { randomSchedule } from '../nemesis/generate.js';
import { parseSchedule, type Schedule } from '../nemesis/schedule.js';
import { RandomStreams } from '../sim/random.js';
import type { LiveTarget } from './catalogue.js';
import { scheduleProblem } from './nemesis.js';

const MS = 1_000_000;
/** How often a random clock fault on independent servers hits a majority rather than one. */
const CLOCK_MAJORITY_P = 0.75;
const SEC = 1_000_000_000;

export class LiveInputError extends Error {
  override name = 'LiveInputError';
}

/** "20s", "1.5s", "500ms", "2m" to nanoseconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(text.trim());
  if (!m) throw new LiveInputError(`--duration must look like 20s, 500ms or 2m, got "${text}"`);
  const n = Number(m[1]) * (m[2] === 'ms' ? MS : m[2] === 's' ? SEC : 60 * SEC);
  if (n < 2 * SEC) throw new LiveInputError(`--duration must be at least 2s, got "${text}"`);
  return Math.round(n);
}

export function randomLiveSchedule(target: LiveTarget, seed: number, durationNs: number): Schedule {
  const servers = Array.from({ length: target.servers }, (_, i) => `n${i + 1}`);
  const clients = Array.from({ length: target.clients }, (_, i) => `c${i + 1}`);
  const { schedule } = randomSchedule(new RandomStreams(seed).stream('live-schedule'), {
    servers,
    clients,
    kinds: target.randomKinds,
    startNs: 1 * SEC,
    endNs: durationNs,
    crashModes: ['clean'],
    maxFaults: 40,
    victimWeights: { leader: 0, resource: 0, client: 3, server: 3 },
    // Only the servers' clocks can be faked (libfaketime), so clock faults aim at them alone; where
    // a majority of independent servers decides (Redlock), mostly at a majority.
    ...(target.clocks.servers ? { clockVictimWeights: { leader: 0, resource: 0, client: 0, server: 1 } } : {}),
    ...(target.independentServers ? { clockMajorityP: CLOCK_MAJORITY_P } : {}),
    clogLinks: { from: [...clients, ...servers], to: [...clients, ...servers] },
    bounds: {
      intervalNs: { min: 500 * MS, max: 4 * SEC },
      durationNs: { min: 200 * MS, max: 5 * SEC },
      pauseNs: { min: 300 * MS, max: 6 * SEC },
      jumpNs: { min: 1 * SEC, max: 30 * SEC },
      // libfaketime rereads a clock file at most once a second (live/faketime.ts).
      strobePeriodNs: { min: 1 * SEC, max: 3 * SEC },
      delayMeanNs: { min: 20 * MS, max: 1500 * MS },
      clogNs: { min: 100 * MS, max: 3 * SEC },
    },
  });
  return schedule;
}

/** A schedule file for this target, checked as the simulator checks it, and for what runs live. */
export function scheduleFromText(target: LiveTarget, text: string, file: string, durationNs: number): Schedule {
  const servers = Array.from({ length: target.servers }, (_, i) => `n${i + 1}`);
  const clients = Array.from({ length: target.clients }, (_, i) => `c${i + 1}`);
  let schedule: Schedule;
  try {
    schedule = parseSchedule(text, file, { servers, clients });
  } catch (err) {
    throw new LiveInputError((err as Error).message);
  }
  const problem = scheduleProblem(schedule, target.clocks.servers ? servers : [], target.clocks.servers ? 'client clocks are not under libfaketime' : target.clocks.why);
  if (problem) throw new LiveInputError(`${file}: ${problem}`);
  return schedule.healAt === undefined ? { ...schedule, healAt: durationNs } : schedule;
}
