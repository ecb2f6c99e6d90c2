/**
 * Latency and throughput over true time, with the fault periods shaded behind them: what Jepsen's
 * perf checker draws, so a reader sees what each fault did to the clients (timeouts piling up
 * during a partition, throughput falling to nothing while the leader is paused). Inline SVG,
 * drawn from the timeline's rows; big histories are thinned per pixel column, never dropped.
 */
import { escapeHtml } from '../html/escape.js';
import { formatCount, formatDurationNs, formatInstantNs } from '../html/format.js';
import { niceTicks } from './clock-chart.js';
import { FAULT_CLASSES, OUTCOMES, type TimelineData } from './timeline-data.js';

const W = 1000;
const L = 70;
const R = 14;
const T = 10;
const B = 26;
const OUTCOME_COLORS = ['#3c8d4f', '#8a95a5', '#e09b12'];
const FAULT_COLORS = ['124,77,255', '235,120,20', '0,140,130', '70,70,70', '30,130,220', '120,120,120'];
/** The latency plot's lowest line. */
const FLOOR_NS = 1000;
/** Throughput buckets across the run. */
const BUCKETS = 100;

const fmt = (n: number): string => n.toFixed(1);

/** Every true-time interval in which at least one fault of a class was under way, per class. */
export function faultPeriods(t: TimelineData): { cls: number; spans: [number, number][] }[] {
  const out: { cls: number; spans: [number, number][] }[] = [];
  FAULT_CLASSES.forEach((_, cls) => {
    const spans = t.faults
      .filter((f) => f[4] === cls)
      .map((f): [number, number] => [f[1], f[2]])
      .sort((a, b) => a[0] - b[0]);
    const merged: [number, number][] = [];
    for (const s of spans) {
      const last = merged[merged.length - 1];
      if (last && s[0] <= last[1]) last[1] = Math.max(last[1], s[1]);
      else merged.push([s[0], s[1]]);
    }
    if (merged.length > 0) out.push({ cls, spans: merged });
  });
  return out;
}

function shading(t: TimelineData, x: (ns: number) => number, top: number, bottom: number): string {
  return faultPeriods(t)
    .map(({ cls, spans }) =>
      spans
        .map(
          ([a, b]) =>
            `<rect x="${fmt(x(a))}" y="${top}" width="${fmt(Math.max(1, x(b) - x(a)))}" height="${bottom - top}" fill="rgba(${FAULT_COLORS[cls]},0.13)"><title>${escapeHtml(FAULT_CLASSES[cls])}</title></rect>`,
        )
        .join(''),
    )
    .join('');
}

function xAxis(t: TimelineData, x: (ns: number) => number, H: number): string {
  return niceTicks(t.t0, t.t1, 8)
    .map((v) => `<line x1="${fmt(x(v))}" x2="${fmt(x(v))}" y1="${T}" y2="${H - B}" class="grid"/><text x="${fmt(x(v))}" y="${H - 8}" text-anchor="middle">${escapeHtml(formatInstantNs(v))}</text>`)
    .join('');
}

export function renderPerformance(t: TimelineData): string {
  const done = t.ops.filter((o) => o[3] < 3);
  if (done.length === 0) return '<p class="muted">No client operation completed, so there is no latency or throughput to draw.</p>';
  const x = (ns: number): number => L + ((ns - t.t0) / Math.max(1, t.t1 - t.t0)) * (W - L - R);
  const legend = OUTCOMES.slice(0, 3)
    .map((o, i) => `<span><span class="sw" style="background:${OUTCOME_COLORS[i]}"></span>${escapeHtml(o)}</span>`)
    .concat(faultPeriods(t).map(({ cls }) => `<span><span class="sw" style="background:rgba(${FAULT_COLORS[cls]},0.35)"></span>${escapeHtml(FAULT_CLASSES[cls] as string)} under way</span>`))
    .join('');
  return `<p>Each operation's latency (invocation to completion) at the moment it was invoked, and completions per second, over true time. Shaded: the periods in which a fault of that kind was under way.</p>
<div class="tl-legend">${legend}</div>
<div class="chart-block"><h3>Latency</h3>${latencyChart(t, done, x)}</div>
<div class="chart-block"><h3>Throughput</h3>${throughputChart(t, done, x)}</div>`;
}

