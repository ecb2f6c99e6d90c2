/**
 * Cuts EDN text into its top-level forms, each with the line it starts on.
 *
 * The `edn-data` parser reads one form well but is lenient about broken text (an unclosed map can
 * come back as something else) and knows no line numbers. This scanner only finds form
 * boundaries: strings, character literals, comments, tags, discards and balanced brackets. The
 * forms it returns are then handed to `edn-data` one at a time, so every error can name a line.
 */
import { HistoryFormatError } from './errors.js';

/** A top-level form: its text, where it starts (1-based line) and its offsets in the whole text. */
export interface EdnForm {
  text: string;
  line: number;
  start: number;
  end: number;
}

const CLOSER: Record<string, string> = { '(': ')', '[': ']', '{': '}' };
const DELIMITERS = new Set([' ', '\t', '\n', '\r', ',', '(', ')', '[', ']', '{', '}', '"', ';']);

/** Every top-level form of `text`. Throws a HistoryFormatError naming the line of any imbalance. */
export function splitEdnForms(text: string, source: string): EdnForm[] {
  return new EdnScanner(text, source).formsBetween(0, text.length);
}

/** The element forms of a vector or list form (for histories written as one vector of ops). */
export function formsInside(whole: string, form: EdnForm, source: string): EdnForm[] {
  if (!isSequenceForm(form)) throw new TypeError('formsInside needs a vector or list form');
  return new EdnScanner(whole, source).formsBetween(form.start + 1, form.end - 1);
}

/** True for a `[...]` vector or `(...)` list form. */
export function isSequenceForm(form: EdnForm): boolean {
  return form.text[0] === '[' || form.text[0] === '(';
}

class EdnScanner {
  /** Offset at which each line starts, to turn offsets into line numbers. */
  private readonly lineStarts: number[] = [0];

  constructor(
    private readonly text: string,
    private readonly source: string,
  ) {
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.lineStarts.push(i + 1);
  }

  formsBetween(from: number, to: number): EdnForm[] {
    const forms: EdnForm[] = [];
    let pos = this.skipSpace(from, to);
    while (pos < to) {
      if (this.text.startsWith('#_', pos)) {
        pos = this.skipSpace(this.readForm(pos + 2, to), to);
        continue;
      }
      const end = this.readForm(pos, to);
      forms.push({ text: this.text.slice(pos, end), line: this.lineOf(pos), start: pos, end });
      pos = this.skipSpace(end, to);
    }
    return forms;
  }

  /** Reads the form starting at or after `from` and returns the offset just past it. */
  private readForm(from: number, to: number): number {
    const pos = this.skipSpace(from, to);
    if (pos >= to) this.fail(this.lineOf(Math.min(from, this.text.length)), 'a form was expected but the text ends');
    const c = this.text[pos]!;
    if (c === '"') return this.readString(pos, to);
    if (c === '\\') return this.readToken(pos + 2, to);
    if (c in CLOSER) return this.readCollection(pos, pos + 1, CLOSER[c]!, to);
    if (c === ')' || c === ']' || c === '}') this.fail(this.lineOf(pos), `'${c}' closes nothing`);
    if (c === '#') {
      const next = this.text[pos + 1];
      if (next === '{') return this.readCollection(pos, pos + 2, '}', to);
      if (next === '_') return this.readForm(this.readForm(pos + 2, to), to);
      // A tagged element: the tag, then the form it tags.
      return this.readForm(this.readToken(pos + 1, to), to);
    }
    return this.readToken(pos, to);
  }

  private readCollection(openAt: number, from: number, closer: string, to: number): number {
    const isMap = this.text[openAt] === '{';
    let elements = 0;
    let pos = this.skipSpace(from, to);
    while (pos < to) {
      const c = this.text[pos]!;
      if (c === closer) {
        // edn-data would quietly drop a key that has no value; a history must not lose a field.
        if (isMap && elements % 2 === 1) this.fail(this.lineOf(openAt), `the map opened here has a key without a value`);
        return pos + 1;
      }
      if (this.text.startsWith('#_', pos)) {
        pos = this.skipSpace(this.readForm(pos + 2, to), to);
        continue;
      }
      if (c === ')' || c === ']' || c === '}') {
        this.fail(
          this.lineOf(pos),
          `'${c}' cannot close the '${this.text.slice(openAt, openAt + (this.text[openAt] === '#' ? 2 : 1))}' opened on line ${this.lineOf(openAt)}`,
        );
      }
      pos = this.skipSpace(this.readForm(pos, to), to);
      elements++;
    }
    return this.fail(this.lineOf(openAt), `'${this.text[openAt] === '#' ? '#{' : this.text[openAt]}' opened here is never closed`);
  }

  private readString(openAt: number, to: number): number {
    for (let pos = openAt + 1; pos < to; pos++) {
      const c = this.text[pos];
      if (c === '\\') pos++;
      else if (c === '"') return pos + 1;
    }
    return this.fail(this.lineOf(openAt), 'a string opened here is never closed');
  }

  private readToken(from: number, to: number): number {
    let pos = from;
    while (pos < to && !DELIMITERS.has(this.text[pos]!)) pos++;
    return pos;
  }

  /** Skips whitespace, commas and `;` comments. */
  private skipSpace(from: number, to: number): number {
    let pos = from;
    while (pos < to) {
      const c = this.text[pos]!;
      if (c === ';') {
        while (pos < to && this.text[pos] !== '\n') pos++;
      } else if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === ',') {
        pos++;
      } else {
        break;
      }
    }
    return pos;
  }

  private lineOf(offset: number): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  private fail(line: number, reason: string): never {
    throw new HistoryFormatError({ source: this.source, line }, reason);
  }
}
