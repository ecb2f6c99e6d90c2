/**
 * What the monitors know about the cluster as a run goes: each node's log mirror and last known
 * term, role and commit, and the committed log (who first saw each index committed, with which
 * entry and in which term). Shared by the property monitors; updated by `RaftMonitor`.
 */
import type { Violation } from '../history.js';
import { LogMirror } from './log-mirror.js';
import type { RaftProperty } from './observations.js';

export class NodeView {
  readonly log = new LogMirror();
  term = 0;
  role = 'follower';
  commit = 0;
  /** Commit indices up to here were registered in, or compared with, the committed log. */
  commitChecked = 0;
  /** The term this node was last seen leading, or -1. */
  leadingTerm = -1;

  constructor(readonly id: string) {}
}

export interface CommittedEntry {
  readonly term: number;
  readonly hash: number;
  /** The reporting node's term when it saw the index committed (≥ the term it committed in). */
  readonly commitTerm: number;
  readonly node: string;
  readonly t: number;
}

/**
 * The first commit seen of every index. Commit terms only grow with the index in a sane run;
 * `boundaries` keeps, per commit term, the highest index committed in that term or earlier, so
 * "the newest entry committed before term T" is a binary search.
 */
export class CommittedLog {
  private readonly entries: (CommittedEntry | undefined)[] = [];
  private readonly boundaries: { term: number; upTo: number }[] = [];
  top = 0;

  get(index: number): CommittedEntry | undefined {
    return this.entries[index];
  }

  record(index: number, entry: CommittedEntry): void {
    this.entries[index] = entry;
    if (index <= this.top) return;
    this.top = index;
    const last = this.boundaries[this.boundaries.length - 1];
    if (last && entry.commitTerm <= last.term) last.upTo = index;
    else this.boundaries.push({ term: entry.commitTerm, upTo: index });
  }

  /** The highest index seen committed in a term before `term` (0 if none). */
  lastCommittedBefore(term: number): number {
    let lo = 0;
    let hi = this.boundaries.length - 1;
    let found = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const b = this.boundaries[mid]!;
      if (b.term < term) {
        found = b.upTo;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }
}

/** Collects violations, at most `limit` per property, so a broken run cannot flood a report. */
export class ViolationLog {
  readonly list: Violation[] = [];
  private readonly counts = new Map<RaftProperty, number>();
  /** Violations found beyond the limit, per property. */
  readonly suppressed = new Map<RaftProperty, number>();

  /** What each property has already reported, by the monitor's own key (one report each). */
  private readonly keys = new Set<string>();

  constructor(private readonly limit: number) {}

  /** Whether `property` already reported the violation named `key`. */
  wasReported(property: RaftProperty, key: string | number): boolean {
    return this.keys.has(`${property}\u0000${key}`);
  }

  /** True the first time `property` asks about `key`, false after: one violation, one report. */
  firstTime(property: RaftProperty, key: string | number): boolean {
    const k = `${property}\u0000${key}`;
    if (this.keys.has(k)) return false;
    this.keys.add(k);
    return true;
  }

  report(
    property: RaftProperty,
    at: number,
    explanation: string,
    detail: Record<string, unknown>,
    ops: number[] = [],
  ): void {
    const n = this.counts.get(property) ?? 0;
    this.counts.set(property, n + 1);
    if (n >= this.limit) {
      this.suppressed.set(property, (this.suppressed.get(property) ?? 0) + 1);
      return;
    }
    this.list.push({ kind: 'RAFT', checker: `raft:${property}`, explanation, ops, at, detail });
  }
}

/** True time for explanations: milliseconds with microsecond precision. */
export function fmtTime(t: number): string {
  return `${(t / 1e6).toFixed(3)} ms`;
}
