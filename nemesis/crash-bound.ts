/**
 * How many servers a schedule's crash faults can hold down at one instant, read from the schedule
 * alone. Selectors count as the most servers they can name ("leader" as one more server, even if
 * it turns out to be one already down), so the count is an upper bound, never an underestimate.
 * Generators and shrinkers use it to keep a majority of servers alive unless told otherwise.
 */
import type { FaultSpec, Schedule } from './schedule.js';
import { minorityRange } from './selectors.js';

/** The most servers one crash fault can take down. */
export function crashWeight(targets: readonly string[], servers: readonly string[]): number {
  const n = servers.length;
  let weight = 0;
  const named = new Set<string>();
  for (const t of targets) {
    if (servers.includes(t)) named.add(t);
    else if (t === 'servers' || t === 'all') weight += n;
    else if (t === 'leader' || t === 'random-server') weight += 1;
    else if (t === 'random-minority') weight += minorityRange(n)[1];
    else if (t === 'random-majority') weight += Math.floor(n / 2) + 1;
  }
  return Math.min(n, weight + named.size);
}

interface Window {
  start: number;
  /** Inclusive: a crash that starts at the instant another ends still overlaps it (it fires first). */
  end: number;
  weight: number;
}

function windowOf(f: FaultSpec, healAt: number | undefined, servers: readonly string[]): Window {
  const end = f.duration !== undefined ? f.at + f.duration : (healAt ?? Number.POSITIVE_INFINITY);
  return { start: f.at, end, weight: crashWeight(f.targets ?? [], servers) };
}

function downAt(windows: readonly Window[], t: number): number {
  return windows.reduce((sum, w) => (w.start <= t && w.end >= t ? sum + w.weight : sum), 0);
}

/** The most servers the schedule's crash faults may hold down at once. */
export function maxServersDown(schedule: Schedule, servers: readonly string[]): number {
  const windows = schedule.faults.filter((f) => f.fault === 'crash').map((f) => windowOf(f, schedule.healAt, servers));
  // The count only rises when a crash starts, so the starts are the instants to look at.
  return windows.reduce((most, w) => Math.max(most, downAt(windows, w.start)), 0);
}

/**
 * The schedule without the crash faults that would hold more than `max` servers down at once:
 * faults are taken in time order, and a crash that would break the bound is left out.
 */
export function withinCrashBound(schedule: Schedule, servers: readonly string[], max: number): Schedule {
  const kept: FaultSpec[] = [];
  const windows: Window[] = [];
  const order = schedule.faults.map((f, i) => [f, i] as const).sort((a, b) => a[0].at - b[0].at || a[1] - b[1]);
  const dropped = new Set<number>();
  for (const [f, i] of order) {
    if (f.fault !== 'crash') continue;
    const w = windowOf(f, schedule.healAt, servers);
    // Every window so far starts at or before this one; the overlap peaks at this start.
    if (w.weight > 0 && downAt(windows, w.start) + w.weight > max) {
      dropped.add(i);
      continue;
    }
    windows.push(w);
  }
  schedule.faults.forEach((f, i) => {
    if (!dropped.has(i)) kept.push(f);
  });
  return { ...schedule, faults: kept };
}
