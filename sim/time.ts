/** Units of simulated time. True time is an integer number of nanoseconds since the run began. */
export type TrueTimeNs = number;

export const NS = 1;
export const US = 1_000;
export const MS = 1_000_000;
export const SEC = 1_000_000_000;

/** Formats a true time for people: "12.345s". */
export function formatTime(t: TrueTimeNs): string {
  return `${(t / SEC).toFixed(3)}s`;
}
