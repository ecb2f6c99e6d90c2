/** The scorecard of a user's system, as `lockstep sweep --system` writes it (scorecard.json). */

export type HazardVerdict = 'survived' | 'caught' | 'not-applicable' | 'unknown' | 'error';

export interface HazardScore {
  case: number;
  hazard: string;
  title: string;
  verdict: HazardVerdict;
  /** Seeds run (up to and including the first that caught it). */
  seedsRun: number;
  /** The first seed that caught it (caught) or failed (error). */
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
  /** The system's failure (error). */
  error?: string;
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
