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
import { renderPerKey } from './per-key.js';
import { renderPerformance } from './perf-chart.js';
import { RUN_CSS } from './style.js';
import { FAULT_CLASSES, ROLES, buildTimeline, type TimelineData } from './timeline-data.js';
import { TIMELINE_SCRIPT } from './timeline-script.js';
import { expectationMet, verdictWords, violationsInTimeOrder } from './verdict.js';
import { VIOLATION_KINDS, kindName, kindPromise } from '../violation-kinds.js';
import { nameProcesses, processNames } from './process-names.js';

const SIMULATED_ABOUT =
  '<p class="about">lockstep runs a lock service in a deterministic simulation: servers and clients on simulated clocks and a simulated network, while a nemesis injects partitions, pauses, clock faults and crashes. Everything below is in <em>true time</em>, which no node can see; the checkers compare what clients believed and what the protected resource accepted against it. The same seed replays the same run exactly.</p>';

export function renderRunReport({ result, record, trace }: RunReportInput): string {
  const timeline = buildTimeline(result, record, trace);
  const verdict = verdictWords(result, record, timeline.stories.length);
  const ordered = violationsInTimeOrder(result.violations);
  const title = `${verdict.tone.toUpperCase()} · ${result.scenario} (${result.design}) seed ${result.seed} · lockstep`;

  const body = `
${renderHeader(result, record, timeline, verdict, ordered[0])}
<nav class="sections"><div class="inner">
${ordered.length > 0 ? '<a href="#violations">What went wrong</a>' : ''}
<a href="#timeline-section">Timeline</a>
<a href="#performance">Latency and throughput</a>
${timeline.keys.length > 1 ? '<a href="#keys">Per key</a>' : ''}
<a href="#lease-audit">Lease audit</a>
<a href="#elections">Elections and terms</a>
<a href="#clocks">Clocks</a>
<a href="#messages">Operations and messages</a>
<a href="#run-details">Run details</a>
</div></nav>
<main>
${ordered.length > 0 ? renderStories(timeline) : ''}
${renderTimelineSection(timeline)}
<section class="card" id="performance"><h2>Latency and throughput</h2>${renderPerformance(timeline)}</section>
${timeline.keys.length > 1 ? `<section class="card" id="keys"><h2>Per key</h2>${renderPerKey(timeline)}</section>` : ''}
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
      : `<div class="what-happened"><span class="label">What happened</span>${escapeHtml(nameProcesses(first.explanation, processNames(record.history)))}
 <button type="button" data-show-story="1">Show it on the timeline</button></div>`;
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

/** Followers listed in a story before the rest fold away, and candidate faults named in full. */
const FOLLOWERS_SHOWN = 4;
const CANDIDATES_SHOWN = 6;

/**
 * The violations as stories: each root cause with the violations that follow from it, the faults
 * that were under way (causal candidates, each a link to the fault lane) and the processes
 * involved. One story per card, however many violations it holds.
 */
function renderStories(t: TimelineData): string {
  const kinds = [...new Set(t.violations.map((v) => v.kind))];
  const cards = t.stories.map((st) => {
    const root = t.violations[(st.violations[0] as number) - 1] as TimelineData['violations'][number];
    const followers = st.violations.slice(1).map((n) => t.violations[n - 1] as TimelineData['violations'][number]);
    const countByKind = new Map<string, number>();
    for (const v of followers) countByKind.set(v.kind, (countByKind.get(v.kind) ?? 0) + 1);
    const chips = [...countByKind].map(([k, n]) => `<span class="badge plain" title="${escapeHtml(kindName(k))}">then ${escapeHtml(k)} ×${n}</span>`).join(' ');
    const follower = (v: TimelineData['violations'][number]): string =>
      `<li data-violation="${v.n}"><span class="badge bad" title="${escapeHtml(kindName(v.kind))}">${escapeHtml(v.kind)}</span> ${escapeHtml(v.explanation)} <span class="muted">visible at ${escapeHtml(formatInstantNs(v.at))}</span></li>`;
    const shown = followers.slice(0, FOLLOWERS_SHOWN).map(follower).join('\n');
    const rest = followers.slice(FOLLOWERS_SHOWN).map(follower).join('\n');
    const followedBy = `<ol class="followers">${shown}</ol>${rest ? `<details><summary>${followers.length - FOLLOWERS_SHOWN} more that follow from it</summary><ol class="followers" start="${FOLLOWERS_SHOWN + 1}">${rest}</ol></details>` : ''}`;
    const candidate = (fi: number): string => {
      const f = t.faults[fi] as TimelineData['faults'][number];
      const strong = st.strong.includes(fi);
      const gap = root.at > f[2] ? `ended ${formatDurationNs(root.at - f[2])} before the root became visible` : root.at < f[1] ? `began ${formatDurationNs(f[1] - root.at)} after it` : 'under way when it became visible';
      return `<li class="${strong ? 'strong' : ''}"><button type="button" class="fault-link" data-fault="${fi}">${escapeHtml(f[10])} ${escapeHtml(f[6] || '')}</button> <span class="mono">${escapeHtml(formatInstantNs(f[1]))} → ${f[8] ? 'never healed' : escapeHtml(formatInstantNs(f[2]))}</span> <span class="muted">${strong ? 'on a process involved; ' : ''}${escapeHtml(gap)}</span></li>`;
    };
    const listed = st.faults.slice(0, CANDIDATES_SHOWN);
    const candidates =
      st.faults.length === 0
        ? '<p class="muted">No injected fault overlaps this story in time: look for the cause in the design itself.</p>'
        : `<ul class="candidates">${listed.map(candidate).join('\n')}</ul>${
            st.faults.length > CANDIDATES_SHOWN
              ? `<p class="muted">…and ${formatCount(st.faults.length - CANDIDATES_SHOWN)} more faults overlap the story; the fault lane marks them all when the story is selected.</p>`
              : ''
          }`;
    return `<article class="story${st.n === 1 ? ' selected' : ''}" id="story-${st.n}" data-story="${st.n}">
<div class="v-head"><span class="v-num">${st.n}</span><span class="badge bad" title="${escapeHtml(kindName(root.kind))}">${escapeHtml(root.kind)}</span><strong>${escapeHtml(root.title)}</strong> ${chips}
<span class="muted">root visible at ${escapeHtml(formatInstantNs(root.at))}</span></div>
<p class="v-expl" data-violation="${root.n}">${escapeHtml(root.explanation)}</p>
<p class="v-rule muted">The rule: ${escapeHtml(kindPromise(root.kind))}</p>
${rootMeta(root)}
<div class="s-cols${followers.length === 0 ? ' single' : ''}">
${followers.length === 0 ? '' : `<div><h4>Followed by ${followers.length} ${followers.length === 1 ? 'violation' : 'violations'}</h4>${followedBy}</div>`}
<div><h4>Causal candidates</h4><p class="involved">Processes involved: ${st.processes.length === 0 ? '<span class="muted">none named</span>' : st.processes.map((p) => `<strong>${escapeHtml(p)}</strong>`).join(', ')}</p>
<p class="muted small">Faults under way while the root unfolded (on the processes involved first). Candidates, not a verdict; click one to find it in the fault lane.</p>
${candidates}</div>
</div>
<button type="button" data-show-story="${st.n}">Show story ${st.n} on the timeline</button>
</article>`;
  });
  const total = t.violations.length;
  return `<section class="card" id="violations"><h2>What went wrong: ${formatCount(total)} ${total === 1 ? 'violation' : 'violations'}${t.stories.length < total ? `, from ${t.stories.length} root ${t.stories.length === 1 ? 'cause' : 'causes'}` : ''}</h2>
<p class="muted">A violation that follows from an earlier one (a lost update whose two writes straddle a stale write, or one that names the same fencing token) is told under it, as one story. Stories are numbered as their roots became visible; the numbers are the red flags on the timeline.</p>
${cards.join('\n')}
${renderKindGlossary(kinds)}
</section>`;
}

/** What the root is about: its lock or key, its operations, the longest linearizable prefix. */
function rootMeta(v: TimelineData['violations'][number]): string {
  const meta: string[] = [];
  if (v.subject !== null) meta.push(`about <strong>${escapeHtml(v.subject)}</strong>`);
  if (v.ops.length > 0) meta.push(`${v.ops.length} ${v.ops.length === 1 ? 'operation' : 'operations'} outlined on the timeline`);
  if (v.prefix.length > 0) meta.push(`the longest linearizable prefix has ${v.prefix.length} operations (underlined in green on the timeline)`);
  return meta.length > 0 ? `<p class="v-meta muted small">${meta.join(' · ')}</p>` : '';
}

/** The violation kinds this run found, explained (the full table lives in reports/violation-kinds.ts). */
function renderKindGlossary(kinds: string[]): string {
  if (kinds.length === 0) return '';
  const rows = VIOLATION_KINDS.filter((k) => kinds.includes(k.kind))
    .map((k) => `<tr><td><span class="badge bad">${escapeHtml(k.kind)}</span></td><td><strong>${escapeHtml(k.name)}</strong></td><td>${escapeHtml(k.promise)}</td><td class="muted">${escapeHtml(k.checkedBy)}</td></tr>`)
    .join('\n');
  const others = VIOLATION_KINDS.filter((k) => !kinds.includes(k.kind))
    .map((k) => `<span title="${escapeHtml(`${k.name}: ${k.promise}`)}">${escapeHtml(k.kind)}</span>`)
    .join(', ');
  return `<details class="glossary" open><summary>What the kinds mean</summary>
<table class="data"><thead><tr><th>kind</th><th>name</th><th>the rule</th><th>checked by</th></tr></thead><tbody>
${rows}
</tbody></table>
<p class="muted small">Other kinds lockstep checks (none found here): ${others}.</p></details>`;
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
${t.stories.length > 0 ? '<button type="button" data-zoom="violation">Selected story</button>' : ''}
${t.keys.length > 1 ? `<label class="tl-key-label">Key <select class="tl-key"><option value="">all ${t.keys.length} keys</option></select></label>` : ''}
<span class="hint">Drag across the timeline to zoom into a time range; double-click for the whole run; Ctrl+wheel zooms; hover for details; click a fault to link it to its stories.</span>
</div>
<div class="tl-fault-links" hidden></div>
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
  const roles = new Set(t.roles.map((r) => ROLES[r[3]]));
  if (roles.has('leader')) parts.push(sw('#2463a6', 'leader'), sw('#f4c550', 'candidate'), sw('#dbe3ee', 'follower'));
  if (roles.has('primary') || roles.has('replica')) parts.push(sw('#2463a6', 'primary'), sw('#dbe3ee', 'replica'));
  if (roles.has('promoted')) parts.push(sw('#7b3fb0', 'promoted (a replica a failover made primary)'));
  if (roles.has('sentinel')) parts.push(sw('#e4ead6', 'sentinel'));
  if (t.sessions.length > 0) parts.push(sw('#8fcca0', 'session connected', 'height:3px'), sw('#f0b429', 'suspended', 'height:3px'), sw('#d62828', 'lost', 'height:3px'));
  if (has('server') || has('process')) parts.push(sw('#eef1f5', 'up (role unknown)'), sw('#262a30', 'down (crashed)'));
  if (t.pauses.length > 0) parts.push(sw('repeating-linear-gradient(135deg,#eb7814 0 2px,transparent 2px 5px)', 'paused'));
  for (const [cls, color, label] of faultSwatches) if (classes.has(cls)) parts.push(sw(color, label));
  if (has('belief') || has('grant')) parts.push(sw('#3b7dd8', 'belief / grant: one colour per client'));
  if (has('writes')) parts.push(sw('#2f7d45', 'write accepted', 'width:3px'), '<span>× write refused</span>');
  if (t.violations.length > 0) parts.push(sw('#d62828', 'story: numbered flag at its root, thin red lines at each violation, red outlines on what it involves, its candidate faults outlined'));
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
