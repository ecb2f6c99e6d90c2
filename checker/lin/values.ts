/**
 * Values as histories carry them (numbers, strings, null, arrays, plain objects): structural
 * equality, a hash that agrees with it, and short printable forms for explanations.
 */

/**
 * An EDN keyword as a value (`:a`). It is not the string "a": Clojure and Knossos tell them apart,
 * so a history that writes :a and reads "a" is not linearizable. Names it carries (a txn's `:r`, a
 * lock result `:ok`) are read with `named`. JSON has no keywords; it writes ":a".
 */
export class Keyword {
  constructor(readonly name: string) {}
  toString(): string {
    return this.name;
  }
  toJSON(): string {
    return `:${this.name}`;
  }
}

/** A keyword's name, or the value itself: for fields that name something (an op kind, a result). */
export function named(v: unknown): unknown {
  return v instanceof Keyword ? v.name : v;
}

/** Structural equality of JSON-like values; `undefined` and `null` are the same "nothing". */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a == null || b == null) return a == null && b == null;
  if (typeof a !== 'object' || typeof b !== 'object') return false;
  if (a instanceof Keyword || b instanceof Keyword) return a instanceof Keyword && b instanceof Keyword && a.name === b.name;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
    if (!sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

/** A 32-bit hash with sameValue(a, b) ⇒ hashValue(a) === hashValue(b). */
export function hashValue(v: unknown): number {
  if (v == null) return 0x2545f491;
  switch (typeof v) {
    case 'number':
      return Number.isInteger(v) && Math.abs(v) <= 0x7fffffff ? mix32(v | 0) : hashString(String(v));
    case 'string':
      return hashString(v) ^ 0x5bd1e995;
    case 'boolean':
      return v ? 0x27d4eb2f : 0x165667b1;
    case 'object': {
      if (v instanceof Keyword) return hashString(v.name) ^ 0x61c88647;
      if (Array.isArray(v)) {
        let h = 0x3c6ef372 ^ v.length;
        for (const x of v) h = mix32(Math.imul(h, 31) ^ hashValue(x));
        return h;
      }
      // Key order must not matter, since sameValue ignores it: combine per-entry hashes commutatively.
      let h = 0x1b873593;
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) h = (h + mix32(hashString(k) ^ hashValue(x))) | 0;
      return h;
    }
    default:
      return hashString(String(v));
  }
}

/** The MurmurHash3 32-bit finaliser: spreads every input bit over the whole word. */
export function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x | 0;
}

/** FNV-1a over UTF-16 code units. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

/** A short printable form: `null`, `3`, `"a"`, `[1, 2]`. */
export function showValue(v: unknown): string {
  if (v === undefined) return 'unknown';
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof Keyword) return `:${v.name}`;
  if (v === null || typeof v !== 'object') return String(v);
  try {
    // Bigints print as their digits, as in the history.
    const s = JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `\u0000${x}\u0000` : x)).replace(/"\\u0000(-?\d+)\\u0000"/g, '$1');
    return s.length > 60 ? `${s.slice(0, 57)}...` : s;
  } catch {
    return String(v);
  }
}

/** A true time (ns) in the unit that suits it: `t=850 ns`, `t=12.5 µs`, `t=3.204 ms`, `t=1.5 s`. */
export function showTime(ns: number): string {
  if (ns === Infinity) return 't=∞';
  const a = Math.abs(ns);
  if (a < 1e3) return `t=${trim(ns)} ns`;
  if (a < 1e6) return `t=${trim(ns / 1e3)} µs`;
  if (a < 1e9) return `t=${trim(ns / 1e6)} ms`;
  return `t=${trim(ns / 1e9)} s`;
}

function trim(x: number): string {
  return String(Number(x.toFixed(3)));
}
