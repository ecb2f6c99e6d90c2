/**
 * The sweep index: one row per scenario and design over all seeds, saying whether each met its
 * expectation (unsafe designs caught, safe designs clean) and linking to the failing runs' reports.
 */
import { escapeHtml, safeRelativeHref } from '../html/escape.js';
import { formatCount, formatPercent, formatWallMs } from '../html/format.js';
import { renderPage } from '../html/page.js';
import type { FailingRun, SweepRow, SweepSummary } from '../types.js';
import { VIOLATION_KINDS, kindName } from '../violation-kinds.js';
import { SWEEP_CSS } from './style.js';

/** Failing runs listed in a row before the rest fold away (one per line, or as seed numbers). */
const LINKS_SHOWN = 8;
const COMPACT_SHOWN = 24;

export function renderSweepReport(summary: SweepSummary): string {
  const unmet = summary.rows.filter((r) => !r.met);
  const ok = unmet.length === 0;
  const runs = summary.rows.reduce((n, r) => n + r.seedsRun, 0);
  const headline = ok
    ? `ALL MET: every one of ${summary.rows.length} scenario designs behaved as expected`
    : `NOT MET: ${unmet.length} of ${summary.rows.length} scenario designs did not behave as expected`;
  const title = `${ok ? 'ALL MET' : 'NOT MET'} · sweep ${summary.seeds} · lockstep`;
  const body = `
<header class="verdict ${ok ? 'safe' : 'unsafe'}"><div class="inner">
<div class="eyebrow">lockstep sweep report · seeds <strong>${escapeHtml(summary.seeds)}</strong>${summary.startedAtNote ? ` · ${escapeHtml(summary.startedAtNote)}` : ''}</div>
<h1 id="verdict">${escapeHtml(headline)}</h1>
<p class="summary">Each unsafe design must be caught (a checker finds the hazard on the seeds the scenario promises), and each safe design must come out clean on every seed.</p>
${ok ? '' : `<ul class="unmet">${unmet.map((r) => `<li>${unmetSentence(r)}</li>`).join('\n')}</ul>`}
<dl class="facts">
<div><dt>Scenario designs</dt><dd>${formatCount(summary.rows.length)}</dd></div>
<div><dt>Runs</dt><dd>${formatCount(runs)}</dd></div>
<div><dt>Seeds</dt><dd>${escapeHtml(summary.seeds)}</dd></div>
<div><dt>Wall time</dt><dd>${escapeHtml(formatWallMs(summary.wallMs))}</dd></div>
</dl>
${(summary.notes ?? []).map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('\n')}
</div></header>
<main>
<section class="card"><h2>Scenarios and designs</h2>
<div class="table-wrap"><table class="data sweep">
<thead><tr><th>scenario</th><th>design</th><th>expected</th><th class="num">seeds with violations</th><th>kinds found <span class="muted">(seeds)</span></th><th>first catch</th><th>worst seed</th><th>slowest seed</th><th>runs with violations</th></tr></thead>
${groupByScenario(summary.rows)
  .map((rows) => `<tbody>\n${rows.map(renderRow).join('\n')}\n</tbody>`)
  .join('\n')}
</table></div>
${kindGlossary(summary.rows)}
</section>
</main>`;
  return renderPage({ title, css: SWEEP_CSS, body });
}

function unmetSentence(r: SweepRow): string {
  const name = `<strong>${escapeHtml(r.scenario)}</strong> (${escapeHtml(r.design)})`;
  if (r.expectation === 'caught') {
    return r.seedsWithViolations === 0
      ? `${name}: expected to be caught, but none of ${formatCount(r.seedsRun)} seeds found a violation: the harness cannot see this hazard yet.`
      : `${name}: expected to be caught on more seeds; only ${formatCount(r.seedsWithViolations)} of ${formatCount(r.seedsRun)} found a violation.`;
  }
  return `${name}: expected to be clean, but ${formatCount(r.seedsWithViolations)} of ${formatCount(r.seedsRun)} seeds found violations (${escapeHtml(kindsText(r.violationsByKind))}).`;
}

