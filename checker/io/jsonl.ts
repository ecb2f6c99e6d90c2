/**
 * `history.jsonl`: one operation per line, as JSON. The reader trusts nothing: every line and
 * every field is checked, and the first fault is reported with its line number and field name.
 */
import type { Op } from '../history.js';
import { HistoryFormatError, shown } from './errors.js';
import { OP_FIELDS, opFromPlainObject, type FieldFault } from './op-fields.js';

export interface JsonlOptions {
  /** The name errors give the input (a path, say); "history.jsonl" by default. */
  source?: string;
}

/** Reads a `history.jsonl` text. Blank lines are allowed (they keep the line numbers honest). */
export function parseHistoryJsonl(text: string, options: JsonlOptions = {}): Op[] {
  const source = options.source ?? 'history.jsonl';
  const ops: Op[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line.length === 0) continue;
    const place = { source, line: i + 1 };
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch (e) {
      throw new HistoryFormatError(place, `not valid JSON (${(e as Error).message}): ${shown(line)}`);
    }
    ops.push(opFromPlainObject(raw, faultAt(place)));
  }
  return ops;
}

/**
 * Writes a history as JSONL, fields in a fixed order. Every op is checked first, so what is
 * written always reads back equal (an op that would not, such as a NaN value, is refused).
 */
export function formatHistoryJsonl(history: readonly Op[], options: JsonlOptions = {}): string {
  const source = options.source ?? 'history.jsonl';
  let out = '';
  history.forEach((op, position) => {
    const checked = opFromPlainObject(op, faultAt({ source, position }));
    const ordered: Record<string, unknown> = {};
    for (const name of OP_FIELDS) if (checked[name] !== undefined) ordered[name] = checked[name];
    out += `${JSON.stringify(ordered)}\n`;
  });
  return out;
}

function faultAt(place: { source: string; line?: number; position?: number }): FieldFault {
  return (field, reason) => {
    throw new HistoryFormatError(
      { ...place, ...(field !== undefined ? { field } : {}) },
      field === undefined ? `the operation ${reason}` : `field '${field}' ${reason}`,
    );
  };
}
