/** The text a sweep or merge prints: one line per design, then what to run to see a failure. */
import { kindsExplained } from '../kinds-text.js';
import type { SweepRow, SweepSummary } from './types.js';

/** Repro lines printed for the failing seeds of a safe design before "and N more". */
const REPRO_SHOWN = 10;

function rowLine(r: SweepRow): string {
  const mark = r.pending ? 'wait' : r.met ? 'ok  ' : 'FAIL';
  const kinds = Object.entries(r.violationsByKind).map(([k, n]) => `${k}x${n}`).join(' ') || 'none';
  const detail =
    r.designKind === 'safe'
      ? `${r.seedsWithViolations}/${r.seedsRun} seeds with violations (${kinds})`
      : r.pending
        ? `not caught on this shard's ${r.seedsRun} seeds; merge decides over all shards`
        : `caught on ${Math.round(r.catchFraction * 100)}% of ${r.seedsRun} seeds, first seed ${r.firstCatch ?? '-'} (${kinds})`;
  return `${mark} ${r.scenario} [${r.design}] expected ${r.expectation}: ${detail}`;
}

export function renderSummaryText(summary: SweepSummary, summaryPath: string): string[] {
  const lines: string[] = [];
  for (const r of summary.rows) {
    lines.push(rowLine(r));
    for (const c of r.crashes.slice(0, 3)) lines.push(`     crash on seed ${c.seed}: ${c.error}`);
  }
  const shardWord = summary.shard ? `shard ${summary.shard} (seeds ${summary.seeds})` : `seeds ${summary.seeds}`;
  const verdict = summary.ok
    ? summary.shard
      ? 'no safe design violated and no crash'
      : 'every expectation met'
    : summary.shard
      ? 'A SAFE DESIGN WAS VIOLATED OR A RUN CRASHED'
      : 'SOME EXPECTATIONS NOT MET';
  lines.push(`${shardWord}: ${verdict} in ${(summary.wallMs / 1000).toFixed(1)} s; summary: ${summaryPath}`);
  if (summary.folders) {
    lines.push(`${summary.folders.failing} run(s) not clean, ${summary.folders.kept} run folder(s) kept; each run's repro command is in summary.json`);
  }
  for (const r of summary.rows) {
    if (r.designKind === 'safe') {
      for (const f of r.failing.slice(0, REPRO_SHOWN)) lines.push(`  reproduce: ${f.repro}`);
      if (r.failing.length > REPRO_SHOWN) lines.push(`  ... and ${r.failing.length - REPRO_SHOWN} more failing seeds of ${r.scenario} [${r.design}] in summary.json`);
    } else if (!r.met && r.crashes.length === 0 && !r.pending) {
      lines.push(`  ${r.scenario} [${r.design}] was never caught: the harness cannot see this hazard on these seeds`);
    }
    for (const c of r.crashes.slice(0, 3)) lines.push(`  reproduce crash: npx lockstep run ${r.scenario} --design ${r.design} --seed ${c.seed}`);
  }
  if (summary.shard && summary.rows.some((r) => r.pending)) {
    lines.push(`unsafe designs not caught on this shard's seeds are judged by: lockstep merge <every shard's summary.json>`);
  }
  const unknown = summary.results.filter((l) => l.valid === 'unknown' && l.crashed === undefined);
  for (const l of unknown.slice(0, REPRO_SHOWN)) {
    lines.push(`  unknown: ${l.scenario} [${l.design}] seed ${l.seed}: could not judge: ${(l.unknownBecause ?? ['no reason given']).join('; ')}`);
  }
  if (unknown.length > REPRO_SHOWN) lines.push(`  ... and ${unknown.length - REPRO_SHOWN} more runs whose verdict is unknown, with their reasons, in summary.json`);
  if (summary.determinism) {
    const d = summary.determinism;
    lines.push(
      d.mismatches.length === 0
        ? `determinism: ${d.checked} runs checked, each run twice: every trace hash the same`
        : `determinism: ${d.checked} runs checked, each run twice: ${d.mismatches.length} NOT DETERMINISTIC (a second run gave another trace hash)`,
    );
    for (const m of d.mismatches.slice(0, REPRO_SHOWN)) lines.push(`  ${m.scenario} [${m.design}] seed ${m.seed}: ${m.first} then ${m.again}; reproduce: ${m.repro}`);
    if (d.mismatches.length > REPRO_SHOWN) lines.push(`  ... and ${d.mismatches.length - REPRO_SHOWN} more in summary.json`);
  }
  lines.push(...kindsExplained(summary.rows.flatMap((r) => Object.keys(r.violationsByKind))));
  return lines;
}
