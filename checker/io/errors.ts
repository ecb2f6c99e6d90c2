/**
 * The one error a history reader or shape check throws, so callers (the cli maps it to exit code
 * 254) can tell bad input from a crash, and a person can go straight to the offending line.
 */

/**
 * Where in its source a bad value sits. `line` is 1-based; `form` counts EDN top-level forms from
 * 1; `position` is a 0-based place in an in-memory history (for writers and shape checks).
 */
export interface HistoryErrorPlace {
  /** The file or stream name as the reader was told it ("history.jsonl", a path, ...). */
  source: string;
  line?: number;
  form?: number;
  position?: number;
  /** The field at fault, spelled as the source spells it ("type", ":type"). */
  field?: string;
}

export class HistoryFormatError extends Error {
  override readonly name = 'HistoryFormatError';
  readonly source: string;
  readonly line: number | undefined;
  readonly form: number | undefined;
  readonly position: number | undefined;
  readonly field: string | undefined;
  /** The message without its place prefix. */
  readonly reason: string;

  constructor(place: HistoryErrorPlace, reason: string) {
    super(`${describePlace(place)}: ${reason}`);
    this.source = place.source;
    this.line = place.line;
    this.form = place.form;
    this.position = place.position;
    this.field = place.field;
    this.reason = reason;
  }
}

function describePlace(place: HistoryErrorPlace): string {
  const parts = [place.source];
  if (place.position !== undefined) parts.push(`position ${place.position}`);
  if (place.form !== undefined) parts.push(`form ${place.form}`);
  if (place.line !== undefined) parts.push(place.form !== undefined ? `(line ${place.line})` : `line ${place.line}`);
  return parts.join(' ');
}

/** A value as it appears in an error message: JSON, cut short so one bad blob cannot flood a terminal. */
export function shown(value: unknown, max = 60): string {
  let text: string;
  if (value === undefined) text = 'nothing';
  else if (typeof value === 'number' && !Number.isFinite(value)) text = String(value);
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
