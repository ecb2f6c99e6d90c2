/**
 * The per-key view of a multi-key history (jepsen.independent's shape): one row per key with its
 * operations by outcome, the stories whose violations are about it, and a strip of its operations
 * over true time with those violations marked. The timeline's key selector draws one key alone.
 */
import { escapeHtml } from '../html/escape.js';
import { compareNatural, formatCount } from '../html/format.js';
import type { TimelineData } from './timeline-data.js';

/** Keys listed in full (the most operations first); the rest are counted. */
const KEYS_SHOWN = 60;
const STRIP_W = 400;
const STRIP_H = 22;
const OUTCOME_COLORS = ['#4f9d5d', '#b3bcc9', '#efa821', '#efa821'];

export interface KeySummary {
  key: string;
  ops: number;
  /** Completions by outcome: ok, fail, info, never completed. */
  outcomes: [number, number, number, number];
  /** Stories with a violation about this key. */
  stories: number[];
  violations: number;
}

export function summariseKeys(t: TimelineData): KeySummary[] {
  const byKey = new Map<string, KeySummary>();
  for (const o of t.ops) {
    if (o[7] === '') continue;
    const k = byKey.get(o[7]) ?? { key: o[7], ops: 0, outcomes: [0, 0, 0, 0], stories: [], violations: 0 };
    k.ops++;
    k.outcomes[o[3] as 0 | 1 | 2 | 3]++;
    byKey.set(o[7], k);
  }
  for (const v of t.violations) {
    const k = v.subject === null ? undefined : byKey.get(v.subject);
    if (!k) continue;
    k.violations++;
    if (!k.stories.includes(v.story)) k.stories.push(v.story);
  }
  return [...byKey.values()].sort((a, b) => b.violations - a.violations || b.ops - a.ops || compareNatural(a.key, b.key));
}

export function renderPerKey(t: TimelineData): string {
  const keys = summariseKeys(t);
  const x = (ns: number): number => ((ns - t.t0) / Math.max(1, t.t1 - t.t0)) * STRIP_W;
  const rows = keys.slice(0, KEYS_SHOWN).map((k) => {
    // One tick per pixel column, coloured by the worst outcome in it (as the timeline samples).
    const worst = new Map<number, number>();
    for (const o of t.ops) {
      if (o[7] !== k.key) continue;
      const px = Math.min(STRIP_W - 1, Math.floor(x(o[1])));
      const sev = o[3] === 0 ? 0 : o[3] === 1 ? 1 : 2;
      worst.set(px, Math.max(worst.get(px) ?? -1, sev));
    }
    const ticks = [...worst].map(([px, sev]) => `<rect x="${px}" y="5" width="1" height="12" fill="${OUTCOME_COLORS[sev]}"/>`).join('');
    const marks = t.violations
      .filter((v) => v.subject === k.key)
      .map((v) => `<rect x="${Math.min(STRIP_W - 2, Math.max(0, x(v.at) - 1)).toFixed(1)}" y="0" width="2" height="${STRIP_H}" fill="#d62828"><title>${escapeHtml(`${v.kind} (story ${v.story})`)}</title></rect>`)
      .join('');
    const stories =
      k.stories.length === 0
        ? '<span class="muted">none</span>'
        : k.stories.map((n) => `<a href="#story-${n}">story ${n}</a>`).join(', ');
    return `<tr${k.violations > 0 ? ' class="bad-row"' : ''} data-key="${escapeHtml(k.key)}"><td class="mono">${escapeHtml(k.key)}</td><td class="num">${formatCount(k.ops)}</td>
<td class="num">${formatCount(k.outcomes[0])}</td><td class="num">${formatCount(k.outcomes[1])}</td><td class="num">${formatCount(k.outcomes[2] + k.outcomes[3])}</td>
<td class="num">${formatCount(k.violations)}</td><td>${stories}</td>
<td class="spark"><svg class="spark" viewBox="0 0 ${STRIP_W} ${STRIP_H}" preserveAspectRatio="none" role="img" aria-label="operations on ${escapeHtml(k.key)} over true time"><rect x="0" y="10" width="${STRIP_W}" height="2" fill="#e8edf4"/>${ticks}${marks}</svg></td></tr>`;
  });
  const more = keys.length > KEYS_SHOWN ? `<p class="muted">The ${KEYS_SHOWN} keys with the most violations and operations are shown, of ${formatCount(keys.length)}.</p>` : '';
  return `<p>${formatCount(keys.length)} keys. Each is checked on its own (as jepsen.independent does); a red line in a key's strip is a violation about it. The timeline's <em>Key</em> selector draws one key's operations alone.</p>
<table class="data keys"><thead><tr><th>key</th><th class="num">operations</th><th class="num">ok</th><th class="num">fail</th><th class="num">info or open</th><th class="num">violations</th><th>stories</th><th>operations over true time</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table>
${more}`;
}
