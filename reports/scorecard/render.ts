/**
 * The scorecard page: for each system of a module, every catalogue hazard in table order with its
 * verdict — survived (seeds run), caught (first seed, kinds, the commands to reproduce and shrink
 * it), not applicable (the capability the system lacks), unknown, or crashed (the system's code failed).
 */
import { escapeHtml } from '../html/escape.js';
import { formatCount, formatWallMs } from '../html/format.js';
import { renderPage } from '../html/page.js';
import type { HazardScore, Scorecard, SystemScore } from './types.js';

const CSS = `
.verdict-survived { color: #1a7f37; font-weight: 600; }
.verdict-caught { color: #b42318; font-weight: 600; }
.verdict-not-applicable { color: #6b7280; }
.verdict-unknown, .verdict-crashed { color: #9a6700; font-weight: 600; }
td code { font-size: 0.85em; word-break: break-all; }
.tally { margin: 0.3em 0 1em; }
`;

export function renderScorecard(card: Scorecard): string {
  const title = `scorecard · ${card.module} · seeds ${card.seeds.from}..${card.seeds.to} · lockstep`;
  const body = `
<header class="verdict"><div class="inner">
<div class="eyebrow">lockstep scorecard · <strong>${escapeHtml(card.module)}</strong> · seeds ${card.seeds.from}..${card.seeds.to}</div>
<h1 id="verdict">${escapeHtml(headline(card))}</h1>
<p class="summary">Every documented hazard of the catalogue whose needs the system meets, run on every seed until one catches it. A caught hazard names the first seed and the command that replays it; "not applicable" names the capability the system does not offer.</p>
<dl class="facts">
<div><dt>Systems</dt><dd>${formatCount(card.systems.length)}</dd></div>
<div><dt>Seeds</dt><dd>${card.seeds.from}..${card.seeds.to}</dd></div>
<div><dt>Wall time</dt><dd>${escapeHtml(formatWallMs(card.wallMs))}</dd></div>
</dl>
</div></header>
<main>
${card.systems.map(renderSystem).join('\n')}
</main>`;
  return renderPage({ title, css: CSS, body });
}

function tally(system: SystemScore): Record<string, number> {
  const t: Record<string, number> = {};
  for (const h of system.hazards) t[h.verdict] = (t[h.verdict] ?? 0) + 1;
  return t;
}

function headline(card: Scorecard): string {
  return card.systems
    .map((s) => {
      const t = tally(s);
      return `${s.name}: ${t.caught ?? 0} caught, ${t.survived ?? 0} survived, ${t['not-applicable'] ?? 0} n/a${t.unknown ? `, ${t.unknown} unknown` : ''}${t.crashed ? `, ${t.crashed} crashed` : ''}`;
    })
    .join(' · ');
}

function renderSystem(s: SystemScore): string {
  return `<section class="card"><h2>${escapeHtml(s.name)}</h2>
${s.description ? `<p>${escapeHtml(s.description)}</p>` : ''}
<p class="tally">capabilities: ${escapeHtml(s.capabilities.join(', '))}</p>
<div class="table-wrap"><table class="data">
<thead><tr><th class="num">case</th><th>hazard</th><th>verdict</th><th class="num">seeds</th><th>what was found</th><th>reproduce / shrink</th></tr></thead>
<tbody>
${s.hazards.map(renderHazard).join('\n')}
</tbody></table></div></section>`;
}

function renderHazard(h: HazardScore): string {
  const verdict = h.verdict === 'not-applicable' ? 'not applicable' : h.verdict;
  let found = '';
  if (h.verdict === 'caught') found = `seed ${h.firstSeed}: ${escapeHtml((h.kinds ?? []).join(', '))}. ${escapeHtml(h.violation ?? '')}`;
  else if (h.verdict === 'not-applicable') found = `needs ${escapeHtml(h.missing ?? '')}`;
  else if (h.verdict === 'crashed') found = `seed ${h.firstSeed}: ${escapeHtml(h.error ?? '')}`;
  else if (h.verdict === 'unknown') found = `a checker could not decide on seeds ${escapeHtml((h.unknownSeeds ?? []).join(', '))}`;
  if (h.notJudged && Object.keys(h.notJudged).length > 0) {
    found += `<br><small>not judged: ${Object.entries(h.notJudged)
      .map(([v, why]) => `${escapeHtml(v)} (${escapeHtml(why)})`)
      .join('; ')}</small>`;
  }
  const commands = [h.repro, h.shrink].filter((c): c is string => c !== undefined).map((c) => `<code>${escapeHtml(c)}</code>`).join('<br>');
  return `<tr><td class="num">${h.case}</td><td><strong>${escapeHtml(h.hazard)}</strong><br><small>${escapeHtml(h.title)}</small></td><td class="verdict-${h.verdict}">${escapeHtml(verdict)}</td><td class="num">${h.seedsRun}</td><td>${found}</td><td>${commands}</td></tr>`;
}
