/**
 * The monitors' copy of one node's log: the term at each index and a rolling hash of the whole
 * prefix up to it. Two logs with equal prefix hashes at an index agree on every entry up to it,
 * so comparing logs costs O(1) per entry instead of a walk back to the start.
 */

/** The prefix hash of a prefix the monitors never saw (after installing an unknown snapshot). */
export const UNKNOWN_HASH = -1;

const EMPTY_PREFIX = 0x2545f491;

/** FNV-1a of a digest string (0 when there is none). */
export function digestHash(digest: string | undefined): number {
  if (digest === undefined) return 0;
  let h = 0x811c9dc5;
  for (let i = 0; i < digest.length; i++) {
    h ^= digest.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** The hash of a prefix extended by one entry; unknown stays unknown. */
export function extendHash(prev: number, term: number, digest: number): number {
  if (prev === UNKNOWN_HASH) return UNKNOWN_HASH;
  let h = Math.imul(prev ^ term, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 15) ^ digest, 0x85ebca77);
  h ^= h >>> 13;
  // 30 bits keep the values small integers (cheap to store); a collision could only hide a
  // violation, never invent one.
  return h & 0x3fffffff;
}

export class LogMirror {
  /** Index and term the log starts after (a snapshot; 0, 0 for none), and the hash there. */
  private base = 0;
  private baseTerm = 0;
  private baseHash = EMPTY_PREFIX;
  private terms: number[] = [];
  private hashes: number[] = [];

  lastIndex(): number {
    return this.base + this.terms.length;
  }

  firstKnown(): number {
    return this.base;
  }

  /** The term at `index`, or undefined when it is before the known part or past the end. */
  termAt(index: number): number | undefined {
    if (index === this.base) return this.baseTerm;
    if (index < this.base) return undefined;
    return this.terms[index - this.base - 1];
  }

  hashAt(index: number): number {
    if (index === this.base) return this.baseHash;
    if (index < this.base) return UNKNOWN_HASH;
    return this.hashes[index - this.base - 1] ?? UNKNOWN_HASH;
  }

  /** Writes one entry, dropping everything from its index on first. */
  write(index: number, term: number, digest: number): void {
    if (index <= this.base) return;
    const last = this.lastIndex();
    if (index > last + 1) {
      // The host skipped entries: what came before is unknown from here on.
      this.reset(index - 1, -1, UNKNOWN_HASH);
    } else if (index <= last) {
      this.terms.length = index - this.base - 1;
      this.hashes.length = index - this.base - 1;
    }
    const prev = this.hashAt(index - 1);
    this.terms.push(term);
    this.hashes.push(extendHash(prev, term, digest));
  }

  /** Drops entries after `lastIndex`. */
  truncate(lastIndex: number): void {
    if (lastIndex >= this.lastIndex()) return;
    if (lastIndex < this.base) {
      this.reset(lastIndex, lastIndex === 0 ? 0 : -1, lastIndex === 0 ? EMPTY_PREFIX : UNKNOWN_HASH);
      return;
    }
    this.terms.length = lastIndex - this.base;
    this.hashes.length = lastIndex - this.base;
  }

  /** Replaces the log with a snapshot at (index, term) whose prefix hash is `hash`. */
  reset(index: number, term: number, hash: number): void {
    this.base = index;
    this.baseTerm = term;
    this.baseHash = index === 0 ? EMPTY_PREFIX : hash;
    this.terms = [];
    this.hashes = [];
  }
}
