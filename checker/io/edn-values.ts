/**
 * Between `edn-data`'s rich EDN values and the plain JSON data an `Op` carries.
 *
 * EDN has more kinds of value than JSON, so reading loses a little on purpose: keywords stay
 * keywords (a `Keyword`, never equal to a string), symbols and characters become strings, sets and lists become arrays, tagged elements become the value
 * they tag. Writing loses nothing: every JSON value has an EDN form that reads back equal
 * (strings stay strings, never keywords; object keys become keywords only when they are valid
 * keyword names, otherwise strings).
 */
import { parseEDNString, toEDNString, type EDNVal } from 'edn-data';
import { Keyword } from '../lin/values.js';

/** A value that cannot become JSON data, with the path to it inside the field. */
export class EdnValueError extends Error {
  override readonly name = 'EdnValueError';
}

/**
 * Parses one EDN form into edn-data's tagged representation, keeping `#inst` as a plain tagged
 * value (the default handler would build a clock object, which a checker has no use for).
 */
export function parseEdnForm(text: string): EDNVal {
  return parseEDNString(exactIntegers(text), { tagHandlers: { inst: (val) => ({ tag: 'inst', val }) } }) as EDNVal;
}

/**
 * edn-data reads every integer without an `N` suffix as a double, so 9007199254740993 would come
 * back as ...992. Integers too long to be sure of are given the suffix first (strings are left
 * alone), so they read as bigints and compare exactly.
 */
const LONG_INTEGER = /"(?:\\.|[^"\\])*"|(?<![\w.:#*+!?<>=/-])([-+]?\d{16,})(?![\w.N/])/g;
function exactIntegers(text: string): string {
  if (!/\d{16}/.test(text)) return text;
  return text.replace(LONG_INTEGER, (match, digits: string | undefined) => (digits === undefined ? match : `${digits}N`));
}

export type EdnMapEntries = [EDNVal, EDNVal][];

/** The entries of an EDN map, unwrapping a tagged record (`#jepsen.history.Op{...}`); null if not a map. */
export function mapEntries(v: EDNVal): EdnMapEntries | null {
  if (isObject(v) && 'tag' in v && 'val' in v) return mapEntries(v.val as EDNVal);
  if (isObject(v) && 'map' in v && Array.isArray(v.map)) return v.map as EdnMapEntries;
  return null;
}

/** The name of a keyword, or null when `v` is not one. */
export function keywordName(v: EDNVal): string | null {
  return isObject(v) && 'key' in v && typeof v.key === 'string' ? v.key : null;
}

/** The elements of a vector, list or set, or null when `v` is none of them. */
export function sequenceItems(v: EDNVal): EDNVal[] | null {
  if (Array.isArray(v)) return v;
  if (isObject(v) && 'list' in v && Array.isArray(v.list)) return v.list as EDNVal[];
  if (isObject(v) && 'set' in v && Array.isArray(v.set)) return v.set as EDNVal[];
  return null;
}

/** A name for a keyword, symbol, string or character, or null for anything else. */
export function nameOf(v: EDNVal): string | null {
  if (typeof v === 'string') return v;
  if (!isObject(v)) return null;
  if ('key' in v && typeof v.key === 'string') return v.key;
  if ('sym' in v && typeof v.sym === 'string') return v.sym;
  if ('char' in v && typeof v.char === 'string') return v.char;
  return null;
}

/** A number, from an EDN integer, float or big integer that fits; null otherwise. */
export function numberOf(v: EDNVal): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'bigint') {
    const n = Number(v);
    return String(n) === String(v) ? n : null;
  }
  return null;
}

/** The EDN text of a value, for error messages and for errors that are not simple names. */
export function ednText(v: EDNVal): string {
  return toEDNString(v);
}

/** An EDN value as JSON data (see the module comment for what is lost). */
export function fromEdn(v: EDNVal, path = 'value'): unknown {
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
  // An integer stays a number when the double prints back as the same digits, else a bigint.
  if (typeof v === 'bigint') return String(Number(v)) === String(v) ? Number(v) : v;
  if (typeof v === 'number') {
    const n = numberOf(v);
    if (n === null) throw new EdnValueError(`${path} is ${String(v)}, which is not a finite number`);
    return n;
  }
  const items = sequenceItems(v);
  if (items !== null) return items.map((x, i) => fromEdn(x, `${path}[${i}]`));
  const entries = mapEntries(v);
  if (entries !== null && !(isObject(v) && 'tag' in v)) {
    const seen = new Set<string>();
    const pairs: [string, unknown][] = [];
    for (const [k, x] of entries) {
      const name = keyOf(k);
      if (seen.has(name)) throw new EdnValueError(`${path} has the key ${JSON.stringify(name)} twice`);
      seen.add(name);
      pairs.push([name, fromEdn(x, `${path}.${name}`)]);
    }
    // fromEntries defines own properties, so a key such as "__proto__" stays an ordinary key.
    return Object.fromEntries(pairs);
  }
  // A keyword stays a keyword (it is not the string of its name); symbols and characters become strings.
  const keyword = keywordName(v);
  if (keyword !== null) return new Keyword(keyword);
  const name = nameOf(v);
  if (name !== null) return name;
  if (isObject(v) && 'tag' in v && 'val' in v) return fromEdn(v.val as EDNVal, path);
  throw new EdnValueError(`${path} has a value of an unknown kind: ${ednText(v)}`);
}

/** A map key as an object key: names stay names, numbers and other keys become their EDN text. */
export function keyOf(k: EDNVal): string {
  const name = nameOf(k);
  if (name !== null) return name;
  return ednText(k);
}

/** JSON data as an EDN value that `fromEdn` turns back into an equal value. */
export function toEdn(value: unknown): EDNVal {
  if (value === null || typeof value === 'boolean' || typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') {
    return value;
  }
  if (value instanceof Keyword) return { key: value.name };
  if (Array.isArray(value)) return value.map(toEdn);
  if (typeof value === 'object') {
    return {
      map: Object.entries(value as Record<string, unknown>).map(([k, x]): [EDNVal, EDNVal] => [
        isKeywordName(k) ? { key: k } : k,
        toEdn(x),
      ]),
    };
  }
  throw new EdnValueError(`cannot write a ${typeof value} as EDN`);
}

/**
 * Names that read back as the same keyword in Clojure and in edn-data: a letter or one of a few
 * symbol characters first (never a digit, sign or dot, which would read as a number), then
 * letters, digits and those characters. Namespaced names are left to strings, to stay simple.
 */
export function isKeywordName(s: string): boolean {
  return /^[A-Za-z*!_?<>=][A-Za-z0-9*+!_?<>=.-]*$/.test(s);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}
