/**
 * Per-node clock offsets over true time, from the trace's `clock` events, as a small inline SVG
 * line chart. Between two events a node's wall clock keeps drifting at its last rate, so the
 * lines slope rather than step.
 */
import type { TraceEvent } from '../../checker/trace.js';
import { escapeHtml } from '../html/escape.js';
import { compareNatural, formatDurationNs } from '../html/format.js';

export interface ClockSeries {
  node: string;
  /** [true time, wall-clock offset from true time] points, in ns. */
  points: [number, number][];
  /** Largest absolute offset seen. */
  worstNs: number;
  /** Last known drift, in parts per million, when the trace gave one. */
  driftPpm: number | null;
}

/** At most this many points per node reach the page (min and max per time bucket are kept). */
const MAX_POINTS = 400;

export function clockSeries(trace: TraceEvent[], runEnd: number): ClockSeries[] {
  const raw = new Map<string, { t: number; offset: number; ppm: number }[]>();
  for (const ev of trace) {
    if (ev.kind !== 'clock') continue;
    const node = typeof ev.data?.['node'] === 'string' ? (ev.data['node'] as string) : ev.node;
    const offset = ev.data?.['wallOffsetNs'] ?? ev.data?.['offsetNs'];
    if (node === undefined || typeof offset !== 'number') continue;
    const ppm = driftOf(ev.data ?? {});
    const list = raw.get(node) ?? [];
    list.push({ t: ev.t, offset, ppm });
    raw.set(node, list);
  }
  return [...raw.keys()].sort(compareNatural).map((node) => {
    const events = raw.get(node) ?? [];
    const points: [number, number][] = [];
    events.forEach((e, i) => {
      const next = events[i + 1]?.t ?? runEnd;
      points.push([e.t, e.offset]);
      if (next > e.t && e.ppm !== 0) points.push([next, e.offset + (e.ppm * (next - e.t)) / 1e6]);
    });
    const last = events[events.length - 1];
    if (last && last.ppm === 0 && runEnd > last.t) points.push([runEnd, last.offset]);
    return {
      node,
      points: downsample(points, runEnd),
      worstNs: Math.max(0, ...points.map((p) => Math.abs(p[1]))),
      driftPpm: last && last.ppm !== 0 ? last.ppm : last ? 0 : null,
    };
  });
}

function driftOf(data: Record<string, unknown>): number {
  const ppm = data['driftPpm'];
  if (typeof ppm === 'number') return ppm;
  const rate = data['rate'];
  if (typeof rate === 'number') return (rate - 1) * 1e6;
  return 0;
}

function downsample(points: [number, number][], runEnd: number): [number, number][] {
  if (points.length <= MAX_POINTS) return points;
  const buckets = MAX_POINTS / 2;
  const out: [number, number][] = [];
  let b = -1;
  let lo: [number, number] | null = null;
  let hi: [number, number] | null = null;
  const flush = (): void => {
    if (lo && hi) out.push(...(lo[0] <= hi[0] ? [lo, hi] : [hi, lo]));
  };
  for (const p of points) {
    const pb = Math.min(buckets - 1, Math.floor((p[0] / Math.max(1, runEnd)) * buckets));
    if (pb !== b) {
      flush();
      b = pb;
      lo = p;
      hi = p;
    } else {
      if (p[1] < (lo as [number, number])[1]) lo = p;
      if (p[1] > (hi as [number, number])[1]) hi = p;
    }
  }
  flush();
  return out;
}

const COLORS = ['#3b7dd8', '#d9534f', '#2a9d8f', '#9b59b6', '#e67e22', '#16a085', '#c0392b', '#8e6c3a', '#d63384', '#5d6d7e'];

export function renderClockChart(trace: TraceEvent[], runEnd: number): string {
  const series = clockSeries(trace, runEnd);
  if (series.length === 0) {
    return '<p class="muted">The trace has no clock events: no clock was offset, stepped or set drifting in this run.</p>';
  }
  const W = 820;
  const H = 220;
  const L = 70;
  const R = 12;
  const T = 12;
  const B = 28;
  let lo = 0;
  let hi = 0;
  for (const s of series) {
    for (const [, v] of s.points) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  if (hi - lo < 1) hi = lo + 1;
  const x = (t: number): number => L + (t / Math.max(1, runEnd)) * (W - L - R);
  const y = (v: number): number => T + ((hi - v) / (hi - lo)) * (H - T - B);
  const fmt = (n: number): string => n.toFixed(1);
  const lines = series
    .map((s, i) => {
      const d = s.points.map(([t, v], k) => `${k === 0 ? 'M' : 'L'}${fmt(x(t))} ${fmt(y(v))}`).join(' ');
      return `<path d="${d}" fill="none" stroke="${COLORS[i % COLORS.length]}" stroke-width="1.6"><title>${escapeHtml(s.node)}</title></path>`;
    })
    .join('\n');
  const yTicks = niceTicks(lo, hi, 4)
    .map(
      (v) =>
        `<line x1="${L}" x2="${W - R}" y1="${fmt(y(v))}" y2="${fmt(y(v))}" class="grid"/><text x="${L - 6}" y="${fmt(y(v) + 4)}" text-anchor="end">${escapeHtml(formatDurationNs(v))}</text>`,
    )
    .join('');
  const zero = `<line x1="${L}" x2="${W - R}" y1="${fmt(y(0))}" y2="${fmt(y(0))}" class="zero"/>`;
  const xTicks = niceTicks(0, runEnd, 6)
    .map((t) => `<text x="${fmt(x(t))}" y="${H - 8}" text-anchor="middle">${escapeHtml(formatDurationNs(t))}</text>`)
    .join('');
  const legend = series
    .map(
      (s, i) =>
        `<li><span class="swatch" style="background:${COLORS[i % COLORS.length]}"></span>${escapeHtml(s.node)}: worst offset ${escapeHtml(formatDurationNs(s.worstNs))}${s.driftPpm ? `, drift ${escapeHtml(s.driftPpm.toFixed(0))} ppm` : ''}</li>`,
    )
    .join('');
  return `<p>How far each node's wall clock was from true time (above the line: ahead). Lockstep's checkers always judge in true time; nodes only ever see their own clocks.</p>
<svg class="chart" viewBox="0 0 ${W} ${H}" role="img" aria-label="clock offsets over true time">
${yTicks}${zero}${xTicks}
${lines}
</svg>
<ul class="legend">${legend}</ul>`;
}

/** Round tick values (1, 2 or 5 times a power of ten apart) covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, count: number): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / Math.max(1, count);
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  const step = (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  return ticks;
}
