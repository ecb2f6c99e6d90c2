/**
 * Log Matching: if two logs hold an entry with the same index and term, they are identical up to
 * that index. Each written entry's prefix hash is compared with the first one seen for the same
 * (index, term).
 */
import type { NodeView, ViolationLog } from './cluster-view.js';
import { UNKNOWN_HASH } from './log-mirror.js';

interface FirstSeen {
  readonly hash: number;
  readonly node: NodeView;
}

export class LogMatching {
  /** The first (term, prefix hash) written at each index; other terms there go to `others`. */
  private readonly firstTerm: number[] = [];
  private readonly firstSeen: FirstSeen[] = [];
  private readonly others = new Map<string, FirstSeen>();

  constructor(private readonly out: ViolationLog) {}

  written(t: number, node: NodeView, index: number, term: number): void {
    const hash = node.log.hashAt(index);
    if (hash === UNKNOWN_HASH) return;
    let seen: FirstSeen | undefined;
    if (this.firstTerm[index] === undefined) {
      this.firstTerm[index] = term;
      this.firstSeen[index] = { hash, node };
      return;
    }
    if (this.firstTerm[index] === term) {
      seen = this.firstSeen[index];
    } else {
      const key = `${index}:${term}`;
      seen = this.others.get(key);
      if (!seen) {
        this.others.set(key, { hash, node });
        return;
      }
    }
    if (!seen || seen.hash === hash || seen.node === node) return;
    const where = seen.node.log.hashAt(index) === seen.hash ? this.firstDifference(seen.node, node, index) : null;
    // One divergence shows at every later index the two logs share; report it once.
    const key = `${seen.node.id}:${node.id}:${where ?? index}`;
    if (!this.out.firstTime('log-matching', key)) return;
    const how =
      where === index
        ? 'with different commands'
        : `but their logs differ before it${where === null ? '' : ` (first at index ${where})`}`;
    this.out.report(
      'log-matching',
      t,
      `${seen.node.id} and ${node.id} both hold an entry of term ${term} at index ${index}, ${how}.`,
      { index, term, nodes: [seen.node.id, node.id], firstDifference: where },
    );
  }

  /** The prefix hash first seen for (index, term), if any node wrote that entry. */
  hashOf(index: number, term: number): number | undefined {
    if (this.firstTerm[index] === term) return this.firstSeen[index]!.hash;
    return this.others.get(`${index}:${term}`)?.hash;
  }

  /** Where two logs first differ below `index`, if both still show it. */
  private firstDifference(a: NodeView, b: NodeView, index: number): number | null {
    const floor = Math.max(a.log.firstKnown(), b.log.firstKnown());
    for (let i = index; i > floor; i--) {
      if (a.log.hashAt(i - 1) === b.log.hashAt(i - 1) && a.log.hashAt(i - 1) !== UNKNOWN_HASH) return i;
    }
    return null;
  }
}
