/**
 * Zobrist keys: one fixed pseudo-random word per op id. The XOR of the keys of the linearized
 * ops is a hash of the linearized set that updates in O(1) as ops are added and removed.
 */

let table = new Int32Array(0);

/** Keys for op ids 0..n-1; the same ids always get the same keys. */
export function zobristKeys(n: number): Int32Array {
  if (table.length < n) {
    const grown = new Int32Array(Math.max(n, table.length * 2, 64));
    grown.set(table);
    for (let i = table.length; i < grown.length; i++) grown[i] = splitmix32(i);
    table = grown;
  }
  return table;
}

/** splitmix32 applied to a counter: a fixed, well-spread sequence (not a random source). */
function splitmix32(i: number): number {
  let z = (Math.imul(i + 1, 0x9e3779b9) + 0x7f4a7c15) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) | 0;
}
