/**
 * One door for reading a history whatever its format, for the cli's `check <history>`: the
 * format is taken from the caller, else the file name, else the text itself.
 */
import type { Op } from '../history.js';
import { parseHistoryEdn, type EdnReadOptions } from './edn.js';
import { HistoryFormatError } from './errors.js';
import { parseHistoryJsonl } from './jsonl.js';

export type HistoryFormat = 'jsonl' | 'edn';

export interface ReadHistoryOptions extends EdnReadOptions {
  format?: HistoryFormat;
}

/**
 * Tells JSONL from EDN: by extension when the source has one, else by the first form (both start
 * with `{`, but a JSON object's first key is a string and an op map's is a keyword).
 */
export function detectHistoryFormat(text: string, source?: string): HistoryFormat {
  if (source !== undefined) {
    if (/\.edn$/i.test(source)) return 'edn';
    if (/\.jsonl?$/i.test(source)) return 'jsonl';
  }
  const start = text.replace(/^(\s|;[^\n]*\n)*/, '');
  if (start.length === 0 || /^\{\s*"/.test(start)) return 'jsonl';
  if (/^(\{\s*:|\[|\(|#)/.test(start)) return 'edn';
  throw new HistoryFormatError(
    { source: source ?? 'history', line: 1 },
    'cannot tell whether this is history.jsonl or Jepsen EDN; name the format',
  );
}

export function parseHistory(text: string, options: ReadHistoryOptions = {}): Op[] {
  const format = options.format ?? detectHistoryFormat(text, options.source);
  return format === 'edn' ? parseHistoryEdn(text, options) : parseHistoryJsonl(text, { ...(options.source !== undefined ? { source: options.source } : {}), ...(options.report ? { report: options.report } : {}) });
}
