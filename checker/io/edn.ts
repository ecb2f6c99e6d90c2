/**
 * Jepsen's `history.edn`, in and out.
 *
 * Jepsen writes one op map per line (`{:type :invoke, :f :cas, :value [1 2], :process 3, :time
 * 123456, :index 0}`, sometimes as a `#jepsen.history.Op{...}` record); hand-made and older
 * histories are often one vector of such maps. Both layouts read. Keys Jepsen adds that an `Op`
 * has no place for (`:clock-offsets`, `:debug`, ...) are ignored.
 *
 * Histories made with `jepsen.independent` carry `[key value]` tuples as every client op's value;
 * with `independent: true` the reader moves the key into `Op.key` and the writer puts it back, so
 * a multi-key lockstep history can go to Knossos.
 */
import type { EDNVal } from 'edn-data';
import type { Op, OpType, ProcessId } from '../history.js';
import { splitEdnForms, formsInside, isSequenceForm, type EdnForm } from './edn-forms.js';
import {
  EdnValueError,
  ednText,
  fromEdn,
  isKeywordName,
  keyOf,
  keywordName,
  mapEntries,
  nameOf,
  numberOf,
  parseEdnForm,
  sequenceItems,
  toEdn,
} from './edn-values.js';
import { HistoryFormatError, shown } from './errors.js';
import { OP_TYPES, isNaturalNumber, opFromPlainObject } from './op-fields.js';

export interface EdnReadOptions {
  /** The name errors give the input; "history.edn" by default. */
  source?: string;
  /** Client op values are `jepsen.independent` tuples `[key value]`. */
  independent?: boolean;
  /**
   * What to do when ops have no `:time` (Knossos's and Porcupine's test histories have none):
   * number them by position (default: their order in the file is their real-time order, as
   * Knossos and Porcupine read them), or refuse.
   */
  missingTime?: 'error' | 'position';
  /** Filled in by the reader: whether the ops had no `:time` and were timed by position. */
  report?: { untimed: boolean };
}

export interface EdnWriteOptions {
  source?: string;
  /** Write client op values as `[key value]` tuples, as `jepsen.independent` does. */
  independent?: boolean;
}

/** Reads a Jepsen `history.edn` text. Ops without `:index` anywhere are numbered by position. */
export function parseHistoryEdn(text: string, options: EdnReadOptions = {}): Op[] {
  const source = options.source ?? 'history.edn';
  const top = splitEdnForms(text, source);
  const forms = top.length === 1 && isSequenceForm(top[0]!) ? formsInside(text, top[0]!, source) : top;
  const read = forms.map((form, i) => readOp(form, i + 1, source, options.independent === true));

  const withIndex = read.filter((r) => r.index !== undefined).length;
  const withTime = read.filter((r) => r.time !== undefined).length;
  if (options.report) options.report.untimed = withTime === 0 && read.length > 0;
  return read.map((r, position) => {
    let index = r.index;
    if (index === undefined) {
      if (withIndex > 0) r.fault(':index', 'is missing, though other operations have one');
      index = position;
    }
    let time = r.time;
    if (time === undefined) {
      if (options.missingTime === 'error') r.fault(':time', 'is missing');
      if (withTime > 0) r.fault(':time', 'is missing, though other operations have one');
      time = position;
    }
    return opInOneShape(r.op, index, time);
  });
}

/**
 * The op as one object literal, fields always in the same order: every op of a history then
 * shares one hidden class. (A spread of the reader's partial op gave each op a class of its own,
 * which made every later pass over the history, the checker's pairing first, several times slower.)
 */
function opInOneShape(op: Omit<Op, 'index' | 'time'>, index: number, time: number): Op {
  const out: Op = { index, process: op.process, type: op.type, f: op.f, value: op.value, time };
  if (op.key !== undefined) out.key = op.key;
  if (op.node !== undefined) out.node = op.node;
  if (op.error !== undefined) out.error = op.error;
  if (op.localMonoNs !== undefined) out.localMonoNs = op.localMonoNs;
  if (op.localWallNs !== undefined) out.localWallNs = op.localWallNs;
  return out;
}

/** Writes a history as Jepsen EDN, one op map per line, in the shape Knossos reads. */
export function formatHistoryEdn(history: readonly Op[], options: EdnWriteOptions = {}): string {
  const source = options.source ?? 'history.edn';
  let out = '';
  history.forEach((given, position) => {
    const fault = (field: string | undefined, reason: string): never => {
      throw new HistoryFormatError(
        { source, position, ...(field !== undefined ? { field } : {}) },
        field === undefined ? `the operation ${reason}` : `field '${field}' ${reason}`,
      );
    };
    const op = opFromPlainObject(given, fault);
    const entries: [string, EDNVal][] = [
      ['type', { key: op.type }],
      ['f', nameValue(op.f)],
    ];
    if (options.independent === true && op.process !== 'nemesis') {
      if (op.key === undefined) fault('key', 'is missing: an independent history needs a key on every client operation');
      entries.push(['value', [independentKey(op.key!), toEdn(op.value)]]);
    } else {
      entries.push(['value', toEdn(op.value)]);
    }
    entries.push(['process', op.process === 'nemesis' ? { key: 'nemesis' } : op.process]);
    entries.push(['time', op.time]);
    entries.push(['index', op.index]);
    if (op.error !== undefined) entries.push(['error', nameValue(op.error)]);
    if (op.key !== undefined && !(options.independent === true && op.process !== 'nemesis')) entries.push(['key', op.key]);
    if (op.node !== undefined) entries.push(['node', op.node]);
    if (op.localMonoNs !== undefined) entries.push(['local-mono-ns', op.localMonoNs]);
    if (op.localWallNs !== undefined) entries.push(['local-wall-ns', op.localWallNs]);
    out += `{${entries.map(([k, v]) => `:${k} ${ednText(v)}`).join(', ')}}\n`;
  });
  return out;
}

