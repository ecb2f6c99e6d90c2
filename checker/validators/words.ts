/**
 * Times and durations in the words of an explanation. True time is in nanoseconds since the run
 * began; people read seconds and milliseconds.
 */
import type { TrueTimeNs } from '../history.js';

/** An instant of true time: "2.5s", "0.000125s". */
export function instant(ns: TrueTimeNs): string {
  if (!Number.isFinite(ns)) return 'the end of the run';
  return `${trim((ns / 1e9).toFixed(9))}s`;
}

/** A length of time, in the largest unit that keeps it at least 1: "1.4s", "350ms", "12µs", "800ns". */
export function duration(ns: number): string {
  if (!Number.isFinite(ns)) return 'forever';
  const abs = Math.abs(ns);
  if (abs >= 1e9) return `${trim((ns / 1e9).toFixed(6))}s`;
  if (abs >= 1e6) return `${trim((ns / 1e6).toFixed(3))}ms`;
  if (abs >= 1e3) return `${trim((ns / 1e3).toFixed(3))}µs`;
  return `${trim(ns.toFixed(0))}ns`;
}

/** An interval: "from 2s to 3.4s", or "from 2s until the run ended". */
export function span(start: TrueTimeNs, end: TrueTimeNs | null): string {
  return end === null || !Number.isFinite(end) ? `from ${instant(start)} until the run ended` : `from ${instant(start)} to ${instant(end)}`;
}

function trim(fixed: string): string {
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}
