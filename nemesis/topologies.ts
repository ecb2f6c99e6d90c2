/**
 * Partition shapes as grudges: the directed pairs [from, to] whose packets the network drops.
 * Pure functions of their inputs; whoever calls them has already resolved and ordered the nodes.
 */

export type Pair = [string, string];

/** A partition: the cut pairs, and the components it leaves (for traces and reports). */
export interface Cut {
  pairs: Pair[];
  /** Groups whose members hear each other and no one outside (a bridge's hub is in both). */
  components?: string[][];
  /** For cuts that are not groups (the majorities ring): whom each node still hears. */
  hears?: Record<string, string[]>;
}

/** Every directed pair between two disjoint groups, both ways. */
export function cutBetween(a: readonly string[], b: readonly string[]): Pair[] {
  const pairs: Pair[] = [];
  for (const x of a) {
    for (const y of b) {
      if (x === y) continue;
      pairs.push([x, y], [y, x]);
    }
  }
  return pairs;
}

/** Every directed pair from one group to another, one way only. */
export function cutOneWay(from: readonly string[], to: readonly string[]): Pair[] {
  const pairs: Pair[] = [];
  for (const x of from) for (const y of to) if (x !== y) pairs.push([x, y]);
  return pairs;
}

/** Components that cannot hear each other; nodes inside one component hear each other. */
export function completeCut(components: readonly (readonly string[])[]): Cut {
  const pairs: Pair[] = [];
  components.forEach((a, i) => {
    components.forEach((b, j) => {
      if (i !== j) for (const x of a) for (const y of b) pairs.push([x, y]);
    });
  });
  return { pairs, components: components.map((c) => [...c]) };
}

/** The first (smaller) half against the rest. */
export function halves(nodes: readonly string[]): Cut {
  const k = Math.floor(nodes.length / 2);
  if (k === 0) return { pairs: [] };
  return completeCut([nodes.slice(0, k), nodes.slice(k)]);
}

/** The group cut off from the others, both ways. */
export function isolate(group: readonly string[], others: readonly string[]): Cut {
  const rest = others.filter((n) => !group.includes(n));
  return { pairs: cutBetween(group, rest), components: [[...group], rest] };
}

/**
 * Two halves that cannot see each other and one node (the first of the larger half) that both
 * can see. Needs three nodes; fewer give no cut.
 */
export function bridge(nodes: readonly string[]): Cut {
  if (nodes.length < 3) return { pairs: [] };
  const k = Math.floor(nodes.length / 2);
  const left = nodes.slice(0, k);
  const hub = nodes[k] as string;
  const right = nodes.slice(k + 1);
  return { pairs: cutBetween(left, right), components: [[...left, hub], [hub, ...right]] };
}

/**
 * Every node hears a majority, and no two nodes hear the same majority: put the nodes on a ring;
 * the node at position i hears only the majority-sized window that starts at i. The cuts are one
 * way (i may hear j while j does not hear i), which is what lets the windows all differ. Needs
 * three nodes; fewer give no cut.
 */
export function majoritiesRing(nodes: readonly string[]): Cut {
  const n = nodes.length;
  if (n < 3) return { pairs: [] };
  const m = Math.floor(n / 2) + 1;
  const pairs: Pair[] = [];
  const hears: Record<string, string[]> = {};
  for (let i = 0; i < n; i++) {
    const window = new Set<number>();
    for (let d = 0; d < m; d++) window.add((i + d) % n);
    hears[nodes[i] as string] = [...window].map((j) => nodes[j] as string);
    for (let j = 0; j < n; j++) if (!window.has(j)) pairs.push([nodes[j] as string, nodes[i] as string]);
  }
  return { pairs, hears };
}

/** De-duplicates pairs, keeping the first occurrence's order. */
export function uniquePairs(pairs: readonly Pair[]): Pair[] {
  const seen = new Set<string>();
  const out: Pair[] = [];
  for (const [a, b] of pairs) {
    const key = `${a}>${b}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push([a, b]);
  }
  return out;
}
