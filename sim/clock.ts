/**
 * A simulated process's two clocks, as functions of true time.
 *
 * The monotonic clock never goes back but may run fast or slow (rate drift in ppm); a process's
 * timers are set in its terms, so a fast clock fires them early in true time and a slow one late.
 * The wall clock may also be offset, drift on its own, jump forward or back (an NTP step), or
 * strobe (flip between two offsets). Designs that read the wrong clock must be able to fail.
 */
import type { TrueTimeNs } from './time.js';

export interface ClockConfig {
  /** Where the monotonic clock starts (processes do not share an origin). */
  monoOriginNs?: number;
  /** Monotonic clock rate error in parts per million (+ fast, - slow). */
  driftPpm?: number;
  /** Wall clock reading at true time 0 (an arbitrary epoch; keep it below 2^53). */
  wallOriginNs?: number;
  /** Wall clock offset from the true epoch, in ns. */
  wallOffsetNs?: number;
  /** Wall clock rate error in ppm, independent of the monotonic clock's. */
  wallDriftPpm?: number;
}

/** A wall-clock strobe: between `from` and `until`, the offset flips by `deltaNs` every `periodNs`. */
interface Strobe {
  from: TrueTimeNs;
  until: TrueTimeNs;
  periodNs: number;
  deltaNs: number;
}

/** The default wall-clock epoch: about 11.6 days, well inside exact double precision. */
export const WALL_EPOCH_NS = 1_000_000_000_000_000;

export class ProcessClock {
  // Monotonic clock: local = monoAt + (t - monoAnchor) * (1 + rate).
  private monoAnchor: TrueTimeNs = 0;
  private monoAt: number;
  private rate: number;
  /** The monotonic clock's earlier rates, oldest first, so a past reading can be dated. */
  private readonly monoPast: { anchor: TrueTimeNs; at: number; rate: number }[] = [];
  // Wall clock: local = wallAt + (t - wallAnchor) * (1 + wallRate) + offset (+ strobe).
  private wallAnchor: TrueTimeNs = 0;
  private wallAt: number;
  private wallRate: number;
  private offset: number;
  private strobe: Strobe | null = null;
  private readonly wallOrigin: number;

  constructor(config: ClockConfig = {}) {
    this.monoAt = config.monoOriginNs ?? 0;
    this.rate = (config.driftPpm ?? 0) / 1e6;
    this.wallOrigin = config.wallOriginNs ?? WALL_EPOCH_NS;
    this.wallAt = this.wallOrigin;
    this.wallRate = (config.wallDriftPpm ?? 0) / 1e6;
    this.offset = config.wallOffsetNs ?? 0;
  }

  /** The monotonic clock's reading at true time t (t must not precede the last change). */
  mono(t: TrueTimeNs): number {
    return Math.floor(this.monoAt + (t - this.monoAnchor) * (1 + this.rate));
  }

  wall(t: TrueTimeNs): number {
    let v = this.wallAt + (t - this.wallAnchor) * (1 + this.wallRate) + this.offset;
    const s = this.strobe;
    if (s && t >= s.from && t < s.until && Math.floor((t - s.from) / s.periodNs) % 2 === 0) {
      v += s.deltaNs;
    }
    return Math.floor(v);
  }

  /**
   * The true time at which the monotonic clock read `localNs` (a reading it has already passed):
   * how an observer dates an instant a process knows only on its own clock, such as the deadline
   * of a belief whose timer fired late.
   */
  trueTimeOfMono(localNs: number): TrueTimeNs {
    let anchor = this.monoAnchor;
    let at = this.monoAt;
    let rate = this.rate;
    for (let i = this.monoPast.length - 1; i >= 0 && localNs < at; i--) ({ anchor, at, rate } = this.monoPast[i]!);
    return anchor + Math.max(0, localNs - at) / (1 + rate);
  }

  /** The true duration that `localNs` of this monotonic clock takes at its current rate. */
  trueDurationOf(localNs: number): number {
    return Math.ceil(localNs / (1 + this.rate));
  }

  get driftPpm(): number {
    return this.rate * 1e6;
  }

  get wallOffsetNs(): number {
    return this.offset;
  }

  /** Changes the monotonic drift from true time t on; the reading stays continuous. */
  setDrift(t: TrueTimeNs, ppm: number): void {
    this.monoPast.push({ anchor: this.monoAnchor, at: this.monoAt, rate: this.rate });
    this.monoAt = this.monoAt + (t - this.monoAnchor) * (1 + this.rate);
    this.monoAnchor = t;
    this.rate = ppm / 1e6;
  }

  /** Changes the wall clock's own drift from true time t on. */
  setWallDrift(t: TrueTimeNs, ppm: number): void {
    this.wallAt = this.wallAt + (t - this.wallAnchor) * (1 + this.wallRate);
    this.wallAnchor = t;
    this.wallRate = ppm / 1e6;
  }

  /** Steps the wall clock by delta (forward when positive, back when negative). */
  jumpWall(deltaNs: number): void {
    this.offset += deltaNs;
  }

  setWallOffset(offsetNs: number): void {
    this.offset = offsetNs;
  }

  startStrobe(t: TrueTimeNs, durationNs: number, periodNs: number, deltaNs: number): void {
    this.strobe = { from: t, until: t + durationNs, periodNs: Math.max(1, periodNs), deltaNs };
  }

  /**
   * Heals the clocks from true time t: the monotonic clock stops drifting (it cannot jump back),
   * and the wall clock is stepped back onto true time, as an NTP correction would.
   */
  reset(t: TrueTimeNs): void {
    this.setDrift(t, 0);
    this.wallAt = this.wallOrigin + t;
    this.wallAnchor = t;
    this.wallRate = 0;
    this.offset = 0;
    this.strobe = null;
  }
}
