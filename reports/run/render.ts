/**
 * The run report: one self-contained HTML page that tells a reader who has never seen lockstep
 * what went wrong (or that nothing did), shows it on a true-time timeline, and gives the command
 * that reproduces it.
 */
import type { RunRecord, Violation } from '../../checker/history.js';
import { describeValue, embedJson, escapeHtml } from '../html/escape.js';
import { formatCount, formatDurationNs, formatInstantNs, formatWallMs } from '../html/format.js';
import { renderPage } from '../html/page.js';
import type { RunReportInput, RunResult } from '../types.js';
import { renderClockChart } from './clock-chart.js';
import { renderElections } from './elections.js';
import { renderLeaseAudit } from './lease-audit.js';
import { renderMessageCounts } from './message-counts.js';
import { RUN_CSS } from './style.js';
import { FAULT_CLASSES, buildTimeline, type TimelineData } from './timeline-data.js';
import { TIMELINE_SCRIPT } from './timeline-script.js';
import { expectationMet, verdictWords, violationsInTimeOrder } from './verdict.js';
import { focusViolation } from './violation-focus.js';
import { kindName, kindPromise } from './violation-kinds.js';

const SIMULATED_ABOUT =
  '<p class="about">lockstep runs a lock service in a deterministic simulation: servers and clients on simulated clocks and a simulated network, while a nemesis injects partitions, pauses, clock faults and crashes. Everything below is in <em>true time</em>, which no node can see; the checkers compare what clients believed and what the protected resource accepted against it. The same seed replays the same run exactly.</p>';

/** Violation cards shown on the page; the timeline still marks every violation. */
const MAX_VIOLATION_CARDS = 50;

export function renderRunReport({ result, record, trace }: RunReportInput): string {
  const timeline = buildTimeline(result, record, trace);
  const verdict = verdictWords(result, record);
  const ordered = violationsInTimeOrder(result.violations);
  const title = `${verdict.tone.toUpperCase()} · ${result.scenario} (${result.design}) seed ${result.seed} · lockstep`;

  const body = `
${renderHeader(result, record, timeline, verdict, ordered[0])}
<nav class="sections"><div class="inner">
${ordered.length > 0 ? '<a href="#violations">Violations</a>' : ''}
<a href="#timeline-section">Timeline</a>
<a href="#lease-audit">Lease audit</a>
<a href="#elections">Elections and terms</a>
<a href="#clocks">Clocks</a>
<a href="#messages">Operations and messages</a>
<a href="#run-details">Run details</a>
</div></nav>
<main>
${ordered.length > 0 ? renderViolations(ordered, record) : ''}
${renderTimelineSection(timeline)}
<section class="card" id="lease-audit"><h2>Lease audit</h2>
<p class="muted">For each grant: when the lock service considered it over, and until when the client believed it still held the lock (both in true time).</p>
${renderLeaseAudit(record, timeline.t1)}</section>
<section class="card" id="elections"><h2>Raft elections and terms</h2>${renderElections(trace)}</section>
<section class="card" id="clocks"><h2>Clock offsets</h2>${renderClockChart(trace, timeline.t1)}</section>
<section class="card" id="messages"><h2>Operations and messages</h2>${renderMessageCounts(record.history, result.stats, trace)}</section>
${renderRunDetails(result)}
</main>
<div id="tl-tip" class="tip" hidden></div>
<script type="application/json" id="timeline-data">${embedJson(timeline)}</script>`;

  return renderPage({ title, css: RUN_CSS, body, scripts: [TIMELINE_SCRIPT] });
}

