/**
 * Named random streams derived from the run seed. Each stream is its own generator, seeded from
 * (run seed, stream name), so a new draw in one stream never shifts another: adding a workload
 * draw cannot change the network's packet losses.
 */
import seedrandom from 'seedrandom';

/** A source of uniform draws in [0, 1). */
export type Rng = () => number;

export class RandomStreams {
  private readonly streams = new Map<string, Rng>();

  constructor(readonly seed: number | string) {}

  /** The stream called `name`; the same name always gives the same stream object. */
  stream(name: string): Rng {
    let rng = this.streams.get(name);
    if (!rng) {
      rng = seedrandom.alea(`lockstep:${this.seed}:${name}`) as unknown as Rng;
      this.streams.set(name, rng);
    }
    return rng;
  }
}

/** An integer in [lo, hi], both inclusive. */
export function intBetween(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

/** True with probability p. */
export function chance(rng: Rng, p: number): boolean {
  return p > 0 && rng() < p;
}

/** An exponentially distributed draw with the given mean. */
export function exponential(rng: Rng, mean: number): number {
  if (mean <= 0) return 0;
  // 1 - u is in (0, 1], so the log is finite.
  return -Math.log(1 - rng()) * mean;
}

/** One element of a non-empty array. */
export function pick<T>(rng: Rng, items: readonly T[]): T {
  if (items.length === 0) throw new Error('pick from an empty list');
  return items[Math.floor(rng() * items.length)] as T;
}

/** A Fisher-Yates shuffle into a new array. */
export function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const tmp = out[i] as T;
    out[i] = out[j] as T;
    out[j] = tmp;
  }
  return out;
}
