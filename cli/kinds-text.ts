/**
 * The violation kinds a command printed, explained once each under its output, in the words of
 * the one table the reports and `list` use (reports/violation-kinds.ts).
 */
import { explainKind } from '../reports/violation-kinds.js';

/** "what the kinds mean:" and one line per distinct kind, in the order first printed; nothing for none. */
export function kindsExplained(kinds: Iterable<string>): string[] {
  const distinct = [...new Set(kinds)];
  if (distinct.length === 0) return [];
  return ['what the kinds mean:', ...distinct.map((k) => `  ${explainKind(k)}`)];
}