function renderHeader(
  result: RunResult,
  record: RunRecord,
  timeline: TimelineData,
  verdict: ReturnType<typeof verdictWords>,
  first: Violation | undefined,
): string {
  const met = expectationMet(result);
  const expectation =
    result.expectation === undefined
      ? ''
      : `<div><dt>Expected</dt><dd>${escapeHtml(result.expectation)} ${
          met === null ? '' : met ? '<span class="badge good">met</span>' : '<span class="badge bad">not met</span>'
        }</dd></div>`;
  const servers = timeline.lanes.filter((l) => l.kind === 'server').length;
  const clients = timeline.lanes.filter((l) => l.kind === 'client').length;
  const operations = timeline.ops.length;
  const faults = timeline.faults.length;
  const params = Object.entries(result.params);
  const whatHappened =
    first === undefined || result.valid !== false
      ? ''
      : `<div class="what-happened"><span class="label">What happened</span>${escapeHtml(first.explanation)}
 <button type="button" data-show-violation="1">Show it on the timeline</button></div>`;
  return `<header class="verdict ${verdict.tone}"><div class="inner">
<div class="eyebrow">lockstep safety report · scenario <strong>${escapeHtml(result.scenario)}</strong> · design <strong>${escapeHtml(result.design)}</strong> · seed <strong>${escapeHtml(result.seed)}</strong></div>
<h1 id="verdict">${escapeHtml(verdict.headline)}</h1>
<p class="summary">${escapeHtml(verdict.summary)}</p>
${whatHappened}
<div class="repro"><strong>Reproduce with</strong> <code class="repro-command">${escapeHtml(result.repro)}</code></div>
<dl class="facts">
${expectation}
<div><dt>Seed</dt><dd>${escapeHtml(result.seed)}</dd></div>
<div><dt>Simulated time</dt><dd>${escapeHtml(formatDurationNs(result.simTimeNs))}</dd></div>
<div><dt>Cluster</dt><dd>${servers > 0 ? `${servers} servers · ` : ''}${clients} clients</dd></div>
<div><dt>Operations</dt><dd>${formatCount(operations)}</dd></div>
<div><dt>Faults injected</dt><dd>${formatCount(faults)}</dd></div>
<div><dt>Violations</dt><dd>${formatCount(result.violations.length)}</dd></div>
<div><dt>Wall time</dt><dd>${escapeHtml(formatWallMs(result.wallMs))}</dd></div>
<div><dt>Trace hash</dt><dd class="mono">${escapeHtml(result.traceHash)}</dd></div>
</dl>
<details class="params"><summary>Derived parameters (${params.length}): everything the seed decided</summary>
${params.length === 0 ? '<p class="muted">None recorded.</p>' : keyValueTable(params)}
</details>
${result.about !== undefined ? `<p class="about live">${escapeHtml(result.about)}</p>` : SIMULATED_ABOUT}
</div></header>`;
}

function renderViolations(ordered: Violation[], record: RunRecord): string {
  const cards = ordered.slice(0, MAX_VIOLATION_CARDS).map((v, i) => {
    const n = i + 1;
    const focus = focusViolation(v, record);
    const meta: string[] = [];
    if (focus.subject !== null) meta.push(`about <strong>${escapeHtml(focus.subject)}</strong>`);
    if (v.ops.length > 0) {
      const shown = v.ops.slice(0, 12).map((o) => `#${escapeHtml(o)}`);
      meta.push(`operations ${shown.join(', ')}${v.ops.length > 12 ? ` and ${v.ops.length - 12} more` : ''} (history indices)`);
    }
    if (focus.prefix.length > 0) meta.push(`the longest linearizable prefix has ${focus.prefix.length} operations (green on the timeline)`);
    return `<article class="violation${n === 1 ? ' selected' : ''}" data-violation="${n}">
<div class="v-head"><span class="v-num">${n}</span><span class="badge bad">${escapeHtml(v.kind)}</span><strong>${escapeHtml(kindName(v.kind))}</strong>
<span class="muted">visible at ${escapeHtml(formatInstantNs(v.at))}${v.checker ? ` · found by ${escapeHtml(v.checker)}` : ''}</span></div>
<p class="v-expl">${escapeHtml(v.explanation)}</p>
<p class="v-rule muted">The rule: ${escapeHtml(kindPromise(v.kind))}</p>
${meta.length > 0 ? `<p class="v-meta muted">${meta.join(' · ')}</p>` : ''}
<button type="button" data-show-violation="${n}">Show on timeline</button>
</article>`;
  });
  const more =
    ordered.length > MAX_VIOLATION_CARDS
      ? `<p class="muted">${formatCount(ordered.length - MAX_VIOLATION_CARDS)} more violations are marked on the timeline but not listed here.</p>`
      : '';
  return `<section class="card" id="violations"><h2>Violations, in the order they became visible</h2>
${cards.join('\n')}
${more}</section>`;
}

