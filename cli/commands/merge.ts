/**
 * `lockstep merge`: joins the summaries of a sweep's shards into one summary and index, and judges
 * what no shard could: whether each unsafe design was caught on some seed of the whole range. The
 * kept run folders are copied next to the merged index, so its links work wherever it is moved.
 */
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { BadInputError, EXIT } from '../errors.js';
import { renderSweep } from '../render.js';
import { KEEP_RULE, keepRule } from '../sweep/folders.js';
import { sweepOutFolder } from '../sweep/out-folder.js';
import { summarise, type DesignExpectation } from '../sweep/summarise.js';
import { renderSummaryText } from '../sweep/summary-text.js';
import type { ShardNote, SweepResultLine, SweepSummary } from '../sweep/types.js';

interface Part {
  file: string;
  doc: SweepSummary;
}

function readPart(file: string): Part {
  if (!existsSync(file)) throw new BadInputError(`no such summary file: ${file}`);
  try {
    const doc = JSON.parse(readFileSync(file, 'utf8')) as SweepSummary;
    if (!Array.isArray(doc.results) || !Array.isArray(doc.rows)) throw new Error('it has no results or rows');
    return { file, doc };
  } catch (err) {
    throw new BadInputError(`${file} is not a lockstep summary.json: ${(err as Error).message}`);
  }
}

/** Every shard of a sharded range must be there once: a missing shard's seeds were never run. */
function checkShards(parts: Part[]): void {
  const byRange = new Map<string, { count: number; seen: Map<number, string> }>();
  for (const p of parts) {
    if (!p.doc.shard) continue;
    const [i, n] = p.doc.shard.split('/').map(Number) as [number, number];
    const key = `${p.doc.range ?? p.doc.seeds}`;
    const group = byRange.get(key) ?? { count: n, seen: new Map<number, string>() };
    if (group.count !== n) throw new BadInputError(`${p.file} is shard ${p.doc.shard} of ${key}, but another summary splits ${key} into ${group.count} shards`);
    const twin = group.seen.get(i);
    if (twin) throw new BadInputError(`${p.file} and ${twin} are both shard ${i}/${n} of ${key}`);
    group.seen.set(i, p.file);
    byRange.set(key, group);
  }
  for (const [range, g] of byRange) {
    const missing = Array.from({ length: g.count }, (_, k) => k + 1).filter((i) => !g.seen.has(i));
    if (missing.length > 0) throw new BadInputError(`shard(s) ${missing.map((i) => `${i}/${g.count}`).join(', ')} of seeds ${range} missing: their seeds were not run, so no verdict over ${range}`);
  }
}

/** Copies a kept run folder next to the merged index; a folder that did not travel loses its link. */
function bringFolder(line: SweepResultLine, partDir: string, out: string): void {
  if (!line.report) return;
  const src = join(partDir, dirname(line.report));
  if (!existsSync(join(src, 'result.json'))) {
    delete line.report;
    return;
  }
  if (resolve(src) !== resolve(join(out, dirname(line.report)))) cpSync(src, join(out, dirname(line.report)), { recursive: true });
}

export function mergeCommand(files: string[], out: string | undefined, json: boolean, renderIndex: (s: SweepSummary) => string = renderSweep): number {
  if (files.length === 0) throw new BadInputError('merge needs summary.json files');
  const parts = files.map(readPart);
  checkShards(parts);
  if (out !== undefined && parts.some((p) => resolve(dirname(p.file)) === resolve(out))) {
    throw new BadInputError(`merge --out ${out} is the folder of one of the summaries; give a new folder`);
  }

  const expectations = new Map<string, DesignExpectation>();
  for (const p of parts) {
    for (const r of p.doc.rows) expectations.set(`${r.scenario}/${r.design}`, { scenario: r.scenario, design: r.design, designKind: r.designKind, expectKinds: r.expectKinds });
  }
  const names = [...new Set(parts.map((p) => p.doc.name ?? 'merged'))];
  const dir = sweepOutFolder(out, names.length === 1 ? (names[0] as string) : 'merged');

  const seen = new Set<string>();
  const results: { line: SweepResultLine; partDir: string }[] = [];
  for (const p of parts) {
    for (const line of p.doc.results) {
      const key = `${line.scenario}/${line.design}/${line.seed}`;
      if (seen.has(key)) continue;
      seen.add(key);
      results.push({ line: { ...line }, partDir: dirname(p.file) });
    }
  }
  results.sort((a, b) => a.line.scenario.localeCompare(b.line.scenario) || a.line.design.localeCompare(b.line.design) || a.line.seed - b.line.seed);
  // The keep rule over the whole range: each shard kept its own first catches; the merge keeps the first of all.
  const keeps = keepRule();
  for (const { line, partDir } of results) {
    if (line.report && !keeps(line)) delete line.report;
    bringFolder(line, partDir, dir);
  }
  const lines = results.map((r) => r.line);
  const rows = summarise(lines, [...expectations.values()]);
  const shards: ShardNote[] = parts.map((p) => ({
    shard: p.doc.shard ?? '1/1',
    seeds: p.doc.seeds,
    runs: p.doc.results.length,
    wallMs: p.doc.wallMs,
    ok: p.doc.ok,
    from: p.file,
  }));
  const ranges = [...new Set(parts.map((p) => p.doc.range ?? p.doc.seeds))];
  // Shards that checked determinism: their counts and mismatches add up (a mismatch is also a crash line).
  const checked = parts.filter((p) => p.doc.determinism);
  const determinism = checked.length > 0 ? { checked: checked.reduce((n, p) => n + p.doc.determinism!.checked, 0), mismatches: checked.flatMap((p) => p.doc.determinism!.mismatches) } : undefined;
  const summary: SweepSummary = {
    name: names.length === 1 ? (names[0] as string) : 'merged',
    seeds: ranges.join(','),
    range: ranges.join(','),
    shards,
    folders: {
      kept: lines.filter((l) => l.report).length,
      failing: lines.filter((l) => l.valid !== true || l.crashed !== undefined).length,
      rule: KEEP_RULE,
    },
    ...(determinism ? { determinism } : {}),
    jobs: Math.max(...parts.map((p) => p.doc.jobs)),
    // Shards run side by side: the sweep took as long as its slowest shard.
    wallMs: Math.max(...parts.map((p) => p.doc.wallMs)),
    rows,
    results: lines,
    ok: rows.every((r) => r.met),
  };
  writeFileSync(join(dir, 'summary.json'), JSON.stringify(summary, null, 1) + '\n');
  writeFileSync(join(dir, 'index.html'), renderIndex(summary));
  if (json) process.stdout.write(JSON.stringify(summary) + '\n');
  else {
    for (const s of shards) process.stdout.write(`shard ${s.shard}: seeds ${s.seeds}, ${s.runs} runs in ${(s.wallMs / 1000).toFixed(1)} s, ${s.ok ? 'passed' : 'FAILED'} (${s.from})\n`);
    for (const l of renderSummaryText(summary, join(dir, 'summary.json'))) process.stdout.write(l + '\n');
    process.stdout.write(`report: ${join(dir, 'index.html')}\n`);
  }
  return summary.ok ? EXIT.valid : EXIT.invalid;
}
