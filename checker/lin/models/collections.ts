/**
 * The collection models Jepsen users check with Knossos: a counter, a set, an unordered queue and
 * a FIFO queue. Each is one object (no keys), in Jepsen's op shapes.
 */
import { hashValue, sameValue, showValue } from '../values.js';
import { anyOf, defineModel } from './define.js';
import { onePart } from './partition.js';

/** `add n` (an integer, default 1) and `read` → the total; starts at `initial` (default 0). */
export function counterModel(opts: { initial?: number | bigint } = {}) {
  return defineModel<number | bigint>({
    name: 'counter',
    fs: ['add', 'read'],
    init: opts.initial ?? 0,
    step(total, op) {
      if (op.f === 'read') return !op.known || sameValue(total, op.output) ? total : undefined;
      const n = op.input == null ? 1 : (op.input as number | bigint);
      return typeof total === 'bigint' || typeof n === 'bigint' ? normal(BigInt(total) + BigInt(n)) : total + n;
    },
    describeState: (total) => `the counter at ${showValue(total)}`,
    reject: (op) =>
      op.f === 'add' && op.input != null && !isInteger(op.input) ? `add needs an integer, got ${showValue(op.input)}` : null,
    partition: onePart,
    readOnly: (op) => op.f === 'read',
  });
}

/** `add x` and `read` → every element added so far, in any order (sets are compared as sets). */
export function setModel() {
  return defineModel<readonly unknown[]>({
    name: 'set',
    fs: ['add', 'read'],
    init: [],
    step(elements, op) {
      if (op.f === 'read') return !op.known || sameSet(elements, op.output as unknown[]) ? elements : undefined;
      return elements.some((e) => sameValue(e, op.input)) ? elements : sortedByHash([...elements, op.input]);
    },
    describeState: (elements) => `the set ${showValue(elements)}`,
    reject: (op) => (op.f === 'read' && op.known && !Array.isArray(op.output) ? `a set read returns a list, got ${showValue(op.output)}` : null),
    partition: onePart,
    readOnly: (op) => op.f === 'read',
  });
}

/**
 * `enqueue x` and `dequeue` → an element: any element present (unordered), or the oldest (FIFO).
 * A `dequeue` that returns nil found the queue empty. Queues are multisets / sequences of values.
 */
export function queueModel(order: 'unordered' | 'fifo') {
  const name = order === 'fifo' ? 'fifo-queue' : 'unordered-queue';
  return defineModel<readonly unknown[]>({
    name,
    fs: ['enqueue', 'dequeue'],
    init: [],
    nondeterministic: order === 'unordered',
    step(queue, op) {
      if (op.f === 'enqueue') return order === 'fifo' ? [...queue, op.input] : sortedByHash([...queue, op.input]);
      if (op.known && op.output == null) return queue.length === 0 ? queue : undefined;
      if (queue.length === 0) return undefined;
      if (order === 'fifo') return !op.known || sameValue(queue[0], op.output) ? queue.slice(1) : undefined;
      if (op.known) {
        const i = queue.findIndex((x) => sameValue(x, op.output));
        return i < 0 ? undefined : [...queue.slice(0, i), ...queue.slice(i + 1)];
      }
      // An unknown dequeue took some element, which one nobody knows.
      return anyOf(queue.map((_, i) => [...queue.slice(0, i), ...queue.slice(i + 1)]));
    },
    describeState: (queue) => (queue.length === 0 ? `the ${name} empty` : `the ${name} holding ${showValue(queue)}`),
    partition: onePart,
  });
}

/** A canonical order for multisets, so equal contents are equal states. */
function sortedByHash(values: unknown[]): unknown[] {
  return values.sort((a, b) => hashValue(a) - hashValue(b) || (sameValue(a, b) ? 0 : String(showValue(a)) < String(showValue(b)) ? -1 : 1));
}

function sameSet(a: readonly unknown[], b: readonly unknown[]): boolean {
  const distinct = b.filter((x, i) => b.findIndex((y) => sameValue(x, y)) === i);
  return distinct.length === a.length && distinct.every((x) => a.some((y) => sameValue(x, y)));
}

function isInteger(v: unknown): boolean {
  return typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v));
}

/** A bigint that fits a double exactly goes back to being a number, so equal totals are equal. */
function normal(n: bigint): number | bigint {
  return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
}
