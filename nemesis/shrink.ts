/**
 * Minimising a failing schedule that came from anywhere (a seed's random schedule, a file), where
 * the fast-check arbitrary cannot help because it did not produce it. Greedy and deterministic:
 * drop runs of faults (halves, quarters, ... single faults) until no fault can go, then narrow each
 * remaining fault (one target instead of several, optional parameters left out, a shorter
 * duration), keeping every change after which the run still fails, until a whole round changes
 * nothing or the budget ends. Dropping comes first and to its end because fewer faults is what a
 * reader needs most; narrowing a duration one halving at a time costs many runs and is done last.
 */
import { KINDS } from './kinds.js';
import type { FaultSpec, Schedule } from './schedule.js';

export interface MinimiseOptions {
  /** The most times `stillFails` is called (default 500): each call is one simulated run. */
  maxRuns?: number;
}

export interface MinimiseOutcome {
  schedule: Schedule;
  /** How many runs the minimisation used. */
  runs: number;
  /** False when the budget ran out before a pass changed nothing (a smaller one may exist). */
  minimal: boolean;
}

/** Durations are not halved below this (1 ms): shorter ones tell the same story. */
const MIN_DURATION_NS = 1_000_000;

/** Smaller versions of one fault, simplest first. */
function narrower(f: FaultSpec): FaultSpec[] {
  const out: FaultSpec[] = [];
  if (f.targets && f.targets.length > 1) {
    for (const t of f.targets) out.push({ ...f, targets: [t] });
  }
  if (f.targets && KINDS[f.fault].targets.kind === 'default') {
    const { targets: _dropped, ...rest } = f;
    out.push(rest);
  }
  for (const p of KINDS[f.fault].params) {
    if (p.required || f.params?.[p.name] === undefined) continue;
    const { [p.name]: _dropped, ...params } = f.params;
    const smaller: FaultSpec = { ...f };
    if (Object.keys(params).length > 0) smaller.params = params;
    else delete smaller.params;
    out.push(smaller);
  }
  if (f.duration !== undefined && f.duration > MIN_DURATION_NS) out.push({ ...f, duration: Math.max(MIN_DURATION_NS, Math.floor(f.duration / 2)) });
  return out;
}

export function minimiseSchedule(schedule: Schedule, stillFails: (candidate: Schedule) => boolean, options: MinimiseOptions = {}): MinimiseOutcome {
  const budget = options.maxRuns ?? 500;
  let runs = 0;
  let starved = false;
  let best = schedule;
  const attempt = (faults: FaultSpec[]): boolean => {
    if (runs >= budget) {
      starved = true;
      return false;
    }
    runs++;
    const candidate = { ...best, faults };
    if (!stillFails(candidate)) return false;
    best = candidate;
    return true;
  };

  /** One pass of drops, from half the list down to single faults; true when any fault went. */
  const dropPass = (): boolean => {
    let dropped = false;
    for (let size = Math.max(1, Math.floor(best.faults.length / 2)); size >= 1; size = Math.floor(size / 2)) {
      for (let start = 0; start < best.faults.length; ) {
        const faults = [...best.faults.slice(0, start), ...best.faults.slice(start + size)];
        if (faults.length < best.faults.length && attempt(faults)) dropped = true;
        else start += size;
      }
      if (size === 1) break;
    }
    return dropped;
  };

  for (;;) {
    let changed = false;
    while (!starved && dropPass()) changed = true;
    // Narrow each remaining fault as far as it will go.
    for (let i = 0; i < best.faults.length; i++) {
      let narrowed = true;
      while (narrowed) {
        narrowed = false;
        for (const smaller of narrower(best.faults[i] as FaultSpec)) {
          const faults = best.faults.slice();
          faults[i] = smaller;
          if (attempt(faults)) {
            changed = narrowed = true;
            break;
          }
        }
      }
    }
    if (!changed || starved) return { schedule: best, runs, minimal: !changed && !starved };
  }
}
