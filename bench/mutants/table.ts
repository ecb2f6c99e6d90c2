/** The mutants table: one row per planted bug, then the summary the issue asks for. */
import type { Mutant } from './mutants.js';
import type { SweepOneResult } from './sweep-one.js';

export interface MutantRow {
  mutant: Mutant;
  /** Null when the mutated project failed to run at all (counted as caught at its first seed). */
  result: SweepOneResult | null;
  wallS: number;
  error?: string;
}

/** An equivalent bug that no seed caught: shown as such and left out of the score. */
function leftOut(row: MutantRow): boolean {
  return row.mutant.equivalent !== undefined && (row.result === null || row.result.firstSeed === null);
}

function cells(row: MutantRow): string[] {
  const r = row.result;
  if (leftOut(row)) {
    return [row.mutant.id, row.mutant.area, 'equivalent', r === null ? '-' : `${r.caughtSeeds}/${r.seedsRun}`, '-', `${row.wallS}s`];
  }
  if (r === null) return [row.mutant.id, row.mutant.area, 'load', '-', `crash: ${row.error ?? ''}`, `${row.wallS}s`];
  const first = r.firstSeed === null ? `none in ${r.lastSeed}` : String(r.firstSeed);
  const fraction = `${r.caughtSeeds}/${r.seedsRun}`;
  const stop = r.stoppedBy === 'budget' ? ' (budget)' : r.stoppedBy === 'first-catch' ? ' (first)' : '';
  return [row.mutant.id, row.mutant.area, first, fraction + stop, r.kinds.join(',') || '-', `${row.wallS}s`];
}

export function formatTable(rows: readonly MutantRow[], withSummary: boolean): string {
  const header = ['mutant', 'area', 'first seed', 'caught/seeds', 'kinds', 'wall'];
  const body = rows.map(cells);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (c: string[]): string => c.map((x, i) => x.padEnd(widths[i]!)).join('  ').trimEnd();
  const lines = withSummary ? [line(header), ...body.map(line)] : body.map(line);
  if (withSummary) lines.push('', summary(rows));
  return lines.join('\n');
}

/**
 * How many were caught, and the median first catching seed (an escaped mutant counts as
 * infinite), over the mutants that a run can observe; an equivalent one that was caught anyway is
 * counted, since then the argument for it is wrong.
 */
export function summary(rows: readonly MutantRow[]): string {
  const scored = rows.filter((r) => !leftOut(r));
  const firsts = scored.map((r) => (r.result === null ? 1 : (r.result.firstSeed ?? Infinity))).sort((a, b) => a - b);
  const caught = firsts.filter((f) => f !== Infinity).length;
  const median = firsts.length === 0 ? NaN : firsts[(firsts.length - 1) >> 1]!;
  const left = rows.length - scored.length;
  return `caught ${caught}/${scored.length}${left > 0 ? ` (${left} equivalent left out)` : ''}; median first catching seed ${median === Infinity ? 'none (most escaped)' : median}`;
}
