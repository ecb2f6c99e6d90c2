/**
 * A realistic sweep summary for testing the sweep index: catalogue scenarios, each with its
 * unsafe design (caught on some seeds) and its safe design (clean), and two rows that missed
 * their expectation: an unsafe design never caught and a safe design that failed.
 */
import seedrandom from 'seedrandom';
import type { SweepRow, SweepSummary } from '../types.js';

const SCENARIOS: [string, string[]][] = [
  ['gc-pause-zombie', ['ME-effect', 'LW']],
  ['zk-session-jitter', ['ME-belief']],
  ['zk-scheduled-delete', ['LV']],
  ['lease-skew', ['ME-belief']],
  ['checkseq-toctou', ['ME-effect']],
  ['waiter-expired-grant', ['ME-belief', 'LIN']],
  ['async-failover', ['ME-belief', 'LW']],
  ['wall-clock-jump', ['ME-belief']],
  ['amnesia-restart', ['RAFT', 'LW']],
  ['stale-release', ['ME-belief']],
  ['fast-get-stale-read', ['LIN']],
  ['raft-figure-8', ['RAFT', 'LW']],
];

export interface SweepFixtureOptions {
  seeds?: number;
  /** Put markup and a `javascript:` link in names and paths. */
  hostile?: boolean;
}

export function makeSweepFixture(options: SweepFixtureOptions = {}): SweepSummary {
  const seeds = options.seeds ?? 100;
  const rng = seedrandom('sweep-fixture');
  const rows: SweepRow[] = [];
  for (const [scenario, kinds] of SCENARIOS) {
    for (const design of ['unsafe', 'safe'] as const) {
      const neverCaught = scenario === 'fast-get-stale-read' && design === 'unsafe';
      const brokenFix = scenario === 'lease-skew' && design === 'safe';
      const catchRate = design === 'unsafe' ? (neverCaught ? 0 : 0.15 + rng() * 0.8) : brokenFix ? 0.03 : 0;
      const failing: SweepRow['failing'] = [];
      const byKind: Record<string, number> = {};
      let worst = { seed: 1, violations: 0 };
      let slowest = { seed: 1, wallMs: 0 };
      for (let seed = 1; seed <= seeds; seed++) {
        const wallMs = Math.round(300 + rng() * 2500);
        if (wallMs > slowest.wallMs) slowest = { seed, wallMs };
        if (rng() >= catchRate) continue;
        const found = kinds.filter((_, i) => i === 0 || rng() < 0.5);
        let count = 0;
        for (const k of found) {
          const n = 1 + Math.floor(rng() * 3);
          byKind[k] = (byKind[k] ?? 0) + n;
          count += n;
        }
        if (count > worst.violations) worst = { seed, violations: count };
        failing.push({ seed, kinds: found, report: `runs/${scenario}/${design}/seed-${seed}/report.html` });
      }
      const caught = failing.length;
      rows.push({
        scenario,
        design,
        expectation: design === 'unsafe' ? 'caught' : 'clean',
        seedsRun: seeds,
        violationsByKind: byKind,
        seedsWithViolations: caught,
        met: design === 'unsafe' ? caught > 0 : caught === 0,
        firstCatch: failing[0]?.seed ?? null,
        catchFraction: caught / seeds,
        slowest,
        worst,
        failing,
      });
    }
  }
  if (options.hostile) {
    const row = rows[0] as SweepRow;
    row.scenario = '<script>window.__pwned=3</script>';
    row.failing.unshift({ seed: 999, kinds: ['<b>ME</b>'], report: 'javascript:window.__pwned=4' });
    row.failing.unshift({ seed: 998, kinds: ['ME-belief'], report: 'https://example.com/evil.html' });
  }
  return { startedAtNote: 'nightly sweep on ci-runner-3', wallMs: 1_234_567, seeds: `1..${seeds}`, rows };
}
