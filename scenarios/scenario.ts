/**
 * What a scenario is: a cluster, a design, a workload, a nemesis and an expectation, run from one
 * seed. The command, sweeps and reports see scenarios only through this contract.
 */
import type { RunRecord, Violation, ViolationKind } from '../checker/history.js';
import type { TraceEvent } from '../checker/trace.js';
import type { Schedule } from '../nemesis/schedule.js';

/** Whether a design is the broken one the documents describe, or its fix. */
export type DesignKind = 'safe' | 'unsafe';

export interface DesignSpec {
  /** "safe", "unsafe", or a named variant ("unsafe-2x-wait"). */
  name: string;
  kind: DesignKind;
  description: string;
  /**
   * Unsafe designs must be caught with one of these violation kinds on at least one seed of the
   * promised range; safe designs must be clean on every seed.
   */
  expectKinds?: ViolationKind[];
}

export interface RunOptions {
  seed: number;
  design: string;
  /**
   * A fault schedule file to run instead of the seed's random one: its text and name. The
   * scenario parses it against its own topology, so errors can name the line and field.
   */
  schedule?: { text: string; file: string };
  /** Keep world-level chatter (sends, deliveries) in the trace, not only protocol events. */
  traceLevel?: 'none' | 'protocol' | 'all';
}

export interface RunOutcome {
  valid: boolean | 'unknown';
  /** Why the verdict is `unknown`: each validator that could not judge, with its reason. */
  unknownBecause?: string[];
  violations: Violation[];
  /** Every parameter the seed derived (printed first, as a VOPR run does). */
  params: Record<string, unknown>;
  stats: Record<string, unknown>;
  record: RunRecord;
  trace: TraceEvent[];
  traceHash: string;
  simTimeNs: number;
  /**
   * The fault schedule the run followed (the seed's random one or the file's), as data: saved, it
   * replays the run (`run --save-schedule`), and the shrinker minimises it. Absent for scenarios
   * whose faults are not nemesis schedules.
   */
  schedule?: Schedule;
}

export interface Scenario {
  name: string;
  /** One line: what hazard or property the scenario exercises. */
  title: string;
  /** Where it comes from (docs/hazards.md, an issue). */
  source: string;
  /** The row of docs/hazards.md, for catalogue scenarios. */
  caseNumber?: number;
  designs: DesignSpec[];
  /** The seed range within which each unsafe design promises to be caught. */
  catchWithin?: { from: number; to: number };
  /** Present when the scenario cannot run yet; `list` shows the reason. */
  unsupported?: string;
  /** Whether `--schedule` files are accepted (scenarios whose faults come from the nemesis). */
  takesSchedule?: boolean;
  run(options: RunOptions): RunOutcome;
}

export class UnknownScenarioError extends Error {}

/** Finds a design by name; "safe" and "unsafe" also pick the first design of that kind. */
export function findDesign(scenario: Scenario, name: string): DesignSpec | undefined {
  return scenario.designs.find((d) => d.name === name) ?? scenario.designs.find((d) => d.kind === name);
}
