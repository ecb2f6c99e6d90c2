/** Human-readable numbers for reports: true times, durations, counts. */
import { duration, instant } from '../../checker/validators/words.js';

/**
 * A duration in nanoseconds, in the checkers' words ("850ns", "12.3µs", "4.56ms", "1.234s"), so a
 * table on the page and the explanation above it write the same length the same way.
 */
export function formatDurationNs(ns: number): string {
  if (!Number.isFinite(ns)) return String(ns);
  return duration(ns);
}

/**
 * A true instant as seconds since the run began, exactly as the checkers' explanations write it
 * ("2.619938123s"): one time format on the whole page.
 */
export function formatInstantNs(ns: number): string {
  if (!Number.isFinite(ns)) return String(ns);
  return instant(ns);
}

/** Wall-clock milliseconds in the same style: "840ms", "12.4s", "3m05s". */
export function formatWallMs(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms - minutes * 60_000) / 1000);
  return `${minutes}m${String(seconds).padStart(2, '0')}s`;
}

/** An integer with thousands separators, independent of the machine's locale. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const [whole, frac] = String(Math.abs(n)).split('.');
  const grouped = (whole ?? '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${n < 0 ? '−' : ''}${grouped}${frac === undefined ? '' : `.${frac}`}`;
}

/** A fraction 0..1 as a percentage with one decimal. */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return String(fraction);
  return `${(fraction * 100).toFixed(1)}%`;
}


/**
 * Compares names so that "c2" comes before "c10" and "n1" before "n2": the order a reader
 * expects for lanes and table rows, decided by the names alone.
 */
export function compareNatural(a: string, b: string): number {
  const pa = a.match(/\d+|\D+/g) ?? [];
  const pb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i] as string;
    const y = pb[i] as string;
    if (x === y) continue;
    const nx = /^\d/.test(x);
    const ny = /^\d/.test(y);
    if (nx && ny) {
      const d = Number(x) - Number(y);
      if (d !== 0) return d;
    }
    return x < y ? -1 : 1;
  }
  return pa.length - pb.length || (a < b ? -1 : a > b ? 1 : 0);
}
