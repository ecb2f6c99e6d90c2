/**
 * Raft elections and terms, from the trace's `role` events: who stood, who won, how long the
 * cluster went without a leader, and how long each leader lasted.
 */
import type { TraceEvent } from '../../checker/trace.js';
import { escapeHtml } from '../html/escape.js';
import { compareNatural, formatCount, formatDurationNs, formatInstantNs } from '../html/format.js';

export interface TermSummary {
  term: number;
  candidates: string[];
  /** Leaders of the term in the order they won (more than one breaks election safety); `until`
   *  is null when the leader still led at the end of the run. */
  leaders: { node: string; at: number; until: number | null }[];
  /** First instant anyone stood for the term (or the first leader, for uncontested terms). */
  firstSeen: number;
}

export function summariseTerms(trace: TraceEvent[]): TermSummary[] {
  const terms = new Map<number, TermSummary>();
  const leading = new Map<string, { node: string; at: number; until: number | null }>();
  const termOf = (term: number, t: number): TermSummary => {
    let s = terms.get(term);
    if (!s) {
      s = { term, candidates: [], leaders: [], firstSeen: t };
      terms.set(term, s);
    }
    return s;
  };
  for (const ev of trace) {
    const node = typeof ev.data?.['node'] === 'string' ? (ev.data['node'] as string) : ev.node;
    if (node === undefined) continue;
    if (ev.kind === 'crash' || ev.kind === 'role') {
      const reign = leading.get(node);
      if (reign && !(ev.kind === 'role' && ev.data?.['role'] === 'leader')) {
        reign.until = ev.t;
        leading.delete(node);
      }
    }
    if (ev.kind !== 'role') continue;
    const term = ev.data?.['term'];
    if (typeof term !== 'number') continue;
    const role = ev.data?.['role'];
    if (role === 'candidate') {
      const s = termOf(term, ev.t);
      if (!s.candidates.includes(node)) s.candidates.push(node);
    } else if (role === 'leader') {
      const s = termOf(term, ev.t);
      if (!s.leaders.some((l) => l.node === node)) {
        const reign = { node, at: ev.t, until: null as number | null };
        s.leaders.push(reign);
        leading.set(node, reign);
      }
    }
  }
  return [...terms.values()].sort((a, b) => a.term - b.term);
}

const SHOWN = 60;

export function renderElections(trace: TraceEvent[]): string {
  const terms = summariseTerms(trace);
  if (terms.length === 0) {
    return '<p class="muted">The trace has no Raft role changes (this design may not use Raft, or the trace was not kept).</p>';
  }
  const won = terms.filter((t) => t.leaders.length > 0);
  const split = terms.filter((t) => t.leaders.length > 1);
  const maxTerm = terms[terms.length - 1]?.term ?? 0;
  const leaderless = won.map((t) => (t.leaders[0]?.at ?? t.firstSeen) - t.firstSeen);
  const worstWait = leaderless.length > 0 ? Math.max(...leaderless) : 0;
  const lines = terms
    .slice(0, SHOWN)
    .map((t) => {
      const leaders =
        t.leaders.length === 0
          ? '<span class="muted">no leader</span>'
          : t.leaders
              .map(
                (l) =>
                  `${escapeHtml(l.node)} <span class="muted">${escapeHtml(formatInstantNs(l.at))} → ${l.until === null ? 'run end' : escapeHtml(formatInstantNs(l.until))}${l.until === null ? '' : ` (${escapeHtml(formatDurationNs(l.until - l.at))})`}</span>`,
              )
              .join('<br>');
      const elected = t.leaders[0] ? formatDurationNs(t.leaders[0].at - t.firstSeen) : '–';
      return `<tr${t.leaders.length > 1 ? ' class="bad-row"' : ''}><td class="num">${t.term}</td>
<td>${escapeHtml([...t.candidates].sort(compareNatural).join(', ') || '–')}</td>
<td>${leaders}</td><td class="num">${escapeHtml(elected)}</td></tr>`;
    })
    .join('\n');
  return `<p>${formatCount(won.length)} elections won over ${formatCount(terms.length)} terms (highest term ${maxTerm}); the longest time from the first candidate of a term to its leader was ${escapeHtml(formatDurationNs(worstWait))}.${
    split.length > 0
      ? ` <strong class="bad">Terms with two leaders: ${split.map((t) => t.term).join(', ')}</strong> (election safety broken).`
      : ' No term had two leaders.'
  }</p>
<table class="data"><thead><tr><th>term</th><th>candidates</th><th>leader (from → until)</th><th>time to elect</th></tr></thead>
<tbody>
${lines}
</tbody></table>
${terms.length > SHOWN ? `<p class="muted">The first ${SHOWN} of ${formatCount(terms.length)} terms are shown.</p>` : ''}`;
}