function renderTimelineSection(t: TimelineData): string {
  return `<section class="card" id="timeline-section"><h2>Timeline in true time</h2>
<div id="timeline" class="timeline" data-ready="0">
<div class="tl-controls">
<button type="button" data-zoom="in">Zoom in</button>
<button type="button" data-zoom="out">Zoom out</button>
<button type="button" data-zoom="left">◀ Earlier</button>
<button type="button" data-zoom="right">Later ▶</button>
<button type="button" data-zoom="reset">Whole run</button>
${t.violations.length > 0 ? '<button type="button" data-zoom="violation">Selected violation</button>' : ''}
<span class="hint">Drag across the timeline to zoom into a time range; double-click for the whole run; Ctrl+wheel zooms; hover for details.</span>
</div>
<div class="tl-canvas-wrap"><canvas class="tl-canvas" aria-label="timeline of the run in true time"></canvas><div class="tl-selection"></div></div>
<div class="tl-status" aria-live="polite"></div>
<div class="tl-legend">
${legend(t)}
</div>
<noscript><p class="bad">The timeline is drawn by the page's own script; enable JavaScript to see it. Every other section works without it.</p></noscript>
</div></section>`;
}

/** The legend of what this timeline actually draws. */
function legend(t: TimelineData): string {
  const sw = (color: string, label: string, extra = ''): string =>
    `<span><span class="sw" style="background:${color};${extra}"></span>${label}</span>`;
  const has = (kind: string): boolean => t.lanes.some((l) => l.kind === kind);
  const classes = new Set<string>(t.faults.map((f) => FAULT_CLASSES[f[4]] ?? 'other'));
  const faultSwatches: [string, string, string][] = [
    ['partition', 'rgba(124,77,255,.6)', 'partition'],
    ['pause', 'rgba(235,120,20,.6)', 'pause fault'],
    ['clock', 'rgba(0,140,130,.6)', 'clock fault'],
    ['crash', 'rgba(70,70,70,.6)', 'crash'],
    ['network', 'rgba(30,130,220,.6)', 'message delay/loss'],
    ['other', 'rgba(120,120,120,.6)', 'other fault'],
  ];
  const parts = [sw('#4f9d5d', 'operation ok'), sw('#b3bcc9', 'fail (did not happen)'), sw('#efa821', 'info (outcome unknown)')];
  if (has('server')) parts.push(sw('#2463a6', 'leader'), sw('#f4c550', 'candidate'), sw('#dbe3ee', 'follower'));
  if (has('server') || has('process')) parts.push(sw('#eef1f5', 'up (role unknown)'), sw('#262a30', 'down (crashed)'));
  if (t.pauses.length > 0) parts.push(sw('repeating-linear-gradient(135deg,#eb7814 0 2px,transparent 2px 5px)', 'paused'));
  for (const [cls, color, label] of faultSwatches) if (classes.has(cls)) parts.push(sw(color, label));
  if (has('belief') || has('grant')) parts.push(sw('#3b7dd8', 'belief / grant: one colour per client'));
  if (has('writes')) parts.push(sw('#2f7d45', 'write accepted', 'width:3px'), '<span>× write refused</span>');
  if (t.violations.length > 0) parts.push(sw('#d62828', 'violation (numbered on the axis, red outlines)'));
  if (t.violations.some((v) => v.prefix.length > 0)) parts.push(sw('#0f6b2c', 'longest linearizable prefix (underlined)'));
  return parts.join('');
}

function renderRunDetails(result: RunResult): string {
  const stats = Object.entries(result.stats).filter(([k]) => k !== 'messages');
  return `<section class="card" id="run-details"><h2>Run details</h2>
<div class="two-col"><div><h3>Run</h3>${keyValueTable([
    ['scenario', result.scenario],
    ['design', result.design],
    ['seed', result.seed],
    ['verdict', result.valid === true ? 'valid (safe on this seed)' : result.valid === false ? 'invalid (unsafe)' : 'unknown'],
    ['simulated time', formatDurationNs(result.simTimeNs)],
    ['wall time', formatWallMs(result.wallMs)],
    ['trace hash', result.traceHash],
    ['reproduce', result.repro],
  ])}</div>
<div><h3>Statistics</h3>${stats.length === 0 ? '<p class="muted">None recorded.</p>' : keyValueTable(stats)}</div></div>
</section>`;
}

function keyValueTable(entries: [string, unknown][]): string {
  return `<table class="data kv"><tbody>
${entries.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td class="mono">${escapeHtml(describeValue(v, 400))}</td></tr>`).join('\n')}
</tbody></table>`;
}
