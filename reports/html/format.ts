/** Human-readable numbers for reports: true times, durations, counts. */

const NS_PER_US = 1e3;
const NS_PER_MS = 1e6;
const NS_PER_S = 1e9;

/** A duration in nanoseconds as "850 ns", "12.3 µs", "4.56 ms", "1.234 s" (sign kept). */
export function formatDurationNs(ns: number): string {
  if (!Number.isFinite(ns)) return String(ns);
  const sign = ns < 0 ? '−' : '';
  const a = Math.abs(ns);
  if (a < NS_PER_US) return `${sign}${Math.round(a)} ns`;
  if (a < NS_PER_MS) return `${sign}${trim(a / NS_PER_US)} µs`;
  if (a < NS_PER_S) return `${sign}${trim(a / NS_PER_MS)} ms`;
  return `${sign}${(a / NS_PER_S).toFixed(3)} s`;
}

/** A true instant as seconds since the run began: "t=12.345678 s" (µs precision). */
export function formatInstantNs(ns: number): string {
  if (!Number.isFinite(ns)) return String(ns);
  return `t=${(ns / NS_PER_S).toFixed(6)} s`;
}

/** Wall-clock milliseconds as "840 ms" or "12.4 s" or "3 min 05 s". */
export function formatWallMs(ms: number): string {
  if (!Number.isFinite(ms)) return String(ms);
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms - minutes * 60_000) / 1000);
  return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
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

function trim(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
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
