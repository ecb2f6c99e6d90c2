/** The scorecard of a user's system, as `lockstep sweep --system` writes it (scorecard.json). */

export type HazardVerdict = 'survived' | 'caught' | 'not-applicable' | 'unknown' | 'crashed';

export interface HazardScore {
  case: number;
  hazard: string;
  title: string;
  verdict: HazardVerdict;
  /** Seeds run (up to and including the first that caught it). */
  seedsRun: number;
  /** The first seed that caught it (caught) or on which its code failed (crashed). */
  firstSeed?: number;
  /** The violation kinds that seed found. */
  kinds?: string[];
  /** The first violation, in words. */
  violation?: string;
  repro?: string;
  shrink?: string;
  /** Not applicable: the capability the system lacks. */
  missing?: string;
  /** Seeds on which a checker could not decide. */
  unknownSeeds?: number[];
  /** Judges of the record that could not be fed from this system, and why. */
  notJudged?: Record<string, string>;
  /** Crashed: the failure in one line (what was thrown, where, when). */
  error?: string;
  /** Crashed: the process whose code failed, the simulated time (ns) and what it threw. */
  crash?: { process: string; atNs: number; error: string };
  wallMs: number;
}

export interface SystemScore {
  name: string;
  description?: string;
  capabilities: readonly string[];
  hazards: HazardScore[];
}

export interface Scorecard {
  module: string;
  seeds: { from: number; to: number };
  systems: SystemScore[];
  wallMs: number;
}
