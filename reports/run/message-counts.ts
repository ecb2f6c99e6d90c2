/**
 * What the run cost: client operations by type and outcome, and network messages by type (sent,
 * delivered, dropped), from the run's `stats.messages` when the simulator counted them, else
 * from the trace's send/deliver/drop events.
 */
import type { Op } from '../../checker/history.js';
import type { TraceEvent } from '../../checker/trace.js';
import { escapeHtml } from '../html/escape.js';
import { compareNatural, formatCount, formatPercent } from '../html/format.js';

export interface MessageCount {
  type: string;
  sent: number;
  delivered: number;
  dropped: number;
}

export interface OperationCount {
  f: string;
  invoked: number;
  ok: number;
  fail: number;
  info: number;
  pending: number;
}

/** Message counts from `stats.messages` ({type: {sent, delivered, dropped}}) or from the trace. */
export function countMessages(stats: Record<string, unknown>, trace: TraceEvent[]): { source: string; rows: MessageCount[] } {
  const fromStats = stats['messages'];
  if (fromStats !== null && typeof fromStats === 'object' && !Array.isArray(fromStats)) {
    const rows = Object.entries(fromStats as Record<string, unknown>)
      .filter(([, c]) => c !== null && typeof c === 'object')
      .map(([type, c]) => {
        const o = c as Record<string, unknown>;
        return { type, sent: num(o['sent']), delivered: num(o['delivered']), dropped: num(o['dropped']) };
      });
    if (rows.length > 0) return { source: 'the simulator’s counters', rows: sortRows(rows) };
  }
  const byType = new Map<string, MessageCount>();
  for (const ev of trace) {
    if (ev.kind !== 'send' && ev.kind !== 'deliver' && ev.kind !== 'drop') continue;
    const type = typeof ev.data?.['type'] === 'string' ? (ev.data['type'] as string) : '(untyped)';
    const c = byType.get(type) ?? { type, sent: 0, delivered: 0, dropped: 0 };
    if (ev.kind === 'send') c.sent++;
    else if (ev.kind === 'deliver') c.delivered++;
    else c.dropped++;
    byType.set(type, c);
  }
  return { source: 'the trace', rows: sortRows([...byType.values()]) };
}

function sortRows(rows: MessageCount[]): MessageCount[] {
  return rows.sort((a, b) => b.sent - a.sent || compareNatural(a.type, b.type));
}

function num(x: unknown): number {
  return typeof x === 'number' && Number.isFinite(x) ? x : 0;
}

export function countOperations(history: Op[]): OperationCount[] {
  const byF = new Map<string, OperationCount>();
  const open = new Map<string, OperationCount>();
  for (const op of history) {
    if (op.process === 'nemesis') continue;
    const proc = String(op.process);
    if (op.type === 'invoke') {
      const c = byF.get(op.f) ?? { f: op.f, invoked: 0, ok: 0, fail: 0, info: 0, pending: 0 };
      c.invoked++;
      c.pending++;
      byF.set(op.f, c);
      open.set(proc, c);
    } else {
      const c = open.get(proc);
      if (!c) continue;
      c.pending--;
      c[op.type]++;
      open.delete(proc);
    }
  }
  return [...byF.values()].sort((a, b) => b.invoked - a.invoked || compareNatural(a.f, b.f));
}

export function renderMessageCounts(history: Op[], stats: Record<string, unknown>, trace: TraceEvent[]): string {
  const ops = countOperations(history);
  const completed = ops.reduce((n, o) => n + o.ok + o.fail + o.info, 0);
  const opRows = ops
    .map(
      (o) =>
        `<tr><td>${escapeHtml(o.f)}</td><td class="num">${formatCount(o.invoked)}</td><td class="num">${formatCount(o.ok)}</td><td class="num">${formatCount(o.fail)}</td><td class="num">${formatCount(o.info)}</td><td class="num">${formatCount(o.pending)}</td></tr>`,
    )
    .join('\n');
  const opTable =
    ops.length === 0
      ? '<p class="muted">No client operations in the history.</p>'
      : `<table class="data"><thead><tr><th>operation</th><th>invoked</th><th>ok</th><th>fail</th><th>info</th><th>never completed</th></tr></thead><tbody>
${opRows}
</tbody></table>`;

  const { source, rows } = countMessages(stats, trace);
  let msgTable: string;
  if (rows.length === 0) {
    msgTable =
      '<p class="muted">No message counts: the run’s stats carry no <code>messages</code> and the trace kept no send/deliver/drop events.</p>';
  } else {
    const total = rows.reduce((t, r) => ({ sent: t.sent + r.sent, delivered: t.delivered + r.delivered, dropped: t.dropped + r.dropped }), {
      sent: 0,
      delivered: 0,
      dropped: 0,
    });
    const line = (r: Omit<MessageCount, 'type'>, name: string, cls = ''): string =>
      `<tr${cls}><td>${name}</td><td class="num">${formatCount(r.sent)}</td><td class="num">${formatCount(r.delivered)}</td><td class="num">${formatCount(r.dropped)}</td><td class="num">${r.sent > 0 ? formatPercent(r.dropped / r.sent) : '–'}</td></tr>`;
    msgTable = `<p>Messages by type, from ${escapeHtml(source)}${
      completed > 0 ? `: ${escapeHtml((total.sent / completed).toFixed(1))} messages sent per completed client operation` : ''
    }.</p>
<table class="data"><thead><tr><th>message type</th><th>sent</th><th>delivered</th><th>dropped</th><th>drop rate</th></tr></thead><tbody>
${rows.map((r) => line(r, escapeHtml(r.type))).join('\n')}
${line(total, '<strong>all</strong>', ' class="total"')}
</tbody></table>`;
  }
  return `<div class="two-col"><div><h3>Client operations</h3>${opTable}</div><div><h3>Network messages</h3>${msgTable}</div></div>`;
}
