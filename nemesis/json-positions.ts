/**
 * A JSON reader that remembers where each value sits, so that a schedule file's errors can name
 * the line a person has to fix. `JSON.parse` gives neither the line of a syntax error nor the line
 * of a value that is well-formed but wrong.
 */

/** A syntax error, with the 1-based line it was found on. */
export class JsonSyntaxError extends Error {
  override readonly name = 'JsonSyntaxError';
  constructor(
    readonly line: number,
    readonly problem: string,
  ) {
    super(`line ${line}: ${problem}`);
  }
}

export interface PositionedJson {
  value: unknown;
  /**
   * The line of the value at `path` ("faults[2].params.p"; "" is the whole document), or of the
   * nearest enclosing value that exists, so a missing field points at the object that lacks it.
   */
  lineOf(path: string): number;
}

/** Paths as the schedule's error messages spell them: `faults[2].params.p`. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

function parentPath(path: string): string {
  const dot = path.lastIndexOf('.');
  const bracket = path.lastIndexOf('[');
  const cut = Math.max(dot, bracket);
  return cut <= 0 ? '' : path.slice(0, cut);
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class Reader {
  private i = 0;
  private line = 1;
  readonly lines = new Map<string, number>();

  constructor(private readonly text: string) {}

  document(): unknown {
    this.space();
    const value = this.value('');
    this.space();
    if (this.i < this.text.length) this.fail(`unexpected ${this.describeHere()} after the end of the document`);
    return value;
  }

  private fail(problem: string): never {
    throw new JsonSyntaxError(this.line, problem);
  }

  private describeHere(): string {
    if (this.i >= this.text.length) return 'end of file';
    const c = this.text[this.i] as string;
    return c === '\n' ? 'line break' : `character '${c}'`;
  }

  private space(): void {
    for (;;) {
      const c = this.text.charCodeAt(this.i);
      if (c === 10) this.line++;
      else if (c !== 32 && c !== 9 && c !== 13) return;
      this.i++;
    }
  }

  private value(path: string): unknown {
    this.lines.set(path, this.line);
    const c = this.text[this.i];
    if (c === '{') return this.object(path);
    if (c === '[') return this.array(path);
    if (c === '"') return this.string();
    if (c === 't') return this.word('true', true);
    if (c === 'f') return this.word('false', false);
    if (c === 'n') return this.word('null', null);
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    return this.fail(`expected a value, found ${this.describeHere()}`);
  }

  private word<T>(word: string, value: T): T {
    if (this.text.startsWith(word, this.i)) {
      this.i += word.length;
      return value;
    }
    return this.fail(`expected a value, found ${this.describeHere()}`);
  }

  private number(): number {
    NUMBER.lastIndex = this.i;
    const m = NUMBER.exec(this.text);
    if (!m) return this.fail(`malformed number at ${this.describeHere()}`);
    this.i += m[0].length;
    return Number(m[0]);
  }

  private string(): string {
    const start = this.i;
    this.i++;
    for (;;) {
      if (this.i >= this.text.length) this.fail('unterminated string');
      const c = this.text[this.i] as string;
      if (c === '"') break;
      if (c === '\n') this.fail('unterminated string (a line break inside quotes)');
      this.i += c === '\\' ? 2 : 1;
    }
    this.i++;
    try {
      // The escapes are JSON's own; let the platform decode them once the extent is known.
      return JSON.parse(this.text.slice(start, this.i)) as string;
    } catch {
      return this.fail('bad escape in string');
    }
  }

  private expectAfterItem(close: string, what: string): boolean {
    this.space();
    const c = this.text[this.i];
    if (c === ',') {
      this.i++;
      this.space();
      if (this.text[this.i] === close) this.fail(`trailing comma before '${close}'`);
      return true;
    }
    if (c === close) {
      this.i++;
      return false;
    }
    return this.fail(`expected ',' or '${close}' after ${what}, found ${this.describeHere()}`);
  }

  private object(path: string): Record<string, unknown> {
    this.i++;
    const out: Record<string, unknown> = {};
    this.space();
    if (this.text[this.i] === '}') {
      this.i++;
      return out;
    }
    for (;;) {
      if (this.text[this.i] !== '"') this.fail(`expected a quoted field name, found ${this.describeHere()}`);
      const key = this.string();
      if (Object.prototype.hasOwnProperty.call(out, key)) this.fail(`field "${key}" appears twice`);
      this.space();
      if (this.text[this.i] !== ':') this.fail(`expected ':' after "${key}", found ${this.describeHere()}`);
      this.i++;
      this.space();
      out[key] = this.value(childPath(path, key));
      if (!this.expectAfterItem('}', `field "${key}"`)) return out;
    }
  }

  private array(path: string): unknown[] {
    this.i++;
    const out: unknown[] = [];
    this.space();
    if (this.text[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      out.push(this.value(childPath(path, out.length)));
      if (!this.expectAfterItem(']', 'an array item')) return out;
    }
  }
}

/** Parses JSON text; throws `JsonSyntaxError` naming the line of the first mistake. */
export function parseJsonWithPositions(text: string): PositionedJson {
  const reader = new Reader(text);
  const value = reader.document();
  const lines = reader.lines;
  return {
    value,
    lineOf(path: string): number {
      let p = path;
      for (;;) {
        const line = lines.get(p);
        if (line !== undefined) return line;
        if (p === '') return 1;
        p = parentPath(p);
      }
    },
  };
}