function latencyChart(t: TimelineData, done: TimelineData['ops'], x: (ns: number) => number): string {
  const H = 260;
  // Below a microsecond is "instant" (an answer the client gave itself): drawn on the bottom line.
  const lat = done.map((o) => Math.max(FLOOR_NS, o[2] - o[1]));
  const lo = Math.min(...lat);
  const hi = Math.max(lo * 10, ...lat);
  const l0 = Math.floor(Math.log10(lo));
  const l1 = Math.ceil(Math.log10(hi));
  const y = (ns: number): number => T + ((l1 - Math.log10(Math.max(1, ns))) / Math.max(1, l1 - l0)) * (H - T - B);
  // Per pixel column and outcome, the fastest and the slowest operation: the shape survives thinning.
  const keep = new Map<string, { min: number; max: number; x: number; outcome: number }>();
  done.forEach((o, i) => {
    const px = Math.round(x(o[1]));
    const key = `${px}:${o[3]}`;
    const v = lat[i] as number;
    const k = keep.get(key);
    if (!k) keep.set(key, { min: v, max: v, x: px, outcome: o[3] });
    else {
      k.min = Math.min(k.min, v);
      k.max = Math.max(k.max, v);
    }
  });
  const dots: string[] = [[], [], []].map(() => '');
  for (const k of keep.values()) {
    const ys = k.min === k.max ? [k.min] : [k.min, k.max];
    for (const v of ys) dots[k.outcome] += `M${k.x} ${fmt(y(v))}h0.01`;
  }
  const paths = dots
    .map((d, i) => (d ? `<path d="${d}" stroke="${OUTCOME_COLORS[i]}" stroke-width="3.2" stroke-linecap="round" fill="none"><title>${escapeHtml(OUTCOMES[i] as string)}</title></path>` : ''))
    .join('');
  const yTicks: string[] = [];
  for (let p = l0; p <= l1; p++) {
    const v = 10 ** p;
    yTicks.push(`<line x1="${L}" x2="${W - R}" y1="${fmt(y(v))}" y2="${fmt(y(v))}" class="grid"/><text x="${L - 6}" y="${fmt(y(v) + 4)}" text-anchor="end">${escapeHtml(formatDurationNs(v))}</text>`);
  }
  return `<svg class="perf" id="latency-chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="latency of each operation over true time, log scale">
${shading(t, x, T, H - B)}${xAxis(t, x, H)}${yTicks.join('')}
<line x1="${L}" x2="${L}" y1="${T}" y2="${H - B}" class="axis"/>
${paths}
</svg>`;
}

function throughputChart(t: TimelineData, done: TimelineData['ops'], x: (ns: number) => number): string {
  const H = 200;
  const width = Math.max(1, (t.t1 - t.t0) / BUCKETS);
  const counts = [0, 1, 2].map(() => new Array<number>(BUCKETS).fill(0));
  for (const o of done) {
    const b = Math.min(BUCKETS - 1, Math.max(0, Math.floor((o[2] - t.t0) / width)));
    (counts[o[3]] as number[])[b]++;
  }
  const perSecond = (n: number): number => n / (width / 1e9);
  const top = Math.max(1, ...counts.flatMap((c) => c.map(perSecond)));
  const y = (v: number): number => T + (1 - v / top) * (H - T - B);
  const lines = counts
    .map((c, i) => {
      if (c.every((n) => n === 0)) return '';
      const d = c.map((n, b) => `${b === 0 ? 'M' : 'L'}${fmt(x(t.t0 + (b + 0.5) * width))} ${fmt(y(perSecond(n)))}`).join(' ');
      return `<path d="${d}" fill="none" stroke="${OUTCOME_COLORS[i]}" stroke-width="1.8"><title>${escapeHtml(OUTCOMES[i] as string)} per second</title></path>`;
    })
    .join('');
  const yTicks = niceTicks(0, top, 4)
    .map((v) => `<line x1="${L}" x2="${W - R}" y1="${fmt(y(v))}" y2="${fmt(y(v))}" class="grid"/><text x="${L - 6}" y="${fmt(y(v) + 4)}" text-anchor="end">${escapeHtml(formatCount(Math.round(v)))}/s</text>`)
    .join('');
  return `<svg class="perf" id="throughput-chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="completions per second over true time">
${shading(t, x, T, H - B)}${xAxis(t, x, H)}${yTicks}
<line x1="${L}" x2="${L}" y1="${T}" y2="${H - B}" class="axis"/>
${lines}
</svg>`;
}
