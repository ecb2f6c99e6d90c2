/**
 * `history.jsonl`: one operation per line, as JSON. The reader trusts nothing: every line and
 * every field is checked, and the first fault is reported with its line number and field name.
 */
import type { Op } from '../history.js';
import { createRequire } from 'node:module';
import { HistoryFormatError, shown } from './errors.js';
import { OP_FIELDS, opFromPlainObject, type FieldFault } from './op-fields.js';

export interface JsonlOptions {
  /** The name errors give the input (a path, say); "history.jsonl" by default. */
  source?: string;
  /**
   * Filled in by the reader: whether the ops had no `time`, so that they were timed by position
   * (their order in the file is their real-time order either way).
   */
  report?: { untimed: boolean };
}

/** Reads a `history.jsonl` text. Blank lines are allowed (they keep the line numbers honest). */
export function parseHistoryJsonl(text: string, options: JsonlOptions = {}): Op[] {
  const source = options.source ?? 'history.jsonl';
  const ops: Op[] = [];
  // The line being read, for the error a fault raises (no closure per line: a million-line
  // history would make a million of them).
  let lineNo = 0;
  const fault: FieldFault = (field, reason) => faultAt({ source, line: lineNo })(field, reason);
  // Lines are cut one at a time rather than split all at once: each dies young, and a long
  // history never holds a second copy of itself as an array of lines.
  for (let pos = 0; pos < text.length; ) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    let line = text.slice(pos, end);
    pos = end + 1;
    lineNo++;
    if (line.length === 0 || isSpace(line.charCodeAt(0)) || isSpace(line.charCodeAt(line.length - 1))) {
      line = line.trim();
      if (line.length === 0) continue;
    }
    let raw: unknown;
    try {
      raw = parseJsonExactly(line);
    } catch (e) {
      throw new HistoryFormatError({ source, line: lineNo }, `not valid JSON (${(e as Error).message}): ${shown(line)}`);
    }
    ops.push(opFromPlainObject(raw, fault, true));
  }
  const timed = ops.filter((op) => op.time !== undefined).length;
  if (timed > 0 && timed < ops.length) {
    const position = ops.findIndex((op) => op.time === undefined);
    throw new HistoryFormatError({ source, position }, `field 'time' is missing, though other operations have one`);
  }
  if (timed === 0) ops.forEach((op, i) => (op.time = i));
  if (options.report) options.report.untimed = timed === 0 && ops.length > 0;
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
    out += `${hasBigint(checked.value) ? losslessJson().stringify(ordered) : JSON.stringify(ordered)}\n`;
  });
  return out;
}

/** A character `trim` might remove: anything but printable ASCII (a line is `{...}` as a rule). */
function isSpace(c: number): boolean {
  return c <= 32 || c >= 0x7f;
}

function faultAt(place: { source: string; line?: number; position?: number }): FieldFault {
  return (field, reason) => {
    throw new HistoryFormatError(
      { ...place, ...(field !== undefined ? { field } : {}) },
      field === undefined ? `the operation ${reason}` : `field '${field}' ${reason}`,
    );
  };
}

/**
 * JSON.parse, except that integers too long for a double are read as bigints rather than rounded
 * (only lines with such a number take the slower exact parser).
 */
function parseJsonExactly(line: string): unknown {
  if (!/\d{16}/.test(line)) return JSON.parse(line);
  return losslessJson().parse(line, null, (digits: string) => {
    const n = Number(digits);
    // A number stays a double when the double prints back as the same digits.
    return !/^-?\d+$/.test(digits) || String(n) === digits ? n : BigInt(digits);
  });
}

/** lossless-json, loaded on first need (most histories never need it, and start-up matters). */
let lossless: typeof import('lossless-json') | null = null;
function losslessJson(): typeof import('lossless-json') {
  lossless ??= createRequire(import.meta.url)('lossless-json') as typeof import('lossless-json');
  return lossless;
}

function hasBigint(v: unknown): boolean {
  if (typeof v === 'bigint') return true;
  if (v === null || typeof v !== 'object') return false;
  return Object.values(v).some(hasBigint);
}
