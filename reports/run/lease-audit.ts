/**
 * The lease audit: for every grant, when the server considered it over and until when the client
 * believed it held the lock, both in true time. A positive gap means the client went on
 * believing after the server had let go; that gap is the window in which a second holder can
 * appear, and the reason for fencing tokens.
 */
import type { Belief, RunRecord } from '../../checker/history.js';
import { escapeHtml } from '../html/escape.js';
import { formatCount, formatDurationNs, formatInstantNs } from '../html/format.js';

export interface LeaseAuditRow {
  lock: string;
  client: string;
  token: number;
  grantedAt: number;
  /** Null when the server never ended the grant before the run ended. */
  serverEnd: number | null;
  /** Null when no belief matches the grant (the client never learned of it). */
  believedEnd: number | null;
  /** The client still believed when the run ended. */
  believedToRunEnd: boolean;
  /** believedEnd − serverEnd; null when either end is unknown. */
  gapNs: number | null;
}

export interface LeaseAudit {
  rows: LeaseAuditRow[];
  /** The row with the largest gap, when any gap is known. */
  worst: LeaseAuditRow | null;
  /** Grants whose client believed past the server's end. */
  overrun: number;
}

export function auditLeases(record: RunRecord, runEnd: number): LeaseAudit {
  const beliefs = new Map<string, Belief>();
  for (const b of record.beliefs ?? []) beliefs.set(beliefKey(b.lock, b.client, b.token), b);
  const rows: LeaseAuditRow[] = (record.grants ?? []).map((g) => {
    const b = beliefs.get(beliefKey(g.lock, g.client, g.token));
    const believedEnd = b === undefined ? null : (b.end ?? runEnd);
    const gapNs = believedEnd !== null && g.serverEnd !== null ? believedEnd - g.serverEnd : null;
    return {
      lock: g.lock,
      client: g.client,
      token: g.token,
      grantedAt: g.at,
      serverEnd: g.serverEnd,
      believedEnd,
      believedToRunEnd: b !== undefined && b.end === null,
      gapNs,
    };
  });
  let worst: LeaseAuditRow | null = null;
  let overrun = 0;
  for (const r of rows) {
    if (r.gapNs === null) continue;
    if (r.gapNs > 0) overrun++;
    if (worst === null || (worst.gapNs as number) < r.gapNs) worst = r;
  }
  return { rows, worst, overrun };
}

function beliefKey(lock: string, client: string, token: number): string {
  return JSON.stringify([lock, client, token]);
}

/** How many rows the table shows: the largest gaps first. */
const SHOWN = 25;

export function renderLeaseAudit(record: RunRecord, runEnd: number): string {
  if (!record.grants || record.grants.length === 0) {
    return '<p class="muted">This run recorded no server-side grants, so there is nothing to audit.</p>';
  }
  const audit = auditLeases(record, runEnd);
  const ranked = audit.rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => (b.r.gapNs ?? -Infinity) - (a.r.gapNs ?? -Infinity) || a.i - b.i)
    .slice(0, SHOWN)
    .map((x) => x.r);
  const scale = Math.max(1, ...ranked.map((r) => Math.abs(r.gapNs ?? 0)));
  const w = audit.worst;
  const headline =
    w === null
      ? 'No grant could be matched with a client belief, so no gap could be measured.'
      : (w.gapNs as number) > 0
        ? `Worst gap: <strong>${escapeHtml(w.client)}</strong> went on believing it held <strong>${escapeHtml(w.lock)}</strong> (token ${escapeHtml(w.token)}) for <strong class="bad">${escapeHtml(formatDurationNs(w.gapNs as number))}</strong> after the server had ended the grant.`
        : `Every client stopped believing before the server ended its grant; the smallest margin was ${escapeHtml(formatDurationNs(-(w.gapNs as number)))} (${escapeHtml(w.client)}, ${escapeHtml(w.lock)}, token ${escapeHtml(w.token)}).`;
  const rows = ranked
    .map((r) => {
      const gap = r.gapNs;
      const cls = gap === null ? '' : gap > 0 ? 'bad' : 'good';
      const barW = gap === null ? 0 : Math.max(1, Math.round((Math.abs(gap) / scale) * 80));
      return `<tr><td>${escapeHtml(r.lock)}</td><td>${escapeHtml(r.client)}</td><td class="num">${escapeHtml(r.token)}</td>
<td class="num">${escapeHtml(formatInstantNs(r.grantedAt))}</td>
<td class="num">${r.serverEnd === null ? 'never' : escapeHtml(formatInstantNs(r.serverEnd))}</td>
<td class="num">${r.believedEnd === null ? 'no belief' : escapeHtml(formatInstantNs(r.believedEnd)) + (r.believedToRunEnd ? ' (run end)' : '')}</td>
<td class="num ${cls}">${gap === null ? '–' : escapeHtml((gap > 0 ? '+' : '') + formatDurationNs(gap))}</td>
<td><span class="gapbar ${cls}" style="width:${barW}px"></span></td></tr>`;
    })
    .join('\n');
  return `<p>${formatCount(audit.rows.length)} grants audited; in <strong>${formatCount(audit.overrun)}</strong> of them the client believed it held the lock after the server's end. ${headline}</p>
<table class="data"><thead><tr><th>lock</th><th>client</th><th>token</th><th>granted</th><th>server end</th><th>client believed until</th><th>gap</th><th></th></tr></thead>
<tbody>
${rows}
</tbody></table>
${audit.rows.length > SHOWN ? `<p class="muted">The ${SHOWN} grants with the largest gaps are shown, out of ${formatCount(audit.rows.length)}.</p>` : ''}`;
}