interface ReadOp {
  op: Omit<Op, 'index' | 'time'>;
  index: number | undefined;
  time: number | undefined;
  fault: (field: string | undefined, reason: string) => never;
}

const TYPE_RULE = `one of ${OP_TYPES.map((t) => `:${t}`).join('|')}`;

function readOp(form: EdnForm, formNumber: number, source: string, independent: boolean): ReadOp {
  const fault = (field: string | undefined, reason: string): never => {
    throw new HistoryFormatError(
      { source, form: formNumber, line: form.line, ...(field !== undefined ? { field } : {}) },
      field === undefined ? `the operation ${reason}` : `field ${field} ${reason}`,
    );
  };
  let parsed: EDNVal;
  try {
    parsed = parseEdnForm(form.text);
  } catch (e) {
    return fault(undefined, `is not valid EDN (${(e as Error).message})`);
  }
  const entries = mapEntries(parsed);
  if (entries === null) return fault(undefined, `must be an EDN map, got ${shown(form.text)}`);

  const fields = new Map<string, EDNVal>();
  for (const [k, v] of entries) {
    const name = keywordName(k) ?? (typeof k === 'string' ? k : null);
    if (name === null) fault(undefined, `has a key that is not a keyword: ${ednText(k)}`);
    if (fields.has(name!)) fault(`:${name}`, 'appears twice');
    fields.set(name!, v);
  }
  const bad = (name: string, rule: string): never => fault(`:${name}`, `must be ${rule}, got ${shownEdn(fields.get(name)!)}`);
  const required = (name: string): EDNVal => {
    if (!fields.has(name)) fault(`:${name}`, 'is missing');
    return fields.get(name)!;
  };
  const converted = (name: string, v: EDNVal): unknown => {
    try {
      return fromEdn(v, name);
    } catch (e) {
      if (e instanceof EdnValueError) return fault(`:${name}`, `cannot be read: ${e.message}`);
      throw e;
    }
  };

  const typeName = simpleName(required('type'));
  if (typeName === null || !(OP_TYPES as readonly string[]).includes(typeName)) bad('type', TYPE_RULE);
  const f = simpleName(required('f'));
  if (f === null || f.length === 0) bad('f', 'a keyword or a non-empty string');
  const process = readProcess(required('process'));
  if (process === null) bad('process', 'a non-negative integer or :nemesis');

  const op: Omit<Op, 'index' | 'time'> = { process: process!, type: typeName as OpType, f: f!, value: null };
  const rawValue = fields.get('value') ?? null;
  if (independent && process !== 'nemesis') {
    const tuple = sequenceItems(rawValue);
    if (tuple === null || tuple.length !== 2) bad('value', 'an independent tuple [key value]');
    if (fields.has('key')) fault(':key', 'cannot be given as well as an independent tuple key');
    op.key = keyOf(tuple![0]!);
    op.value = converted('value', tuple![1]!);
  } else {
    op.value = converted('value', rawValue);
  }
  if (fields.has('error')) {
    const e = fields.get('error')!;
    // Jepsen errors are keywords, strings or small vectors; the last are kept as their EDN text.
    op.error = nameOf(e) ?? ednText(e);
  }
  for (const [name, target] of [
    ['node', 'node'],
    ['key', 'key'],
  ] as const) {
    if (!fields.has(name)) continue;
    const v = fields.get(name)!;
    const s = nameOf(v) ?? (numberOf(v) !== null ? String(numberOf(v)) : null);
    if (s === null) bad(name, 'a string, keyword or number');
    op[target] = s!;
  }
  for (const [name, target] of [
    ['local-mono-ns', 'localMonoNs'],
    ['local-wall-ns', 'localWallNs'],
  ] as const) {
    if (!fields.has(name)) continue;
    const n = numberOf(fields.get(name)!);
    if (n === null) bad(name, 'a number of nanoseconds');
    op[target] = n!;
  }

  let index: number | undefined;
  if (fields.has('index')) {
    const n = numberOf(fields.get('index')!);
    if (!isNaturalNumber(n)) bad('index', 'a non-negative integer');
    index = n!;
  }
  let time: number | undefined;
  if (fields.has('time')) {
    const n = numberOf(fields.get('time')!);
    if (n === null || n < 0) bad('time', 'a non-negative number of nanoseconds');
    time = n!;
  }
  return { op, index, time, fault };
}

/** A keyword's name or a string; symbols and other values are not accepted as names of things. */
function simpleName(v: EDNVal): string | null {
  return keywordName(v) ?? (typeof v === 'string' ? v : null);
}

function readProcess(v: EDNVal): ProcessId | null {
  const name = simpleName(v);
  if (name === 'nemesis') return 'nemesis';
  const n = numberOf(v);
  return isNaturalNumber(n) ? n : null;
}

/** A keyword when the text can be one (Jepsen writes `:f` and `:error` as keywords), else a string. */
function nameValue(s: string): EDNVal {
  return isKeywordName(s) ? { key: s } : s;
}

/** An independent key: integers go back as integers (Jepsen's keys usually are), the rest as strings. */
function independentKey(key: string): EDNVal {
  return /^(0|-?[1-9][0-9]*)$/.test(key) && Number.isSafeInteger(Number(key)) ? Number(key) : key;
}

function shownEdn(v: EDNVal): string {
  const text = ednText(v);
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}
