/** Turns result lines into the sweep's rows: one per scenario and design, with its expectation. */
import type { ViolationKind } from '../../checker/history.js';
import { reproCommand } from '../run-files.js';
import type { SweepResultLine, SweepRow } from './types.js';

export interface DesignExpectation {
  scenario: string;
  design: string;
  designKind: 'safe' | 'unsafe';
  expectKinds: ViolationKind[];
}

function caught(line: SweepResultLine, expectKinds: ViolationKind[]): boolean {
  if (line.valid !== false) return false;
  return expectKinds.length === 0 || line.kinds.some((k) => expectKinds.includes(k));
}

/**
 * `partial`: the results are one shard's. A shard can see a safe design violated or a crash, but
 * not that an unsafe design went uncaught (another shard may hold the catching seed): such rows
 * are `pending`, and count as met for the shard's own verdict.
 */
export function summarise(results: readonly SweepResultLine[], expectations: readonly DesignExpectation[], partial = false): SweepRow[] {
  return expectations.map((e) => {
    const lines = results.filter((r) => r.scenario === e.scenario && r.design === e.design).sort((a, b) => a.seed - b.seed);
    const violationsByKind: Partial<Record<ViolationKind, number>> = {};
    for (const l of lines) for (const k of l.kinds) violationsByKind[k] = (violationsByKind[k] ?? 0) + 1;
    const withViolations = lines.filter((l) => l.valid !== true);
    const catching = lines.filter((l) => caught(l, e.expectKinds));
    const crashes = lines.filter((l) => l.crashed !== undefined).map((l) => ({ seed: l.seed, error: (l.crashed ?? '').split('\n')[0] ?? '' }));
    const pending = partial && e.designKind === 'unsafe' && crashes.length === 0 && catching.length === 0;
    const met =
      pending ||
      (lines.length > 0 && crashes.length === 0 && (e.designKind === 'safe' ? withViolations.length === 0 : catching.length > 0));
    let slowest: SweepRow['slowest'] = null;
    let worst: SweepRow['worst'] = null;
    for (const l of lines) {
      if (!slowest || l.wallMs > slowest.wallMs) slowest = { seed: l.seed, wallMs: l.wallMs };
      // The worst seed is the one with the most violations (a summary from before the count existed has only its kinds).
      const found = l.violations ?? l.kinds.length;
      if (found > 0 && (!worst || found > worst.violations)) worst = { seed: l.seed, violations: found };
    }
    return {
      scenario: e.scenario,
      design: e.design,
      designKind: e.designKind,
      expectation: e.designKind === 'safe' ? 'clean' : 'caught',
      expectKinds: e.expectKinds,
      seedsRun: lines.length,
      violationsByKind,
      seedsWithViolations: withViolations.length,
      met,
      pending,
      firstCatch: catching[0]?.seed ?? null,
      catchFraction: lines.length ? catching.length / lines.length : 0,
      slowest,
      worst,
      failing: withViolations.map((l) => ({
        seed: l.seed,
        kinds: l.kinds,
        ...(l.unknownBecause ? { unknownBecause: l.unknownBecause } : {}),
        report: l.report ?? null,
        repro: l.repro ?? reproCommand(l.scenario, l.design, l.seed),
      })),
      crashes,
    };
  });
}