function renderRow(r: SweepRow): string {
  const bySeed = new Map<number, FailingRun>(r.failing.map((f) => [f.seed, f]));
  const kinds = Object.entries(r.violationsByKind).filter(([, n]) => n > 0);
  const kindChips =
    kinds.length === 0
      ? '<span class="muted">none</span>'
      : kinds
          .map(
            ([k, n]) =>
              `<span class="badge ${r.expectation === 'clean' ? 'bad' : 'plain'}" title="${escapeHtml(`${kindName(k)}: found on ${n} ${n === 1 ? 'seed' : 'seeds'}`)}">${escapeHtml(k)} × ${formatCount(n)}</span>`,
          )
          .join(' ');
  const firstCatch = r.firstCatch === null ? '<span class="muted">–</span>' : seedLink(r.firstCatch, bySeed.get(r.firstCatch));
  const worst =
    r.worst.violations > 0
      ? `${seedLink(r.worst.seed, bySeed.get(r.worst.seed))} <span class="muted">(${formatCount(r.worst.violations)} ${r.worst.violations === 1 ? 'violation' : 'violations'})</span>`
      : '<span class="muted">–</span>';
  const failing = r.failing.length === 0 ? '<span class="muted">none</span>' : failingRuns(r);
  return `<tr class="${r.met ? 'met' : 'unmet'}">
<td><strong>${escapeHtml(r.scenario)}</strong></td>
<td>${escapeHtml(r.design)}</td>
<td>${r.expectation === 'caught' ? 'caught' : 'clean'} ${r.pending ? '<span class="badge plain" title="no seed of this shard caught it; lockstep merge judges all shards">merge decides</span>' : r.met ? '<span class="badge good">met</span>' : '<span class="badge bad">NOT met</span>'}</td>
<td class="num">${formatCount(r.seedsWithViolations)} of ${formatCount(r.seedsRun)} <span class="muted">(${escapeHtml(formatPercent(r.seedsWithViolations / Math.max(1, r.seedsRun)))})</span></td>
<td>${kindChips}</td>
<td>${firstCatch}</td>
<td>${worst}</td>
<td>${escapeHtml(`seed ${r.slowest.seed}`)} <span class="muted">${escapeHtml(formatWallMs(r.slowest.wallMs))}</span></td>
<td>${failing}</td>
</tr>`;
}

/**
 * The runs with violations. For a design expected to be caught they are the expected catches, so
 * they fold into a compact list of seed numbers; for a design expected to be clean each one is a
 * bug, listed with its kinds.
 */
function failingRuns(r: SweepRow): string {
  const shown = r.expectation === 'caught' ? COMPACT_SHOWN : LINKS_SHOWN;
  const item = (f: FailingRun): string =>
    r.expectation === 'caught'
      ? `<li title="${escapeHtml([f.kinds.join(', '), f.repro].filter(Boolean).join(' · '))}">${seedLink(f.seed, f, String(f.seed))}</li>`
      : `<li>${seedLink(f.seed, f)} <span class="muted">${escapeHtml(f.kinds.join(', '))}</span>${f.repro ? ` <code>${escapeHtml(f.repro)}</code>` : ''}</li>`;
  const cls = r.expectation === 'caught' ? 'runs compact' : 'runs';
  const head = r.failing.slice(0, shown).map(item).join('');
  const rest = r.failing.slice(shown).map(item).join('');
  return `${r.expectation === 'caught' ? '<span class="muted">seeds </span>' : ''}<ul class="${cls}">${head}</ul>${
    rest ? `<details><summary>${formatCount(r.failing.length - shown)} more</summary><ul class="${cls}">${rest}</ul></details>` : ''
  }`;
}

/** "seed 17" linking to that run's report when the summary has a safe relative path for it. */
function seedLink(seed: number, run: FailingRun | undefined, label = `seed ${seed}`): string {
  const text = escapeHtml(label);
  const href = run?.report ? safeRelativeHref(run.report) : null;
  return href === null ? text : `<a href="${escapeHtml(href)}">${text}</a>`;
}

/** The kinds the sweep found, in words (the same table the run reports and the CLI use). */
function kindGlossary(rows: SweepRow[]): string {
  const found = new Set(rows.flatMap((r) => Object.entries(r.violationsByKind).filter(([, n]) => n > 0).map(([k]) => k)));
  const listed = VIOLATION_KINDS.filter((k) => found.has(k.kind));
  if (listed.length === 0) return '';
  return `<details class="glossary"><summary>What the kinds mean</summary><dl class="kinds">${listed
    .map((k) => `<dt><span class="badge plain">${escapeHtml(k.kind)}</span> ${escapeHtml(k.name)}</dt><dd>${escapeHtml(k.promise)}</dd>`)
    .join('')}</dl></details>`;
}

function kindsText(byKind: Record<string, number>): string {
  return Object.entries(byKind)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} × ${n}`)
    .join(', ');
}

/** Consecutive rows of one scenario, so its designs read as one block. */
function groupByScenario(rows: SweepRow[]): SweepRow[][] {
  const groups: SweepRow[][] = [];
  for (const r of rows) {
    const last = groups[groups.length - 1];
    if (last && last[0]?.scenario === r.scenario) last.push(r);
    else groups.push([r]);
  }
  return groups;
}
