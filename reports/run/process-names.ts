/**
 * Clients are named as the lanes name them, everywhere on the page. A Jepsen-shaped history calls
 * a client by its process number, and some checkers' explanations do too ("op 12, process 1"),
 * while the lanes show the node that ran it ("c2"). The page rewrites the one into the other.
 */
import type { Op } from '../../checker/history.js';

/** The node each numbered process ran on, when the history says (processes are never reused across nodes). */
export function processNames(history: Op[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const op of history) {
    if (op.process === 'nemesis' || op.node === undefined) continue;
    names.set(String(op.process), op.node);
  }
  return names;
}

/** The lane of an operation: its node when known, else "process N" as Jepsen names it. */
export function laneName(op: Op): string {
  return op.node ?? `process ${String(op.process)}`;
}

/** "(op 12, process 1)" becomes "(op 12, c2)" wherever process 1 ran on c2. */
export function nameProcesses(text: string, names: Map<string, string>): string {
  if (names.size === 0) return text;
  return text.replace(/\bprocess (\d+)\b/g, (whole, n: string) => names.get(n) ?? whole);
}
