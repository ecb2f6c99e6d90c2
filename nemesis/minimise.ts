/**
 * Minimising a failing schedule that came from anywhere (a seed's random schedule, a file), where
 * the fast-check arbitrary cannot help because it did not produce it. Deterministic, and bounded
 * by a run budget and an optional clock the caller owns (nemesis/ reads no time itself).
 *
 * Fewer faults is what a reader needs most, so dropping comes first and to its end:
 * 1. faults that fire after the failure was first seen go (they cannot have caused it);
 * 2. only the last 1, 2, 4, ... faults before the failure are kept, while that still fails: a
 *    violation usually follows from the faults just before it, and a long random schedule is
 *    mostly history (a few runs, however long the schedule);
 * 3. delta debugging (Zeller's ddmin) over blocks of faults in time order: keep one block alone,
 *    or drop one, with blocks halving down to single faults, until no single fault can go;
 * 4. each remaining fault is narrowed (one target instead of several, optional parameters left
 *    out, half the duration), then 3 runs again, until a round changes nothing.
 * A failure that depends on chance is not monotone (dropping a fault moves every later event), so
 * each step keeps a candidate only when the run still fails; the result is 1-minimal when the
 * budget lasts ("no single fault can be dropped, no fault narrowed").
 */
import { KINDS } from './kinds.js';
import type { FaultSpec, Schedule } from './schedule.js';

export interface MinimiseOptions {
  /** The most times `stillFails` is called (default 500): each call is one simulated run. */
  maxRuns?: number;
  /** Asked before each run; true ends the minimisation (the caller's wall-clock budget). */
  outOfTime?: () => boolean;
  /** When (true ns) the failure was first seen in the original run: later faults are tried away first. */
  failureAtNs?: number;
  /** Told each step's name as it starts, for progress lines. */
  onStep?: (step: MinimiseStep, faults: number, runs: number) => void;
}

export type MinimiseStep = 'after-failure' | 'last-faults' | 'ddmin' | 'narrow';

export interface MinimiseOutcome {
  schedule: Schedule;
  /** How many runs the minimisation used. */
  runs: number;
  /** False when the budget ran out before a pass changed nothing (a smaller one may exist). */
  minimal: boolean;
  /** What ended it early: the run budget or the clock; absent when it finished. */
  stoppedBy?: 'runs' | 'time';
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

/** `faults` cut into `n` nearly equal blocks, in order. */
function blocks<T>(faults: readonly T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < n; i++) out.push(faults.slice(Math.floor((i * faults.length) / n), Math.floor(((i + 1) * faults.length) / n)));
  return out.filter((b) => b.length > 0);
}

export function minimiseSchedule(schedule: Schedule, stillFails: (candidate: Schedule) => boolean, options: MinimiseOptions = {}): MinimiseOutcome {
  const budget = options.maxRuns ?? 500;
  let runs = 0;
  let stoppedBy: MinimiseOutcome['stoppedBy'];
  // Faults in time order, so that blocks are stretches of the story.
  let best: Schedule = { ...schedule, faults: [...schedule.faults].sort((a, b) => a.at - b.at) };
  const attempt = (faults: FaultSpec[]): boolean => {
    if (stoppedBy) return false;
    if (runs >= budget) stoppedBy = 'runs';
    else if (options.outOfTime?.()) stoppedBy = 'time';
    if (stoppedBy) return false;
    runs++;
    const candidate = { ...best, faults };
    if (!stillFails(candidate)) return false;
    best = candidate;
    return true;
  };
  const step = (name: MinimiseStep): void => options.onStep?.(name, best.faults.length, runs);

  // 1. After the failure.
  if (options.failureAtNs !== undefined) {
    const seen = options.failureAtNs;
    const before = best.faults.filter((f) => f.at < seen);
    if (before.length < best.faults.length) {
      step('after-failure');
      attempt(before);
    }
  }

  // 2. The last k faults, k doubling, while fewer than all.
  step('last-faults');
  for (let k = 1; k < best.faults.length; k *= 2) {
    if (attempt(best.faults.slice(best.faults.length - k))) break;
    if (stoppedBy) break;
  }

  /** Zeller's ddmin on the current faults; true when any fault went. */
  const ddmin = (): boolean => {
    step('ddmin');
    let changed = false;
    let n = 2;
    while (best.faults.length >= 2 && !stoppedBy) {
      const parts = blocks(best.faults, Math.min(n, best.faults.length));
      let reduced = false;
      // A block alone (only when there are more than two; with two, its complement is the other).
      if (parts.length > 2) {
        for (const part of parts) {
          if (attempt(part)) {
            n = 2;
            reduced = true;
            break;
          }
        }
      }
      if (!reduced) {
        for (let i = 0; i < parts.length && !reduced; i++) {
          if (attempt(parts.filter((_, j) => j !== i).flat())) {
            n = Math.max(n - 1, 2);
            reduced = true;
          }
        }
      }
      if (reduced) {
        changed = true;
        continue;
      }
      if (parts.length >= best.faults.length) break;
      n = Math.min(n * 2, best.faults.length);
    }
    // A single fault may not be needed at all.
    if (best.faults.length === 1 && attempt([])) changed = true;
    return changed;
  };

  /** Narrows each remaining fault as far as it goes; true when any changed. */
  const narrow = (): boolean => {
    step('narrow');
    let changed = false;
    for (let i = 0; i < best.faults.length; i++) {
      let narrowed = true;
      while (narrowed && !stoppedBy) {
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
    return changed;
  };

  ddmin();
  for (;;) {
    if (stoppedBy) break;
    const narrowed = narrow();
    if (stoppedBy || !narrowed) break;
    // Narrowing can make a fault unnecessary that was needed before.
    if (!ddmin()) break;
  }
  return { schedule: best, runs, minimal: stoppedBy === undefined, ...(stoppedBy ? { stoppedBy } : {}) };
}
